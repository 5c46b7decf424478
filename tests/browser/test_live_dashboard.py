"""The project team's live dashboard in the browser: during the fair it
refreshes itself, on a projector too; after the fair it shows the final
figures and the report opens with them. At 320 and 1280 px, with axe."""

import os
from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command

from fairs.schedule import AMSTERDAM

from .axe import assert_accessible
from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [320, 1280]
LIVE = "/regio/twente/live/"


def _demo_at(moment):
    # The clock ticks: the live server runs in this process and sees it.
    with time_machine.travel(moment, tick=True):
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        yield


@pytest.fixture
def morning(transactional_db):
    yield from _demo_at(datetime(2026, 12, 1, 11, tzinfo=AMSTERDAM))


@pytest.fixture
def afternoon(transactional_db):
    yield from _demo_at(datetime(2026, 12, 1, 15, tzinfo=AMSTERDAM))


def _fits(page, width):
    # Reflow (WCAG 1.4.10): no sideways scrolling at 320 CSS pixels.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_the_dashboard_during_the_fair_and_on_a_projector(page, morning, width):
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, "projectteam@demo.nl")
    # The project team's dashboard puts the open fair on top.
    page.goto("/mijn-banenmarkt/")
    page.locator(f'a[href="{LIVE}"]').first.click()
    page.wait_for_url(f"**{LIVE}")
    figures = page.locator("#live-figures")
    assert figures.get_attribute("data-polling") is not None
    assert figures.get_attribute("aria-live") == "off"
    assert page.locator(".buckets__bar").count() == 18
    assert page.locator("#national-figures").is_visible()
    assert "11:" in page.title()
    # The numbers behind the bars, for whoever cannot see them.
    page.locator(".buckets__details summary").first.click()
    assert page.locator("#region-buckets-table tbody tr").count() == 18
    assert_accessible(page)
    _fits(page, width)

    page.goto(f"{LIVE}?weergave=scherm")
    assert page.locator("body.projector").count() == 1
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".subnav").count()
    assert_accessible(page)
    _fits(page, width)
    if width == 1280:
        # The figures refresh themselves in place, in the projector view too.
        with page.expect_request(
            lambda request: (
                "deel=cijfers" in request.url and "weergave=scherm" in request.url
            ),
            timeout=25_000,
        ):
            pass
        for _ in range(50):
            if page.evaluate("!!document.querySelector('#live-figures[data-polling]')"):
                break
            page.wait_for_timeout(100)
        assert page.locator("body.projector #live-figures").count() == 1
        assert "11:" in page.title()


@pytest.mark.parametrize("width", WIDTHS)
def test_after_the_fair_the_final_figures_and_the_report(page, afternoon, width):
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, "projectteam@demo.nl")
    page.goto(LIVE)
    assert page.locator("#live-figures").get_attribute("data-polling") is None
    assert page.locator("#live-figures").get_attribute("hx-get") is None
    assert page.locator(".live__next").is_visible()
    assert_accessible(page)
    _fits(page, width)
    page.locator(".live__actions a[href*='/verslag/']").click()
    page.wait_for_url("**/verslag/")
    assert page.locator("#morning .buckets__bar").count() == 18
    assert page.locator("#morning [data-figure='posts']").is_visible()
    assert_accessible(page)
    _fits(page, width)

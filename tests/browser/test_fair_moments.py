"""The fair that matters now, in the browser: after closing on a fair day the
board stays on that fair with the next one beside it, and "Na de
banenmarkt" opens on it with figures per fair; at 320 and 1280 px."""

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


@pytest.fixture
def afternoon(transactional_db):
    """A fair day at 15:00, the clock ticking (the live server runs in this
    process, so it sees the same moment)."""
    with time_machine.travel(datetime(2026, 12, 1, 15, tzinfo=AMSTERDAM), tick=True):
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        yield


@pytest.fixture
def morning(transactional_db):
    with time_machine.travel(datetime(2026, 12, 1, 11, tzinfo=AMSTERDAM), tick=True):
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        yield


def _page(browser, live_server, width):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": 800},
        locale="nl-NL",
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


def _fits(page, width):
    # Reflow (WCAG 1.4.10): no sideways scrolling at 320 CSS pixels.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_board_after_closing_keeps_the_fair_and_shows_the_next(
    browser, live_server, afternoon, width
):
    context, page = _page(browser, live_server, width)
    log_in(page, "werkzoekende@demo.nl")
    page.goto("/regio/twente/prikbord/")
    board = page.locator("main")
    assert "dinsdag 1 december 2026" in page.locator(".board-edition").inner_text()
    assert board.get_by_text("Deze banenmarkt is gesloten").is_visible()
    assert page.locator("ol.posts > li").count() > 5
    next_fair = page.get_by_role("region", name="De volgende banenmarkt")
    assert "2 februari 2027" in next_fair.inner_text()
    assert next_fair.get_by_role("link").count() >= 2
    _fits(page, width)
    assert_accessible(page)

    next_fair.get_by_role(
        "link", name="Alle berichten voor de volgende banenmarkt"
    ).click()
    assert page.get_by_text("Deze banenmarkt is nog niet open.").is_visible()
    page.get_by_role("link", name="Terug naar de banenmarkt van nu").click()
    assert page.get_by_text("Deze banenmarkt is gesloten").is_visible()

    page.goto("/regio/rijk-van-nijmegen/prikbord/")
    assert page.get_by_text("Je kunt een bericht nu al klaarzetten").is_visible()
    _fits(page, width)
    assert_accessible(page)

    page.goto("/mijn-banenmarkt/")
    assert page.get_by_text("Laatste banenmarkt:").first.is_visible()
    _fits(page, width)
    assert_accessible(page)
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_after_fair_opens_on_the_fair_that_just_closed(
    browser, live_server, afternoon, width
):
    context, page = _page(browser, live_server, width)
    log_in(page, "projectteam@demo.nl")
    page.goto("/regio/rijk-van-nijmegen/na-afloop/")
    last = page.get_by_role("region", name="De laatste banenmarkt")
    assert "dinsdag 1 december 2026" in last.inner_text()
    table = page.get_by_role("table", name="Alle banenmarkten met hun cijfers")
    first_row = table.locator("tbody tr").first
    cells = first_row.locator("td").all_inner_texts()
    assert "1 december 2026" in cells[0]
    assert int(cells[1]) > 0 and int(cells[2]) > 0 and int(cells[3]) == 1
    _fits(page, width)
    assert_accessible(page)
    last.get_by_role("link", name="Nabellijst").click()
    assert page.get_by_text("1 van 2 gebeld").is_visible()
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_board_during_the_fair_is_open(browser, live_server, morning, width):
    context, page = _page(browser, live_server, width)
    log_in(page, "werkgever@demo.nl")
    page.goto("/regio/twente/prikbord/")
    assert page.locator(".board-edition").get_by_text("Nu open").is_visible()
    assert page.locator("ol.posts > li").count() > 3
    assert page.get_by_role("region", name="De volgende banenmarkt").count() == 0
    _fits(page, width)
    assert_accessible(page)
    context.close()

"""The public fair page in the browser (docs/fair-page.md): before, during
and after the fair for an anonymous visitor, at 320 and 1280 px with axe;
during the fair the counters refresh without a reload."""

import os
from datetime import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command

from fairs import services
from fairs.models import Post
from fairs.schedule import AMSTERDAM
from members.models import Membership

from ..fairs.conftest import vacancy_fields
from .axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BEFORE = datetime(2026, 11, 30, 12, tzinfo=AMSTERDAM)
LIVE = datetime(2026, 12, 1, 11, tzinfo=AMSTERDAM)
AFTER = datetime(2026, 12, 1, 15, tzinfo=AMSTERDAM)


@pytest.fixture
def at(request, transactional_db):
    """The demo loaded at `request.param`, the clock ticking on from there
    (the live server runs in this process, so it sees the same moment)."""
    with time_machine.travel(request.param, tick=True):
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        yield request.param


def _page(browser, live_server, width):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": 800},
        locale="nl-NL",
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


def _fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize(
    ("at", "width"),
    [(BEFORE, 320), (LIVE, 320), (LIVE, 1280), (AFTER, 1280), (AFTER, 320)],
    indirect=["at"],
)
def test_the_fair_page_in_each_phase(browser, live_server, at, width):
    context, page = _page(browser, live_server, width)
    if at == LIVE:
        # The banner on every page leads to the fair page.
        page.goto("/kalender/")
        page.locator(".live-banner a").click()
        page.wait_for_url("**/beurs/")
        assert page.locator(".fair-hero .badge--live").is_visible()
        assert 1 <= page.locator(".fair-teaser > li").count() <= 6
        assert page.locator("#fair-counters[hx-trigger]").count() == 1
    else:
        page.goto("/beurs/2026-12-01/")
        assert page.locator(".live-banner").count() == 0
        if at == BEFORE:
            assert page.locator("[data-opens-at]").is_visible()
            assert page.locator("#fair-counters").count() == 0
        else:
            assert page.locator('[data-counter="follow-up"]').is_visible()
    assert page.locator("svg.qr").is_visible()
    _fits(page, width)
    assert_accessible(page)
    # A region's own page of the same fair.
    page.locator(".fair-regions a").first.click()
    page.wait_for_url("**/regio/*/beurs/*/")
    assert page.locator(".breadcrumb").is_visible()
    _fits(page, width)
    assert_accessible(page)
    context.close()


@pytest.mark.parametrize("at", [LIVE], indirect=True)
def test_the_counters_refresh_without_a_reload(browser, live_server, at):
    context, page = _page(browser, live_server, 1280)
    page.goto("/beurs/")
    counter = page.locator('[data-counter="vacancies"]')
    before = int(counter.inner_text())
    page.evaluate("window.notReloaded = true")

    employer = Membership.objects.filter(
        user__email="werkgever@demo.nl", status=Membership.Status.ACTIVE
    ).first()
    services.post_create(
        author=employer.user,
        kind=Post.Kind.VACANCY,
        regions=[employer.region],
        fields=vacancy_fields(title="Net geplaatst"),
    )
    cache.clear()  # not wait for the shared copy to expire as well

    for _ in range(60):
        if int(counter.inner_text()) == before + 1:
            break
        page.wait_for_timeout(500)
    assert int(counter.inner_text()) == before + 1
    assert page.evaluate("window.notReloaded === true")
    context.close()

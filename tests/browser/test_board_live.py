"""The live board: a job seeker has the board open during the fair; a vacancy
published meanwhile appears on top without a reload, focus stays where it
was, and the polite status line announces it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fairs import services
from fairs.models import Edition, Region
from members.models import User

from ..fairs.conftest import vacancy_fields
from .axe import assert_accessible
from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Heftruckchauffeur, vandaag nog beginnen"


def _wait_for(page, script: str, seconds: int = 25) -> bool:
    """Poll the page (the CSP blocks Playwright's wait_for_function)."""
    for _ in range(seconds * 4):
        if page.evaluate(script):
            return True
        page.wait_for_timeout(250)
    return False


@pytest.mark.parametrize("width", [1280, 320])
def test_a_new_post_appears_on_the_open_board(page, demo, settings, width):
    settings.BOARD_POLL_SECONDS = 1
    twente = Region.objects.get(slug="twente")
    now = timezone.now()
    Edition.objects.create(
        region=twente,
        kind=Edition.Kind.EXTRA,
        title="Extra banenmarkt",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "werkzoekende@demo.nl")
    page.goto("/regio/twente/prikbord/")
    assert page.locator("#board-poller[hx-get]").count() == 1
    assert_accessible(page)
    # A marker that a reload would lose, and focus on the search field.
    page.evaluate("window.boardStayed = true")
    page.locator("#id_q").focus()

    services.post_create(
        author=User.objects.get(email="werkgever@demo.nl"),
        kind="vacancy",
        regions=[twente],
        fields=vacancy_fields(title=TITLE, organisation="Bakkerij Hengelo"),
    )

    assert _wait_for(
        page,
        f"document.querySelector('#board-posts > li')?.textContent.includes({TITLE!r})",
    ), "the new post did not appear on top"
    assert page.evaluate("window.boardStayed === true"), "the page was reloaded"
    assert page.evaluate("document.activeElement.id") == "id_q"
    status = page.locator("#board-live-status")
    assert status.get_attribute("role") == "status"
    assert status.text_content().strip().startswith("1 ")
    # The new card carries the "New" label.
    assert page.locator("#board-posts > li").first.locator(".badge--new").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)

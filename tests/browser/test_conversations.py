"""A job seeker reacts on a vacancy; the employer answers from "Mijn
gesprekken" in place (htmx, no page load); the job seeker finds the answer
as new in her own "Mijn gesprekken". Accessible at 320 and 1280 px."""

import pytest

from fairs import services as fair_services
from fairs.models import Post, Reaction
from members.models import Membership

from ..fairs.conftest import vacancy_fields
from .axe import assert_accessible
from .helpers import field, log_in
from .test_reflow import NAV_ITEMS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check_widths(page) -> None:
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        assert page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth"
        )


def test_answer_in_place_and_seen_as_new(browser, live_server, demo, page):
    employer = Membership.objects.get(
        user__email="werkgever@demo.nl", region__slug="twente"
    )
    vacancy = fair_services.post_create(
        author=employer.user,
        kind=Post.Kind.VACANCY,
        regions=[employer.region],
        fields=vacancy_fields(title="Magazijnmedewerker voor de ochtend"),
    ).publications.get()

    seeker = browser.new_context(base_url=live_server.url, locale="nl-NL")
    seeker_page = seeker.new_page()
    log_in(seeker_page, "werkzoekende@demo.nl")
    seeker_page.goto(f"/regio/twente/prikbord/{vacancy.pk}/")
    field(seeker_page, "Je reactie").fill("Ik begin graag vroeg. Mag ik langskomen?")
    seeker_page.get_by_role("button", name="Reactie plaatsen").click()
    assert seeker_page.get_by_text("Je reactie is geplaatst.").is_visible()
    reaction = Reaction.objects.get(publication=vacancy, parent=None)

    log_in(page, "werkgever@demo.nl")
    page.goto("/mijn-gesprekken/")
    item = page.locator(f"#gesprek-{reaction.pk}")
    assert "conversation--unread" in item.get_attribute("class")
    assert "Mag ik langskomen?" in item.inner_text()
    _check_widths(page)
    item.locator("a[hx-get]").click()
    answer = page.locator(f"#gesprek-{reaction.pk}-text")
    answer.wait_for()
    page.evaluate("window.__no_reload = true")
    answer.fill("Welkom! Kom dinsdag om 8 uur.")
    page.locator(f"#gesprek-{reaction.pk} button[type=submit]").click()
    page.locator(f"#gesprek-{reaction.pk} .message--success").wait_for()
    # Answered in place: the same page, no reload.
    assert page.evaluate("window.__no_reload === true")
    assert page.url.endswith("/mijn-gesprekken/")
    assert (
        "Welkom! Kom dinsdag om 8 uur."
        in page.locator(f"#gesprek-{reaction.pk}").inner_text()
    )
    assert page.locator("#inbox-status").inner_text().strip()
    _check_widths(page)
    assert Reaction.objects.get(parent=reaction).author == employer.user

    seeker_page.goto("/mijn-gesprekken/")
    mine = seeker_page.locator(f"#gesprek-{reaction.pk}")
    assert "conversation--unread" in mine.get_attribute("class")
    assert "Welkom! Kom dinsdag om 8 uur." in mine.inner_text()
    _check_widths(seeker_page)
    # Her header shows the conversation that waits for her, on one line.
    nav = seeker_page.locator(".site-nav a.nav-count[href='/mijn-gesprekken/']")
    assert int(nav.locator(".count").inner_text()) >= 1  # the demo has more
    items = seeker_page.evaluate(NAV_ITEMS)
    assert max(top for top, _ in items) < min(bottom for _, bottom in items)
    seeker.close()

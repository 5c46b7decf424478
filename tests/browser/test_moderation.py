"""A moderator works the queue during a live fair."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from fairs import services as fair_services
from fairs.models import Post, Publication, Region
from moderation import services

from ..fairs.conftest import vacancy_fields
from .axe import assert_accessible
from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_fair(demo):
    twente = Region.objects.get(slug="twente")
    now = timezone.now()
    fair_services.edition_add_extra(
        region=twente,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
        title="Extra",
    )
    employer = get_user_model().objects.get(email="werkgever@demo.nl")
    return [
        fair_services.post_create(
            author=employer,
            kind=Post.Kind.VACANCY,
            regions=[twente],
            fields=vacancy_fields(title=title),
        ).publications.get()
        for title in ("Live vacature A", "Live vacature B", "Live vacature C")
    ]


def test_moderator_works_the_queue_during_a_live_fair(
    browser, live_server, page, live_fair
):
    _a, b, c = live_fair
    log_in(page, "beheerder@demo.nl")
    page.goto("/regio/twente/beheer/berichten/")
    assert page.get_by_text("De banenmarkt is open").is_visible()
    assert_accessible(page)

    # In place: the item says what happened, the status line tells.
    page.get_by_role("button", name="Gezien (Live vacature A)").click()
    page.locator("#queue-status", has_text="Gezien: Live vacature A").wait_for()
    assert page.get_by_role("link", name="Live vacature A", exact=True).count() == 0

    page.get_by_role("link", name="Verwijderen (Live vacature B)").click()
    page.get_by_label("Dubbel geplaatst").check()
    assert_accessible(page)
    page.get_by_role("button", name="Verwijderen (Live vacature B)").click()
    page.locator("#queue-status", has_text="Verwijderd: Live vacature B").wait_for()
    assert Publication.objects.get(pk=b.pk).status == "removed"

    # Another moderator likes C; the open queue marks it handled at its next
    # refresh, without a reload.
    other = get_user_model().objects.get(email="projectteam@demo.nl")
    services.publication_like(publication=c, moderator=other)
    page.get_by_role("link", name="Live vacature C", exact=True).wait_for(
        state="detached", timeout=25_000
    )

    member = browser.new_context(base_url=live_server.url, locale="nl-NL")
    member_page = member.new_page()
    log_in(member_page, "werkzoekende@demo.nl")
    member_page.goto("/regio/twente/prikbord/")
    assert member_page.get_by_role(
        "link", name="Live vacature A", exact=True
    ).is_visible()
    assert (
        member_page.get_by_role("link", name="Live vacature B", exact=True).count() == 0
    )
    member.close()


@pytest.mark.parametrize(
    ("email", "path"),
    [
        ("projectteam@demo.nl", "/regio/twente/beheer/berichten/"),
        ("projectteam@demo.nl", "/regio/twente/beheer/logboek/"),
        ("beheerder@demo.nl", "/regio/twente/beheer/verwijderd/"),
        ("beheerder@demo.nl", "/spelregels/"),
    ],
)
def test_moderation_pages_pass_axe(page, demo, email, path):
    log_in(page, email)
    page.goto(path)
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_publication_page_with_moderation_panel_passes_axe(page, demo):
    log_in(page, "projectteam@demo.nl")
    publication = Publication.objects.filter(
        region__slug="twente", status="published"
    ).first()
    page.goto(f"/regio/twente/prikbord/{publication.pk}/")
    assert page.get_by_role("heading", name="Moderatie").is_visible()
    assert_accessible(page)
    page.goto(f"/regio/twente/beheer/berichten/{publication.pk}/toelichting/")
    assert_accessible(page)

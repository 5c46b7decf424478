"""Join -> a moderator approves -> the member sees the region's board."""

import re

import pytest
from django.core import mail

from members.models import Membership

from .axe import assert_accessible
from .helpers import last_link_to, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_join_approve_and_see_the_board(browser, live_server, demo, page):
    # An outsider clicks "join", signs up and comes back to the request.
    page.goto("/regio/twente/")
    page.get_by_role("link", name="Lid worden van Twente").click()
    page.get_by_label("E-mailadres").fill("nieuwkomer@example.nl")
    page.get_by_label("Wachtwoord", exact=True).fill("een-sterk-wachtwoord-9")
    page.get_by_label("Wachtwoord (bevestigen)").fill("een-sterk-wachtwoord-9")
    page.get_by_role("button", name="Account maken").click()
    page.wait_for_url("**/accounts/confirm-email/")

    page.goto(
        last_link_to("nieuwkomer@example.nl").replace(
            "https://testserver", live_server.url
        )
    )
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url("**/regio/twente/lid-worden/")
    assert_accessible(page)

    page.get_by_label("Naam in de groep").fill("Werkzoekende Delden")
    page.get_by_label("Werkzoekende", exact=True).check()
    page.get_by_label("Woonplaats").fill("Delden")
    page.get_by_label("Korte introductie").fill("Ik zoek werk als kok.")
    page.get_by_role("button", name="Aanmelding versturen").click()
    page.wait_for_url("**/mijn-banenmarkt/")
    assert page.get_by_text("Wacht op goedkeuring").first.is_visible()
    assert_accessible(page)

    # A moderator approves it in the queue, in another browser.
    moderator = browser.new_context(base_url=live_server.url, locale="nl-NL")
    moderator_page = moderator.new_page()
    log_in(moderator_page, "beheerder@demo.nl")
    moderator_page.get_by_role("link", name=re.compile("^Taken")).click()
    assert moderator_page.url.endswith("/mijn-banenmarkt/#my-work")
    twente = moderator_page.locator(
        ".card", has=moderator_page.get_by_role("heading", name="Twente")
    )
    twente.get_by_role("link", name=re.compile("aanmelding")).click()
    assert_accessible(moderator_page)
    moderator_page.get_by_role("button", name="Werkzoekende Delden goedkeuren").click()
    assert moderator_page.get_by_text("1 aanmelding goedgekeurd.").is_visible()
    moderator.close()

    assert any(
        m.to == ["nieuwkomer@example.nl"] and "Je bent nu lid" in m.subject
        for m in mail.outbox
    )

    # The new member sees the board link.
    page.goto("/regio/twente/")
    page.get_by_role("link", name="Naar het prikbord").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Prikbord Twente"
    assert_accessible(page)


def test_odd_pseudonym_question_and_answer(browser, live_server, demo, page):
    log_in(page, "projectteam@demo.nl")
    page.goto("/regio/twente/beheer/aanmeldingen/")
    page.get_by_role("link", name="Vraag waarom (xX_DarkW0lf_Xx)").click()
    assert_accessible(page)
    page.get_by_role("button", name="Vraag versturen").click()
    assert page.get_by_text("Je vraag is verstuurd naar xX_DarkW0lf_Xx.").is_visible()
    assert page.get_by_role("heading", name="Wacht op antwoord").is_visible()

    person = browser.new_context(base_url=live_server.url, locale="nl-NL")
    person_page = person.new_page()
    log_in(person_page, "aanvrager3@demo.nl")
    person_page.goto("/mijn-banenmarkt/")
    person_page.get_by_role("link", name="Beantwoord de vraag").first.click()
    assert_accessible(person_page)
    person_page.get_by_label("Naam in de groep").fill("Werkzoekende Almelo")
    person_page.get_by_role("button", name="Antwoord versturen").click()
    # The answer is required: the form says so and keeps the new name.
    assert person_page.get_by_text("Controleer het formulier").is_visible()
    assert (
        person_page.get_by_label("Naam in de groep").input_value()
        == "Werkzoekende Almelo"
    )
    person_page.get_by_label("Je antwoord").fill("Ik wil liever anoniem meedoen.")
    person_page.get_by_role("button", name="Antwoord versturen").click()
    person_page.wait_for_url("**/mijn-banenmarkt/")
    person.close()

    page.reload()
    assert page.get_by_text("Ik wil liever anoniem meedoen.").is_visible()
    page.get_by_role("button", name="Werkzoekende Almelo goedkeuren").click()
    membership = Membership.objects.get(
        user__email="aanvrager3@demo.nl", region__slug="twente"
    )
    assert membership.status == Membership.Status.ACTIVE


@pytest.mark.parametrize(
    ("email", "path"),
    [
        ("beheerder@demo.nl", "/regio/twente/beheer/aanmeldingen/"),
        ("beheerder@demo.nl", "/regio/twente/leden/"),
        ("projectteam@demo.nl", "/regio/twente/beheer/rollen/"),
        ("werkzoekende@demo.nl", "/mijn-banenmarkt/"),
        ("werkzoekende@demo.nl", "/regio/twente/opzeggen/"),
        ("werkzoekende@demo.nl", "/regio/zuid-holland-centraal/lid-worden/"),
        ("werkzoekende@demo.nl", "/regio/twente/prikbord/"),
        ("wsp@demo.nl", "/mijn-banenmarkt/"),
    ],
)
def test_membership_pages_pass_axe(page, demo, email, path):
    log_in(page, email)
    page.goto(path)
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_moderator_forms_pass_axe_with_errors(page, demo):
    log_in(page, "beheerder@demo.nl")
    pending = Membership.objects.filter(region__slug="twente", status="pending").first()
    page.goto(f"/regio/twente/beheer/aanmeldingen/{pending.pk}/weigeren/")
    assert_accessible(page)
    page.get_by_label("Andere reden").check()
    page.get_by_role("button", name="Afwijzen").click()
    assert page.get_by_text("Leg de reden uit.").first.is_visible()
    assert_accessible(page)

    member = Membership.objects.filter(region__slug="twente", status="active").first()
    page.goto(f"/regio/twente/beheer/leden/{member.pk}/beeindigen/")
    assert_accessible(page)


def test_closed_region_from_outside(page, demo):
    """None of the demo members belongs to Zuid-Holland Centraal."""
    log_in(page, "werkzoekende@demo.nl")
    page.goto("/regio/zuid-holland-centraal/")
    assert page.get_by_role(
        "link", name="Lid worden van Zuid-Holland Centraal"
    ).is_visible()
    assert page.get_by_role("link", name="Naar het prikbord").count() == 0
    response = page.goto("/regio/zuid-holland-centraal/prikbord/")
    assert response.status == 403
    assert page.get_by_role("heading", name="Geen toegang").is_visible()

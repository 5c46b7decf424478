"""An employer publishes one vacancy to two regions, a job seeker reacts, the
employer replies."""

import pytest
from django.core import mail

from fairs.models import Post, Reaction
from members.models import Membership

from ..factories import MembershipFactory
from .axe import assert_accessible
from .helpers import field, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_publish_to_two_regions_react_and_reply(browser, live_server, demo, page):
    employer_membership = Membership.objects.get(
        user__email="werkgever@demo.nl", region__slug="twente"
    )
    MembershipFactory(
        user=employer_membership.user,
        region_id=Membership.objects.filter(
            region__slug="zuid-holland-centraal"
        ).values("region_id")[:1],
        kind=Membership.Kind.EMPLOYER,
        organisation="Bakkerij Hengelo",
        display_name="Bakkerij Hengelo",
    )

    log_in(page, "werkgever@demo.nl")
    page.goto("/plaatsen/vacature/?regio=twente")
    assert_accessible(page)
    assert page.get_by_label("Twente").is_checked()
    assert not page.get_by_label("Rijk van Nijmegen").is_checked()
    page.get_by_label("Zuid-Holland Centraal").check()
    field(page, "Functie").fill("Broodbakker voor de nacht")
    field(page, "Organisatie").fill("Bakkerij Hengelo")
    page.get_by_role("radio", name="Werkgever", exact=True).check()
    field(page, "Plaats").fill("Hengelo")
    field(page, "Uren per week").fill("36")
    field(page, "Soort contract").select_option("permanent")
    field(page, "Opleidingsniveau").select_option("mbo")
    field(page, "Sector").select_option("craft")
    field(page, "Wat is het werk?").fill(
        "Je bakt brood en banket in de nacht. Ervaring is mooi."
    )
    field(page, "Contactpersoon").fill("Henk Bakker")
    field(page, "E-mail").fill("henk@bakkerij.example")
    page.get_by_role("button", name="Plaatsen", exact=True).click()
    page.wait_for_url("**/mijn-banenmarkt/berichten/")
    assert page.get_by_text("Je bericht is geplaatst.").is_visible()
    assert_accessible(page)
    post = Post.objects.get(title="Broodbakker voor de nacht")
    assert {p.region.slug for p in post.publications.all()} == {
        "twente",
        "zuid-holland-centraal",
    }

    seeker = browser.new_context(base_url=live_server.url, locale="nl-NL")
    seeker_page = seeker.new_page()
    log_in(seeker_page, "werkzoekende@demo.nl")
    seeker_page.goto("/regio/twente/prikbord/")
    assert_accessible(seeker_page)
    field(seeker_page, "Zoeken").fill("broodbakker")
    seeker_page.get_by_role("button", name="Tonen").click()
    seeker_page.get_by_role(
        "link", name="Broodbakker voor de nacht", exact=True
    ).click()
    assert_accessible(seeker_page)
    field(seeker_page, "Je reactie").fill(
        "Ik heb 5 jaar in een bakkerij gewerkt. Mag ik langskomen?"
    )
    seeker_page.get_by_role("button", name="Reactie plaatsen").click()
    assert seeker_page.get_by_text("Je reactie is geplaatst.").is_visible()
    seeker.close()

    assert any(
        m.to == ["werkgever@demo.nl"] and "Broodbakker" in m.subject
        for m in mail.outbox
    )

    page.goto("/regio/twente/prikbord/")
    page.get_by_role("link", name="Broodbakker voor de nacht", exact=True).click()
    page.get_by_text("Antwoorden").first.click()
    page.get_by_label("Je antwoord").first.fill("Graag! Kom dinsdag om 10 uur.")
    page.get_by_role("button", name="Antwoord versturen").first.click()
    assert page.get_by_text("Graag! Kom dinsdag om 10 uur.").is_visible()
    reaction = Reaction.objects.get(publication__post=post, parent__isnull=True)
    assert reaction.followed_up_at is not None
    assert any(
        m.to == ["werkzoekende@demo.nl"] and "Antwoord op je reactie" in m.subject
        for m in mail.outbox
    )


@pytest.mark.parametrize(
    "path",
    [
        "/plaatsen/pitch/",
        "/plaatsen/pitch/stap-1/",
        "/regio/twente/prikbord/themahoeken/",
        "/prikbord/",
        "/mijn-banenmarkt/berichten/",
        "/regio/twente/prikbord/?kind=pitch&sector=care",
    ],
)
def test_board_pages_pass_axe(page, demo, path):
    log_in(page, "klantmanager@demo.nl")
    page.goto(path)
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_pitch_form_shows_privacy_tips_and_refuses_a_bsn(page, demo):
    log_in(page, "werkzoekende@demo.nl")
    page.goto("/plaatsen/pitch/")
    assert page.get_by_role("heading", name="Tips voor je privacy").is_visible()
    page.get_by_role("link", name="Begin bij stap 1").click()
    field(page, "Kop").fill("Verkoopster zoekt werk. Mijn BSN is 123456782.")
    field(page, "Woonplaats of omgeving").fill("Enschede")
    page.get_by_role("button", name="Volgende").click()
    assert page.get_by_text("Dat mogen we niet verwerken").first.is_visible()
    assert field(page, "Woonplaats of omgeving").input_value() == "Enschede"
    assert_accessible(page)

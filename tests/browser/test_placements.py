"""WSP staff download the vacancy list of the last fair, work the call-back
list and record placements."""

import re

import pytest
from openpyxl import load_workbook

from demo.accounts import PASSWORD

from .axe import assert_accessible
from .helpers import field, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_download_the_vacancy_list(page, demo, tmp_path):
    log_in(page, "wsp@demo.nl")
    page.goto("/regio/rijk-van-nijmegen/")
    page.goto("/regio/rijk-van-nijmegen/na-afloop/")
    assert_accessible(page)
    # An export asks for the password again first (docs/security.md).
    page.get_by_role("link", name="Excel").first.click()
    assert "/accounts/reauthenticate/" in page.url
    assert_accessible(page)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_download() as download:
        page.locator("input[name=password]").press("Enter")
    path = tmp_path / "lijst.xlsx"
    download.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Regio", "Banenmarkt", "Functie")
    assert len(rows) > 1
    assert {row[0] for row in rows[1:]} == {"Rijk van Nijmegen"}


def no_sideways_scroll(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [320, 1280])
def test_staff_log_a_call_and_record_its_placements_right_there(page, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "wsp@demo.nl")
    page.goto("/regio/rijk-van-nijmegen/na-afloop/")
    page.get_by_role("link", name="Nabellijst").first.click()
    assert page.get_by_text("1 van 2 gebeld").is_visible()
    assert page.get_by_text("nieuw", exact=True).first.is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Gesprek vastleggen (Flex Uitzendbureau)").click()
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text(
        "Controleer het formulier"
    ).is_visible()  # the outcome is required
    page.get_by_label("Bereikt", exact=True).check()
    page.get_by_label("Gemelde plaatsingen").fill("2")
    page.get_by_label("Notities").fill("Twee mensen gestart in de winkel.")
    page.get_by_role("button", name="Opslaan").click()

    # Two placements reported: recorded right there, prefilled and linked.
    assert page.get_by_text(
        "Het gesprek met Flex Uitzendbureau is opgeslagen."
    ).is_visible()
    assert page.get_by_role(
        "heading", name="Plaatsingen uit het gesprek met Flex Uitzendbureau"
    ).is_visible()
    assert page.get_by_text("0 van 2 plaatsingen vastgelegd").is_visible()
    assert field(page, "Werkgever").input_value() == "Flex Uitzendbureau"
    assert_accessible(page)
    no_sideways_scroll(page, width)
    # Only the field of the chosen way to name the job seeker shows.
    assert not field(page, "Naam").is_visible()
    page.get_by_label("Iemand anders (naam)").check()
    assert field(page, "Naam").is_visible() and not field(page, "Lid").is_visible()
    field(page, "Naam").fill("J. de Boer")
    field(page, "Startdatum").fill("2026-12-14")
    page.get_by_label("UWV", exact=True).check()
    page.get_by_role("button", name="Plaatsing vastleggen").click()
    assert page.get_by_text("Vul het nummer in van de vacature").first.is_visible()
    assert field(page, "Naam").input_value() == "J. de Boer"
    field(page, "Registratienummer vacature").fill("NIJ-2026-0043")
    page.get_by_role("button", name="Plaatsing vastleggen").click()
    assert page.get_by_text("Plaatsing 1 van 2 is vastgelegd.").is_visible()
    assert page.get_by_text("1 van 2 plaatsingen vastgelegd").is_visible()
    assert_accessible(page)

    page.get_by_label("Een lid").check()
    assert field(page, "Lid").is_visible() and not field(page, "Naam").is_visible()
    field(page, "Lid").select_option(index=1)
    field(page, "Startdatum").fill("2026-12-15")
    page.get_by_label("Gemeente", exact=True).check()
    field(page, "Registratienummer vacature").fill("NIJ-2026-0044")
    page.get_by_role("button", name="Plaatsing vastleggen").click()
    assert page.get_by_text("Plaatsing 2 van 2 is vastgelegd.").is_visible()
    assert page.get_by_text("2 van 2 gebeld").is_visible()
    assert page.get_by_text("2 van 2 vastgelegd").is_visible()

    # The register holds both; one is corrected, then deleted.
    page.goto("/regio/rijk-van-nijmegen/na-afloop/")
    page.get_by_role("link", name="Plaatsingen").first.click()
    assert page.get_by_role("cell", name="J. de Boer").is_visible()
    assert page.get_by_role("cell", name="NIJ-2026-0044").is_visible()
    page.get_by_role(
        "link", name=re.compile(r"^Wijzigen \(Flex Uitzendbureau, 14 december")
    ).click()
    assert page.get_by_label("Iemand anders (naam)").is_checked()
    assert_accessible(page)
    no_sideways_scroll(page, width)
    field(page, "Naam").fill("Jan de Boer")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("De plaatsing is verbeterd.").is_visible()
    assert page.get_by_role("cell", name="Jan de Boer").is_visible()
    page.get_by_role(
        "link", name=re.compile(r"^Verwijderen \(Flex Uitzendbureau, 14 december")
    ).click()
    assert_accessible(page)
    no_sideways_scroll(page, width)
    page.get_by_label("De plaatsing staat er twee keer in").check()
    page.get_by_role("button", name="Verwijderen").click()
    assert page.get_by_text("De plaatsing is verwijderd.").is_visible()
    assert not page.get_by_role("cell", name="Jan de Boer").count()


def test_the_placement_form_works_without_javascript(page_without_js, demo):
    page = page_without_js
    log_in(page, "wsp@demo.nl")
    page.goto("/regio/rijk-van-nijmegen/na-afloop/")
    page.get_by_role("link", name="Plaatsingen").first.click()
    # Both fields show, each under its own choice, saying when it counts.
    assert field(page, "Lid").is_visible() and field(page, "Naam").is_visible()
    assert page.get_by_text("Alleen als je „Een lid” kiest.").is_visible()
    page.get_by_label("Iemand anders (naam)").check()
    field(page, "Lid").select_option(index=1)  # chosen, but not what counts
    field(page, "Naam").fill("P. Jansen")
    field(page, "Werkgever").fill("Bakkerij Jansen")
    field(page, "Startdatum").fill("2026-12-14")
    page.get_by_label("UWV", exact=True).check()
    field(page, "Registratienummer vacature").fill("NIJ-2026-0050")
    page.get_by_role("button", name="Plaatsing vastleggen").click()
    assert page.get_by_text("De plaatsing is vastgelegd.").is_visible()
    assert page.get_by_role("cell", name="P. Jansen").is_visible()


def test_known_employers_page_passes_axe(page, demo):
    log_in(page, "projectteam@demo.nl")
    page.goto("/regio/rijk-van-nijmegen/na-afloop/bekende-werkgevers/")
    assert page.get_by_text("Flex Uitzendbureau").first.is_visible()
    assert_accessible(page)


def test_caseworker_sees_pitches_without_a_reaction(page, demo):
    log_in(page, "klantmanager@demo.nl")
    page.goto("/regio/twente/")
    page.goto("/regio/twente/pitches-zonder-reactie/")
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Pitches zonder reactie Twente"
    )
    assert page.get_by_role(
        "link", name="Enthousiaste verkoopster zoekt nieuw team"
    ).is_visible()
    assert_accessible(page)


def test_survey_page_passes_axe_and_thanks(page, demo):
    from fairs.models import Region
    from placements.models import SurveyInvitation

    from ..factories import MembershipFactory

    nijmegen = Region.objects.get(slug="rijk-van-nijmegen")
    edition = nijmegen.editions.order_by("starts_at").first()
    invitation = SurveyInvitation.objects.create(
        edition=edition,
        membership=MembershipFactory(region=nijmegen),
        token="browser-test-token",
    )
    page.goto(f"/enquete/{invitation.token}/")
    assert_accessible(page)
    page.get_by_role("group", name="Had je contact met een werkgever?").get_by_label(
        "Ja"
    ).check()
    page.get_by_role(
        "group", name="Werd je uitgenodigd voor een sollicitatiegesprek?"
    ).get_by_label("Nee").check()
    page.get_by_role("group", name="Heb je een baan gevonden?").get_by_label(
        "Nee"
    ).check()
    page.get_by_label("7", exact=True).check()
    page.get_by_label("Anoniem antwoorden").check()
    page.get_by_role("button", name="Antwoorden versturen").click()
    assert page.get_by_role("heading", name="Bedankt!").is_visible()
    assert_accessible(page)


def test_project_team_reads_the_edition_report(page, demo):
    log_in(page, "projectteam@demo.nl")
    page.goto("/regio/rijk-van-nijmegen/na-afloop/")
    page.get_by_role("link", name="Verslag").first.click()
    assert page.get_by_role("heading", name="Verslag Rijk van Nijmegen").is_visible()
    assert page.get_by_role("img", name="Vacatures per opleidingsniveau").is_visible()
    assert_accessible(page)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.get_by_role("heading", name="In cijfers", exact=True).is_visible()

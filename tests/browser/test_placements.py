"""WSP staff download the vacancy list of the last fair."""

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


def test_staff_work_the_call_back_list(page, demo):
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
    assert page.get_by_text(
        "Het gesprek met Flex Uitzendbureau is opgeslagen."
    ).is_visible()
    assert page.get_by_text("2 van 2 gebeld").is_visible()

    page.get_by_role("link", name="Plaatsing vastleggen (Flex Uitzendbureau)").click()
    assert_accessible(page)
    page.get_by_label("Iemand anders (naam)").check()
    field(page, "Naam").fill("J. de Boer")
    field(page, "Startdatum").fill("2026-12-14")
    page.get_by_label("UWV", exact=True).check()
    page.get_by_role("button", name="Plaatsing vastleggen").click()
    assert page.get_by_text("Vul het nummer in van de vacature").first.is_visible()
    assert field(page, "Naam").input_value() == "J. de Boer"
    field(page, "Registratienummer vacature").fill("NIJ-2026-0043")
    page.get_by_role("button", name="Plaatsing vastleggen").click()
    assert page.get_by_text("De plaatsing is vastgelegd.").is_visible()
    assert page.get_by_role("cell", name="J. de Boer").is_visible()
    assert page.get_by_role("cell", name="NIJ-2026-0043").is_visible()


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
    assert page.get_by_role("heading", name="In cijfers").is_visible()

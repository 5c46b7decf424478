"""The guided pitch in a browser: every step walked with the keyboard only,
axe on every step and the preview, no sideways scroll at 320 and 1280 px;
leaving halfway and coming back in a new browser; and the whole walk without
JavaScript."""

import re

import pytest

from fairs import services
from fairs.models import PitchDraft, Post, Publication

from ..factories import PASSWORD, MembershipFactory, RegionFactory
from .axe import assert_accessible
from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeker():
    twente = RegionFactory(name="Twente", slug="twente")
    services.editions_generate()
    return MembershipFactory(region=twente, display_name="Sanne de Vries").user


def tab_to(page, locator, *, limit: int = 80) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user does."""
    handle = locator.element_handle()
    for _ in range(limit):
        if page.evaluate("el => document.activeElement === el", handle):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def type_into(page, label: str, text: str) -> None:
    tab_to(page, page.get_by_label(re.compile(rf"^{re.escape(label)}")))
    page.keyboard.type(text)


def choose(page, label: str, option: str) -> None:
    """A select, with arrow keys until the option shows."""
    select = page.get_by_label(re.compile(rf"^{re.escape(label)}"))
    tab_to(page, select)
    for _ in range(15):
        if select.evaluate("el => el.options[el.selectedIndex].text") == option:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{option} not in {label}")


def next_step(page) -> None:
    tab_to(page, page.get_by_role("button", name=re.compile("^Volgende")))
    with page.expect_navigation():
        page.keyboard.press("Enter")


def check_page(page, width: int, heading: str) -> None:
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [320, 1280])
def test_walk_every_step_with_the_keyboard(page, seeker, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, seeker.email, PASSWORD)
    page.goto("/plaatsen/pitch/")
    check_page(page, width, "Pitch plaatsen")
    tab_to(page, page.get_by_role("link", name="Begin bij stap 1"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    check_page(page, width, "Wie ben ik?")
    assert page.get_by_text("Stap 1 van 5").is_visible()
    current = page.locator('[aria-current="step"]')
    assert current.inner_text().strip() == "1. Wie ben ik?"
    assert page.get_by_text("Bijvoorbeeld: Enschede").is_visible()
    type_into(page, "Kop", "Kok zoekt een keuken")
    type_into(page, "Woonplaats of omgeving", "Enschede")
    next_step(page)
    # A step that is not complete: the error, and what was typed stays.
    check_page(page, width, "Wie ben ik?")
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label(re.compile("^Kop")).input_value() == (
        "Kok zoekt een keuken"
    )
    choose(page, "Mijn hoogste opleiding", "mbo (niveau 1-4)")
    next_step(page)

    check_page(page, width, "Wat kan ik?")
    assert page.locator('[aria-current="step"]').inner_text().strip() == (
        "2. Wat kan ik?"
    )
    type_into(page, "Wat kan ik?", "Ik kook al 6 jaar in een restaurant.")
    choose(page, "Themahoek", "Horeca")
    next_step(page)

    check_page(page, width, "Wat wil ik?")
    type_into(page, "Werk dat ik zoek", "Kok")
    type_into(page, "Uren per week", "32")
    type_into(page, "Wanneer kan ik beginnen?", "Meteen")
    next_step(page)

    check_page(page, width, "Cv en video")
    type_into(page, "Link naar mijn videopitch", "https://example.nl/video")
    next_step(page)

    check_page(page, width, "Waar plaats ik mijn pitch?")
    twente = page.get_by_label("Twente")
    assert twente.is_checked()
    next_step(page)

    check_page(page, width, "Kijk je pitch na")
    preview = page.locator(".preview")
    for shown in ("Kok zoekt een keuken", "Ik kook al 6 jaar", "Sanne de Vries"):
        assert shown in preview.inner_text()
    assert not Post.objects.exists()
    tab_to(page, page.get_by_role("button", name="Plaatsen", exact=True))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page)
    post = Post.objects.get()
    assert post.title == "Kok zoekt een keuken"
    assert post.publications.get().status == Publication.Status.PUBLISHED
    assert not PitchDraft.objects.exists()


def test_leave_halfway_and_continue_in_a_new_browser(browser, live_server, seeker):
    first = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = first.new_page()
    log_in(page, seeker.email, PASSWORD)
    page.goto("/plaatsen/pitch/stap-1/")
    page.get_by_label(re.compile("^Kop")).fill("Kok zoekt een keuken")
    page.get_by_label(re.compile("^Woonplaats of omgeving")).fill("Enschede")
    page.get_by_label(re.compile("^Mijn hoogste opleiding")).select_option("mbo")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("heading", name="Wat kan ik?").wait_for()
    first.close()

    second = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = second.new_page()
    log_in(page, seeker.email, PASSWORD)
    page.goto("/plaatsen/pitch/")
    assert page.get_by_role("heading", name="Je bent al begonnen aan een pitch")
    assert_accessible(page)
    page.get_by_role("link", name="Verder bij stap 2").click()
    page.get_by_role("link", name="1. Wie ben ik?").click()
    assert page.get_by_label(re.compile("^Kop")).input_value() == (
        "Kok zoekt een keuken"
    )
    page.goto("/plaatsen/pitch/")
    page.get_by_role("button", name="Gooi dit concept weg en begin opnieuw").click()
    page.get_by_role("link", name="Begin bij stap 1").wait_for()
    assert not PitchDraft.objects.exists()
    second.close()


def test_the_whole_walk_without_javascript(page_without_js, seeker):
    page = page_without_js
    log_in(page, seeker.email, PASSWORD)
    page.goto("/plaatsen/pitch/")
    page.get_by_role("link", name="Begin bij stap 1").click()
    page.get_by_label(re.compile("^Kop")).fill("Kok zoekt een keuken")
    page.get_by_label(re.compile("^Woonplaats of omgeving")).fill("Enschede")
    page.get_by_label(re.compile("^Mijn hoogste opleiding")).select_option("mbo")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label(re.compile("^Wat kan ik")).fill("Ik kook graag.")
    page.get_by_label(re.compile("^Themahoek")).select_option("hospitality")
    page.get_by_role("button", name="Volgende").click()
    # Back keeps what was typed on this step.
    page.get_by_label(re.compile("^Werk dat ik zoek")).fill("Kok")
    page.get_by_role("button", name="Terug").click()
    page.get_by_role("button", name="Volgende").click()
    assert page.get_by_label(re.compile("^Werk dat ik zoek")).input_value() == "Kok"
    page.get_by_label(re.compile("^Uren per week")).fill("32")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("button", name="Volgende").click()  # no CV, no video
    page.get_by_role("button", name=re.compile("^Volgende")).click()
    assert "Kok zoekt een keuken" in page.locator(".preview").inner_text()
    page.get_by_role("button", name=re.compile("^Klaarzetten")).click()
    page.get_by_role("heading", level=1).wait_for()
    assert Post.objects.get().title == "Kok zoekt een keuken"

import re

import pytest
from django.core import mail

from demo.accounts import DEMO_TOTP_SECRET, PASSWORD
from tests.auth import totp_code

from .axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/",
    "/kalender/",
    "/regio/twente/",
    "/regio/rijk-van-nijmegen/",
    "/privacy/",
    "/toegankelijkheid/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/login/code/",
    "/regio/bestaat-niet/",
]
FAIR_WHEN = re.compile(
    r"(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) \d{1,2} \w+ \d{4}, \d\d:\d\d–\d\d:\d\d"
)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_passes_axe(page, demo, path):
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").count() == 1
    assert_accessible(page)


@pytest.mark.parametrize(
    "path", ["/", "/regio/twente/", "/kalender/", "/accounts/login/"]
)
def test_public_page_on_a_phone(browser, live_server, demo, path):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 320, "height": 640}, locale="nl-NL"
    )
    page = context.new_page()
    page.goto(path)
    # Reflow (WCAG 1.4.10): no sideways scrolling at 320 CSS pixels.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    context.close()


def test_home_shows_next_fair_and_regions(page, demo):
    page.goto("/")
    assert FAIR_WHEN.search(page.locator(".next-fair").inner_text())
    for name in ("Twente", "Rijk van Nijmegen", "Zuid-Holland Centraal"):
        assert page.get_by_role("link", name=name, exact=True).is_visible()
    page.get_by_role("link", name="Twente", exact=True).click()
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Online banenmarkt Twente"
    )
    assert page.get_by_role("link", name="Lid worden van Twente").is_visible()


def test_skip_link_is_first_and_moves_focus_to_content(page, demo):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Direct naar de inhoud"
    assert page.locator(".skip-link").is_visible()
    # Focus is visible: an outline is drawn on the focused element.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switch_to_english_and_back(page, demo):
    page.goto("/kalender/")
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/kalender/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Fair calendar"
    assert re.search(r"Tuesday \d{1,2} \w+ \d{4}, 10:00–13:00", page.content())
    assert_accessible(page)
    page.get_by_role("button", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"


def test_demo_account_logs_in_and_out(page, demo):
    page.goto("/")
    page.get_by_role("link", name="Inloggen").click()
    page.get_by_label("E-mailadres").fill("werkzoekende@demo.nl")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/")
    assert page.get_by_role("button", name="Uitloggen").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").click()
    assert page.get_by_role("link", name="Inloggen").is_visible()


def test_sign_up_sends_a_verification_email(page, demo):
    page.goto("/regio/zuid-holland-centraal/")
    page.get_by_role("link", name="Lid worden van Zuid-Holland Centraal").click()
    page.get_by_label("E-mailadres").fill("nieuw@example.nl")
    page.get_by_label("Wachtwoord", exact=True).fill("een-sterk-wachtwoord-9")
    page.get_by_label("Wachtwoord (bevestigen)").fill("een-sterk-wachtwoord-9")
    page.get_by_role("button", name="Account maken").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert "e-mailadres" in page.get_by_role("heading", level=1).inner_text().lower()
    assert_accessible(page)
    assert len([m for m in mail.outbox if m.to == ["nieuw@example.nl"]]) == 1


def test_works_without_javascript(page_without_js, demo):
    page = page_without_js
    page.goto("/")
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("Email").fill("beheerder@demo.nl")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    # A moderator's second step, also without JavaScript.
    page.locator("input[name=code]").fill(totp_code(DEMO_TOTP_SECRET))
    page.locator("input[name=code]").press("Enter")
    assert page.get_by_role("button", name="Log out").is_visible()


def test_calendar_feed_link_serves_icalendar(page, demo):
    page.goto("/kalender/")
    href = page.get_by_role("link", name="Alle regio's (iCal)").get_attribute("href")
    response = page.request.get(href)
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.text().startswith("BEGIN:VCALENDAR")

"""Signing up in the platform's words and layout: the sign-up page, the
email, the confirmation page, and arriving logged in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION)."""

import pytest
from django.core import mail

from .axe import assert_accessible
from .helpers import last_link_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [320, 1280])
def test_sign_up_confirm_and_arrive_logged_in(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts/signup/")
    assert page.get_by_text("Je wachtwoord mag niet lijken op je naam").is_visible()
    fits(page, width)
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill("nieuw@example.nl")
    page.get_by_label("Wachtwoord", exact=True).fill("een-sterk-wachtwoord-9")
    page.get_by_label("Wachtwoord (bevestigen)").fill("een-sterk-wachtwoord-9")
    page.get_by_role("button", name="Account maken").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Bevestig je e-mailadres"
    )
    fits(page, width)
    assert_accessible(page)

    [message] = [m for m in mail.outbox if m.to == ["nieuw@example.nl"]]
    assert message.body.startswith("Hallo,")
    page.goto(last_link_to("nieuw@example.nl"))
    fits(page, width)
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/mijn-banenmarkt/")
    assert page.get_by_role("button", name="Uitloggen").is_visible()

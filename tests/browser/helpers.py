import re

from django.core import mail

from demo.accounts import DEMO_TOTP_SECRET, PASSWORD

from ..auth import totp_code


def log_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    if (
        "/accounts/2fa/authenticate/" in page.url
        or page.locator("input[name=code]").count()
    ):
        # The demo's accounts with a role have an authenticator app.
        page.locator("input[name=code]").fill(totp_code(DEMO_TOTP_SECRET))
        page.locator("input[name=code]").press("Enter")
    page.wait_for_selector("text=Uitloggen")


def last_link_to(email: str) -> str:
    message = [m for m in mail.outbox if m.to == [email]][-1]
    return re.search(r"https?://\S+", message.body).group(0)


def field(page, label: str):
    """The form control labelled exactly `label` (an optional field's label
    ends in "(niet verplicht)", templates/forms/field.html)."""
    return page.get_by_label(
        re.compile(rf"^{re.escape(label)}:?( \(niet verplicht\))?$")
    )


# Not pages: calendar feeds, CSV and Excel downloads, a CV, a ZIP, a QR file.
NOT_HTML = {
    "fairs:feed",
    "fairs:region-feed",
    "fairs:cv",
    "placements:vacancy-list",
    "placements:vacancy-list-all",
    "placements:placements-export",
    "moderation:audit-log-csv",
    "members:data-export-download",
    "members:processing-register",
    "members:invite-link-qr",
    # The fair page's QR code (an SVG file) and its counters (a fragment).
    "fairs:fair-qr",
    "fairs:fair-day-qr",
    "fairs:fair-counters",
    "fairs:fair-day-counters",
}

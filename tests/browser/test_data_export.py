"""A member downloads their data: asks for it, the file is built (in
process here), and downloads it after typing the password again; at 320 and
1280 px, with axe on every page on the way.

The new texts have no Dutch yet, so this test finds the button and link by
where they lead, not by their words."""

import json
import zipfile

import pytest
from django.core import mail

from demo.accounts import PASSWORD

from .axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = "/mijn-banenmarkt/mijn-gegevens/"
EMAIL = "werkzoekende@demo.nl"


@pytest.mark.parametrize("width", [320, 1280])
def test_download_my_data(demo, page, tmp_path, width):
    page.set_viewport_size({"width": width, "height": 900})
    # By field name: the shared `log_in` looks for the label "E-mailadres",
    # which allauth's login form does not show here ("E-mail").
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url("**/mijn-banenmarkt/**")
    page.goto("/mijn-banenmarkt/")
    page.locator(f"main a[href='{PAGE}']").click()
    assert page.url.endswith(PAGE)
    assert_accessible(page)
    # Reflow (WCAG 1.4.10): no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.locator(f"form[action='{PAGE}'] button").click()
    # Built after the commit (tasks run in process in tests): ready at once.
    download_link = page.locator("a[href*='/mijn-gegevens/'][href$='/download/']")
    assert download_link.is_visible()
    assert_accessible(page)
    assert [m for m in mail.outbox if m.to == [EMAIL]]

    download_link.click()
    assert "/accounts/reauthenticate/" in page.url
    assert_accessible(page)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_download() as download:
        page.locator("input[name=password]").press("Enter")
    path = tmp_path / "mijn-gegevens.zip"
    download.value.save_as(path)
    archive = zipfile.ZipFile(path)
    assert "LEESMIJ.txt" in archive.namelist()
    [account] = json.loads(archive.read("account/user.json"))
    assert account["email"] == EMAIL

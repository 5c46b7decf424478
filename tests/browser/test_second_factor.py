"""Someone with a role sets up the second step: sent from a role page to the
page that explains it, through allauth's set-up, back to work; accessible at
320 and 1280 px."""

import pytest

from tests.auth import totp_code
from tests.factories import PASSWORD, RegionFactory, RegionRoleFactory

from .axe import assert_accessible
from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [320, 1280])
def test_a_moderator_sets_up_the_second_step(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    region = RegionFactory(name="Twente", slug="twente")
    moderator = RegionRoleFactory(region=region, second_factor=False).user
    log_in(page, moderator.email, PASSWORD)
    page.goto("/regio/twente/beheer/berichten/")
    assert "/mijn-banenmarkt/tweede-stap/" in page.url
    assert page.get_by_role("heading", name="Tweede stap bij het inloggen").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Een app op je telefoon gebruiken").click()
    if page.locator("input[name=password]").count():  # allauth's reauthentication
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("input[name=password]").press("Enter")
    secret = page.locator("#authenticator_secret").input_value()
    assert_accessible(page)
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("input[name=code]").press("Enter")
    page.goto("/regio/twente/beheer/berichten/")
    assert "/beheer/berichten/" in page.url

"""Staff open their dashboard and find the work waiting, per region, with a
link to each queue: on a phone and on a desk."""

import pytest

from .axe import assert_accessible
from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize(
    ("email", "queue"),
    [
        ("projectteam@demo.nl", "aanmeldingen wachten"),
        ("wsp@demo.nl", "Na afloop: vacaturelijsten, nabellen en plaatsingen"),
    ],
)
def test_a_staff_dashboard_shows_the_queues(
    browser, live_server, page, demo, width, email, queue
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, email)
    page.goto("/mijn-banenmarkt/")
    work = page.get_by_role("region", name="Wacht op jou")
    assert work.get_by_role("heading", name="Twente").is_visible()
    assert work.get_by_role("link", name=queue).first.is_visible()
    assert page.get_by_text("Kies een regio").count() == 0
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    href = work.get_by_role("link", name=queue).first.get_attribute("href")
    work.get_by_role("link", name=queue).first.click()
    page.wait_for_url(f"**{href}")
    assert page.get_by_role("heading", level=1).is_visible()

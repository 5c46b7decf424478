"""A member switches a kind of email off on the preferences page; someone
unsubscribes from a link without logging in (also without JavaScript)."""

import pytest

from banenmarkt.models import EmailOptOut
from banenmarkt.notifications import unsubscribe_url
from members.models import User

from .axe import assert_accessible
from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choose_which_emails(demo, page):
    log_in(page, "werkzoekende@demo.nl")
    page.goto("/mijn-banenmarkt/")
    page.get_by_role("link", name="E-mailinstellingen").click()
    assert_accessible(page)
    box = page.get_by_label("Herinnering een week voor de banenmarkt")
    assert box.is_checked()
    box.uncheck()
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("Je e-mailinstellingen zijn opgeslagen.").is_visible()
    assert not page.get_by_label("Herinnering een week voor de banenmarkt").is_checked()
    assert page.get_by_label("Herinnering de dag voor de banenmarkt").is_checked()
    assert_accessible(page)
    user = User.objects.get(email="werkzoekende@demo.nl")
    assert EmailOptOut.objects.filter(user=user, kind="fair_week").exists()


def unsubscribe_path(user, kind):
    return unsubscribe_url(user, kind).replace("http://127.0.0.1:8000", "")


def test_unsubscribe_without_login_and_undo(demo, page):
    user = User.objects.get(email="werkzoekende@demo.nl")
    page.goto(unsubscribe_path(user, "fair_open"))
    assert page.get_by_text("Wil je deze e-mail niet meer krijgen").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, afmelden").click()
    assert page.get_by_text("Je krijgt deze e-mail niet meer").is_visible()
    assert_accessible(page)
    assert EmailOptOut.objects.filter(user=user, kind="fair_open").exists()
    page.get_by_role("button", name="Ongedaan maken: ik wil deze e-mails wel").click()
    assert page.get_by_text("Klaar: je krijgt deze e-mails weer.").is_visible()
    assert not EmailOptOut.objects.filter(user=user).exists()


def test_unsubscribe_works_without_javascript(demo, page_without_js):
    """(axe needs JavaScript, so the accessibility check is in the test above.)"""
    user = User.objects.get(email="werkzoekende@demo.nl")
    page_without_js.goto(unsubscribe_path(user, "fair_week"))
    page_without_js.get_by_role("button", name="Ja, afmelden").click()
    assert page_without_js.get_by_text("Je krijgt deze e-mail niet meer").is_visible()
    assert EmailOptOut.objects.filter(user=user, kind="fair_week").exists()

"""A project team member makes a poster invite link and sees its QR code; a
visitor opens the link, logs in and lands on the region's join form, and the
request counts for the link. Axe and reflow at 320 and 1280 px."""

import pytest

from members.models import InviteLink, Membership

from .axe import assert_accessible
from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VISITOR = "zorggroep.zhc@demo.nl"  # a demo member of Zuid-Holland Centraal only


def both_widths(page):
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        if width == 320:
            assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_make_a_poster_link_and_join_through_it(browser, live_server, demo, page):
    log_in(page, "projectteam@demo.nl")
    page.goto("/regio/twente/beheer/uitnodigingen/")
    both_widths(page)

    page.locator("input[name=channel][value=poster]").check()
    page.locator("#id_name").fill("Poster bibliotheek Delden")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/regio/twente/beheer/uitnodigingen/#link-*")
    link = InviteLink.objects.get(name="Poster bibliotheek Delden")
    card = page.locator(f"#link-{link.pk}")
    assert card.locator("svg.qr").is_visible()
    assert card.locator(f"a[href$='/{link.pk}/qr.svg']").is_visible()
    url = card.locator(f"#url-{link.pk}").input_value()
    assert url.endswith(f"/uitnodiging/{link.token}/")
    # The copy button appears with JavaScript.
    assert card.locator(f"[data-copy='url-{link.pk}']").is_visible()
    assert card.locator("[data-count=requested]").inner_text() == "0"
    both_widths(page)

    visitor = browser.new_context(base_url=live_server.url, locale="nl-NL")
    visitor_page = visitor.new_page()
    visitor_page.goto(f"/uitnodiging/{link.token}/")
    assert "Twente" in visitor_page.locator("h1").inner_text()
    assert visitor_page.locator("#invite-next-fair").is_visible()
    both_widths(visitor_page)

    visitor_page.locator("#invite-login").click()
    visitor_page.get_by_label("E-mailadres").fill(VISITOR)
    visitor_page.get_by_label("Wachtwoord").fill("banenmarkt-demo")
    visitor_page.get_by_role("button", name="Inloggen").click()
    visitor_page.wait_for_url("**/regio/twente/lid-worden/")
    visitor_page.locator("form.form button[type=submit]").click()
    visitor_page.wait_for_url("**/mijn-banenmarkt/")
    visitor.close()

    membership = Membership.objects.get(region__slug="twente", user__email=VISITOR)
    assert membership.invite_link == link
    page.reload()
    assert page.locator(f"#link-{link.pk} [data-count=requested]").inner_text() == "1"
    assert page.locator(f"#link-{link.pk} [data-count=waiting]").inner_text() == "1"

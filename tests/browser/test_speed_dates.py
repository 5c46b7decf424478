"""An employer offers speed dates on her vacancy, a job seeker books one, the
employer sees her on the schedule; axe at 320 and 1280 px."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from banenmarkt.scheduler import at_local
from fairs import services as fair_services
from fairs.models import Post, Publication, Region
from speeddates.models import Booking

from ..fairs.conftest import vacancy_fields
from .axe import assert_accessible
from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def both_widths(page):
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)


def test_offer_book_and_schedule(browser, live_server, demo, page):
    twente = Region.objects.get(slug="twente")
    tomorrow = timezone.localdate() + timedelta(days=1)
    edition = fair_services.edition_add_extra(
        region=twente,
        starts_at=at_local(tomorrow, time(10)),
        ends_at=at_local(tomorrow, time(13)),
        title="Speeddates",
    )
    employer = Publication.objects.filter(
        region=twente, post__author__email="werkgever@demo.nl"
    ).first()
    if employer is None:  # the demo's employer has no vacancy in Twente today
        employer = fair_services.post_create(
            author=twente.memberships.get(user__email="werkgever@demo.nl").user,
            kind=Post.Kind.VACANCY,
            regions=[twente],
            fields=vacancy_fields(title="Broodbakker", organisation="Bakkerij"),
        ).publications.get()
    vacancy = employer

    log_in(page, "werkgever@demo.nl")
    page.goto(f"/regio/twente/prikbord/{vacancy.pk}/speeddates/aanbieden/")
    both_widths(page)
    page.locator("select[name=edition]").select_option(str(edition.pk))
    page.locator("input[name=start]").fill("11:00")
    page.locator("input[name=minutes]").fill("15")
    page.locator("input[name=count]").fill("3")
    page.locator("textarea[name=video_urls]").fill("https://meet.example/bakkerij")
    page.locator("form.speed-offer button[type=submit]").click()
    page.wait_for_url("**/speeddates/?dag=*")
    both_widths(page)
    assert page.locator("tbody tr").count() == 3

    seeker = browser.new_context(base_url=live_server.url, locale="nl-NL")
    seeker.set_default_timeout(10_000)
    seeker_page = seeker.new_page()
    log_in(seeker_page, "werkzoekende@demo.nl")
    seeker_page.goto(f"/regio/twente/prikbord/{vacancy.pk}/")
    book = seeker_page.locator("form[action*='/boeken/'] button")
    assert book.count() == 3
    both_widths(seeker_page)
    book.nth(1).click()
    seeker_page.wait_for_load_state("load")
    booking = Booking.objects.get(seeker__email="werkzoekende@demo.nl")
    assert timezone.localtime(booking.slot.starts_at).time() == time(11, 15)
    assert seeker_page.locator("form[action*='/annuleren/']").count() == 1
    both_widths(seeker_page)
    assert any(m.to == ["werkzoekende@demo.nl"] and m.attachments for m in mail.outbox)
    seeker.close()

    page.reload()
    name = booking.seeker.memberships.get(region=twente).display_name
    assert page.get_by_role("cell", name=name).is_visible()

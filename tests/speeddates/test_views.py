from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from speeddates import services
from speeddates.models import Booking, Slot

from ..auth import sign_in_fresh
from ..factories import MembershipFactory
from ..roles import ROLES, make_actor
from .conftest import at, said

pytestmark = pytest.mark.django_db


def vacancy_url(vacancy):
    return reverse(
        "fairs:publication", kwargs={"slug": vacancy.region.slug, "pk": vacancy.pk}
    )


def schedule_url(vacancy):
    return reverse(
        "speeddates:schedule", kwargs={"slug": vacancy.region.slug, "pk": vacancy.pk}
    )


def test_author_offers_slots_through_the_form(client, vacancy, employer, edition):
    client.force_login(employer)
    url = reverse("speeddates:offer", kwargs={"slug": "twente", "pk": vacancy.pk})
    response = client.post(
        url,
        {
            "edition": edition.pk,
            "start": "11:00",
            "minutes": "20",
            "count": "2",
            "video_urls": "https://meet.example/1\nhttps://meet.example/2",
        },
    )
    assert response.status_code == 302
    assert [s.starts_at for s in Slot.objects.all()] == [at(11), at(11, 20)]


def test_offer_form_checks_the_number_of_links(client, vacancy, employer, edition):
    client.force_login(employer)
    url = reverse("speeddates:offer", kwargs={"slug": "twente", "pk": vacancy.pk})
    response = client.post(
        url,
        {
            "edition": edition.pk,
            "start": "11:00",
            "minutes": "40",
            "count": "3",
            "video_urls": "https://meet.example/1\nhttps://meet.example/2",
        },
    )
    assert response.status_code == 200
    assert not Slot.objects.exists()
    assert response.context["form"].errors.keys() == {"minutes", "video_urls"}


@pytest.mark.parametrize("role", ROLES)
def test_offer_and_schedule_for_the_author_and_project_team_only(
    client, vacancy, slots, fair, role
):
    actor = make_actor(role, fair[0], fair[1])
    if actor:
        sign_in_fresh(client, actor)
    allowed = {"project_team", "admin"}
    for name in ("speeddates:offer", "speeddates:schedule"):
        url = reverse(name, kwargs={"slug": "twente", "pk": vacancy.pk})
        status = client.get(url).status_code
        if role in allowed:
            assert status == 200, name
        elif role == "anonymous":
            assert status == 302, name
        else:
            assert status in (403, 404), name


def test_vacancy_page_shows_free_slots_with_boek_to_a_job_seeker(
    client, vacancy, slots, seeker, other_seeker
):
    services.booking_create(slot=slots[0], seeker=other_seeker)
    client.force_login(seeker)
    html = client.get(vacancy_url(vacancy)).content.decode()
    assert html.count('action="/regio/twente/speeddates/') == 3  # one booked
    client.post(
        reverse("speeddates:book", kwargs={"slug": "twente", "pk": slots[1].pk})
    )
    booking = Booking.objects.get(seeker=seeker)
    html = client.get(vacancy_url(vacancy)).content.decode()
    assert reverse("speeddates:cancel", kwargs={"pk": booking.pk}) in html
    assert html.count(reverse("speeddates:move", kwargs={"pk": booking.pk})) == 2


def test_book_the_taken_slot_says_so(client, slots, seeker, other_seeker):
    services.booking_create(slot=slots[0], seeker=other_seeker)
    client.force_login(seeker)
    response = client.post(
        reverse("speeddates:book", kwargs={"slug": "twente", "pk": slots[0].pk}),
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        said("Someone else just booked this time. Choose another time.").replace(
            "\\", ""
        )
    ]


def test_cancel_and_move_own_booking_only(client, slots, seeker, other_seeker):
    booking = services.booking_create(slot=slots[0], seeker=seeker)
    client.force_login(other_seeker)
    cancel = reverse("speeddates:cancel", kwargs={"pk": booking.pk})
    assert client.post(cancel).status_code == 404
    client.force_login(seeker)
    move = reverse("speeddates:move", kwargs={"pk": booking.pk})
    assert client.post(move, {"slot": slots[2].pk}).status_code == 302
    new = Booking.objects.get(seeker=seeker, status="booked")
    assert new.slot == slots[2]
    assert (
        client.post(reverse("speeddates:cancel", kwargs={"pk": new.pk})).status_code
        == 302
    )
    assert not Booking.objects.filter(status__in=Booking.ACTIVE).exists()


def test_schedule_shows_display_names_in_constant_queries(
    client, vacancy, slots, employer, twente
):
    client.force_login(employer)
    client.get(schedule_url(vacancy))  # warm the session and caches

    def count_queries():

        with CaptureQueriesContext(connection) as queries:
            response = client.get(schedule_url(vacancy))
        return len(queries), response.content.decode()

    services.booking_create(
        slot=slots[0],
        seeker=MembershipFactory(region=twente, display_name="Sanne").user,
    )
    one, _ = count_queries()
    for slot in slots[1:]:
        services.booking_create(slot=slot, seeker=MembershipFactory(region=twente).user)
    many, html = count_queries()
    assert one == many
    assert "Sanne" in html
    assert "@" not in html.split("<table")[1].split("</table>")[0]


def test_employer_marks_a_no_show(
    client, vacancy, slots, employer, seeker, time_machine
):
    booking = services.booking_create(slot=slots[0], seeker=seeker)
    mail.outbox.clear()
    time_machine.move_to(slots[0].starts_at + timedelta(minutes=3), tick=False)
    client.force_login(employer)
    url = reverse("speeddates:no-show", kwargs={"slug": "twente", "pk": booking.pk})
    assert client.post(url).status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.NO_SHOW
    client.force_login(seeker)  # a member, not the employer
    assert client.post(url).status_code == 403

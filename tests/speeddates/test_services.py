from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from fairs.models import Edition
from speeddates import services
from speeddates.models import Booking, Slot

from ..factories import MembershipFactory
from .conftest import at, said

TAKEN = "Someone else just booked this time. Choose another time."
TOO_LATE = (
    "You can cancel or move a speed date until 30 minutes before it "
    "starts. Is something wrong? Tell the employer."
)

pytestmark = pytest.mark.django_db


def offer(vacancy, employer, edition, **overrides):
    arguments = {
        "publication": vacancy,
        "by": employer,
        "edition": edition,
        "start": time(11),
        "minutes": 10,
        "count": 3,
        "video_urls": ["https://meet.example/a"],
        **overrides,
    }
    return services.slots_offer(**arguments)


def test_slots_offer_makes_consecutive_slots(vacancy, employer, edition):
    slots = offer(
        vacancy,
        employer,
        edition,
        video_urls=[
            "https://meet.example/1",
            "https://meet.example/2",
            "https://meet.example/3",
        ],
    )
    assert [s.starts_at for s in slots] == [at(11), at(11, 10), at(11, 20)]
    assert [s.video_url[-1] for s in slots] == ["1", "2", "3"]
    assert {s.minutes for s in slots} == {10}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"minutes": 4},
            (
                "A speed date lasts between %(min)d and %(max)d minutes.",
                {"min": 5, "max": 30},
            ),
        ),
        (
            {"minutes": 31},
            (
                "A speed date lasts between %(min)d and %(max)d minutes.",
                {"min": 5, "max": 30},
            ),
        ),
        (
            {"count": 0},
            ("You can offer between 1 and %(max)d speed dates at once.", {"max": 24}),
        ),
        (
            {"video_urls": ["https://meet.example/1", "https://meet.example/2"]},
            (
                "Give one video link for all speed dates, or one link per speed date.",
                {},
            ),
        ),
        (
            {"start": time(23, 50)},
            ("All speed dates must end on the fair day itself.", {}),
        ),
    ],
)
def test_slots_offer_refuses_in_dutch(vacancy, employer, edition, overrides, message):
    with pytest.raises(ValidationError) as error:
        offer(vacancy, employer, edition, **overrides)
    msgid, params = message
    assert error.value.messages == [
        gettext(msgid) % params if params else gettext(msgid)
    ]
    assert not Slot.objects.exists()


def test_slots_offer_refuses_overlap_and_other_region(vacancy, employer, edition, fair):
    offer(vacancy, employer, edition)
    with pytest.raises(
        ValidationError,
        match=said(
            "At %(time)s you already have a speed date on this vacancy.", time="11:25"
        ),
    ):
        offer(vacancy, employer, edition, start=time(11, 25))
    nijmegen_day = Edition.objects.filter(region=fair[1]).first()
    with pytest.raises(
        ValidationError,
        match=said("Choose a fair day of the region the vacancy is published in."),
    ):
        offer(vacancy, employer, nijmegen_day)


def test_booking_create_once_per_vacancy_and_per_slot(slots, seeker, other_seeker):
    services.booking_create(slot=slots[0], seeker=seeker)
    with pytest.raises(
        ValidationError, match=said("You already have a speed date for this vacancy.")
    ):
        services.booking_create(slot=slots[1], seeker=seeker)
    with pytest.raises(ValidationError, match=said(TAKEN)):
        services.booking_create(slot=slots[0], seeker=other_seeker)
    assert Booking.objects.count() == 1


def test_booking_create_only_for_job_seekers_of_the_region(slots, employer, fair):
    with pytest.raises(
        ValidationError, match=said("You cannot book a speed date on your own vacancy.")
    ):
        services.booking_create(slot=slots[0], seeker=employer)
    stranger = MembershipFactory(region=fair[1]).user
    with pytest.raises(
        ValidationError,
        match=said(
            "Only job seekers who are members of this region can book a speed date."
        ),
    ):
        services.booking_create(slot=slots[0], seeker=stranger)


def test_booking_cancel_until_30_minutes_before(slots, seeker, time_machine):
    booking = services.booking_create(slot=slots[0], seeker=seeker)
    time_machine.move_to(slots[0].starts_at - timedelta(minutes=29), tick=False)
    with pytest.raises(ValidationError, match=said(TOO_LATE)):
        services.booking_cancel(booking=booking, seeker=seeker)
    time_machine.move_to(slots[0].starts_at - timedelta(minutes=30), tick=False)
    services.booking_cancel(booking=booking, seeker=seeker)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    # The slot is free again, and she may book once more.
    services.booking_create(slot=slots[0], seeker=seeker)


def test_booking_move_frees_the_old_slot(slots, seeker, other_seeker):
    booking = services.booking_create(slot=slots[0], seeker=seeker)
    moved = services.booking_move(booking=booking, slot=slots[2], seeker=seeker)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.MOVED
    assert moved.slot == slots[2] and moved.status == Booking.Status.BOOKED
    services.booking_create(slot=slots[0], seeker=other_seeker)
    with pytest.raises(ValidationError, match=said(TAKEN)):
        services.booking_move(booking=moved, slot=slots[0], seeker=seeker)
    moved.refresh_from_db()
    assert moved.status == Booking.Status.BOOKED  # the failed move changed nothing


def test_booking_move_after_the_deadline_is_refused(slots, seeker, time_machine):
    booking = services.booking_create(slot=slots[0], seeker=seeker)
    time_machine.move_to(slots[0].starts_at - timedelta(minutes=10), tick=False)
    with pytest.raises(ValidationError, match=said(TOO_LATE)):
        services.booking_move(booking=booking, slot=slots[3], seeker=seeker)


def test_booking_mark_no_show_after_the_start(slots, seeker, time_machine):
    booking = services.booking_create(slot=slots[0], seeker=seeker)
    with pytest.raises(ValidationError):
        services.booking_mark_no_show(booking=booking)
    time_machine.move_to(slots[0].starts_at + timedelta(minutes=5), tick=False)
    services.booking_mark_no_show(booking=booking)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.NO_SHOW
    services.booking_mark_no_show(booking=booking, no_show=False)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED

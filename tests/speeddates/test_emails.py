from datetime import timedelta

import pytest
from django.core import mail
from icalendar import Calendar

from banenmarkt import scheduler
from speeddates import services
from speeddates.tasks import booking_notify

pytestmark = pytest.mark.django_db


def ics_of(message):
    (name, content, mimetype), *_ = message.attachments
    assert name.endswith(".ics") and mimetype == "text/calendar"
    return Calendar.from_ical(content).events[0]


def test_booking_confirmed_to_both_sides_with_ics(
    slots, seeker, employer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(slot=slots[1], seeker=seeker)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [seeker.email, employer.email]
    )
    to_employer = next(m for m in mail.outbox if m.to == [employer.email])
    assert "Sanne" in to_employer.body and seeker.email not in to_employer.body
    for message in mail.outbox:
        event = ics_of(message)
        assert event.start == slots[1].starts_at
        assert event.end == slots[1].starts_at + timedelta(minutes=15)
        assert str(event["status"]) == "CONFIRMED"
        assert "https://meet.example/flex" in str(event["description"])
    # A redelivered task sends nothing again.
    assert booking_notify(booking.pk, "booked") == 0
    assert len(mail.outbox) == 2


def test_cancellation_cancels_the_calendar_event(
    slots, seeker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(slot=slots[1], seeker=seeker)
    booked_uid = str(ics_of(mail.outbox[0])["uid"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, seeker=seeker)
    assert len(mail.outbox) == 2
    event = ics_of(mail.outbox[0])
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == booked_uid


def test_reminder_15_minutes_before_exactly_once(
    slots, seeker, employer, time_machine, django_capture_on_commit_callbacks
):
    services.booking_create(slot=slots[0], seeker=seeker)
    mail.outbox.clear()

    def tick(moment):
        time_machine.move_to(moment, tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            scheduler.tick()
        # Only ours: the fair's own jobs mail on the fair day too.
        sent = [m for m in mail.outbox if "meet.example" in m.body]
        mail.outbox.clear()
        return sent

    start = slots[0].starts_at
    assert tick(start - timedelta(minutes=16)) == []
    sent = tick(start - timedelta(minutes=15))
    assert sorted(m.to[0] for m in sent) == sorted([seeker.email, employer.email])
    assert all(start.strftime("%H:%M") in m.subject for m in sent)
    assert tick(start - timedelta(minutes=14)) == []
    assert tick(start - timedelta(minutes=1)) == []

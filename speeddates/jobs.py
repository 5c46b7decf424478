"""The reminder 15 minutes before a booked speed date, to both sides, once
per booking (the scheduler's JobRun and `send_once` per person)."""

from datetime import datetime, timedelta

from banenmarkt.scheduler import Job, jobs_register
from members.models import User

from .email_kinds import EmailKind
from .models import Booking
from .notifications import booking_messages

REMIND_BEFORE = timedelta(minutes=15)
KEY_PREFIX = "speed-date:"


def booking_key(booking_id: int) -> str:
    return f"{KEY_PREFIX}{booking_id}:reminder"


def booking_id_from_key(key: str) -> int:
    return int(key.removeprefix(KEY_PREFIX).split(":")[0])


def _booking(key: str) -> Booking:
    return Booking.objects.select_related(
        "seeker", "post__author", "slot__post__author", "slot__edition__region"
    ).get(pk=booking_id_from_key(key))


def reminders_due(now: datetime) -> list[str]:
    """Bookings whose slot starts within 15 minutes and has not started."""
    return [
        booking_key(pk)
        for pk in Booking.objects.filter(
            status=Booking.Status.BOOKED,
            slot__starts_at__gt=now,
            slot__starts_at__lte=now + REMIND_BEFORE,
        ).values_list("pk", flat=True)
    ]


def reminder_users(key: str):
    booking = _booking(key)
    return User.objects.filter(pk__in=[booking.seeker_id, booking.post.author_id])


def reminder_messages(key: str, users: list) -> list:
    booking = _booking(key)
    if booking.status != Booking.Status.BOOKED:
        return []  # cancelled or moved since the tick
    wanted = {user.pk for user in users}
    return [
        message
        for message in booking_messages(booking, "reminder")
        if message.user.pk in wanted
    ]


JOBS = [
    Job(
        name="speed_date_reminder",
        kind=EmailKind.SPEED_DATE,
        due=reminders_due,
        users=reminder_users,
        messages=reminder_messages,
    )
]
jobs_register(*JOBS)

from celery import shared_task

from banenmarkt.emails import EMAIL_TASK_OPTIONS
from banenmarkt.notifications import send_all

from .models import Booking
from .notifications import booking_messages


@shared_task(name="speeddates.tasks.booking_notify", **EMAIL_TASK_OPTIONS)
def booking_notify(booking_id: int, event: str) -> int:
    """Confirm a booking ("booked") or its cancellation ("cancelled") to the
    job seeker and the employer, each once (`send_once` keys on the booking
    and the event, so a redelivered task sends nothing twice)."""
    booking = Booking.objects.select_related(
        "seeker", "post__author", "slot__post__author", "slot__edition__region"
    ).get(pk=booking_id)
    return send_all(booking_messages(booking, event))

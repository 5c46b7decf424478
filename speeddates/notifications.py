"""The emails about a booking: a confirmation (or cancellation) with an .ics
invitation for both sides, and the reminder 15 minutes before."""

from django.urls import reverse
from django.utils.translation import gettext as _

from banenmarkt.emails import absolute_url
from banenmarkt.notifications import Message
from fairs.ical import event_calendar
from members.models import Membership

from .email_kinds import EmailKind
from .models import Booking

ICS_MIMETYPE = "text/calendar"


def booking_ics(booking: Booking, *, cancelled: bool = False) -> bytes:
    """One event per job seeker and vacancy: a move updates the event in
    the calendar app (same UID, a higher SEQUENCE), a cancellation cancels it."""
    slot = booking.slot
    post = slot.post
    url = absolute_url(
        reverse("fairs:region", kwargs={"slug": slot.edition.region.slug})
    )
    return event_calendar(
        name=_("Speed date"),
        uid=f"speed-date-{post.pk}-{booking.seeker_id}@banenmarkt",
        summary=_("Speed date: %(title)s") % {"title": post.title},
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        url=slot.video_url,
        description=_("Video call: %(video)s. The fair: %(url)s")
        % {"video": slot.video_url, "url": url},
        stamp=booking.ended_at if cancelled else booking.booked_at,
        cancelled=cancelled,
    )


def seeker_name(booking: Booking) -> str:
    """The name the region knows the job seeker by (never the email)."""
    membership = (
        Membership.objects.filter(
            user_id=booking.seeker_id, region_id=booking.slot.edition.region_id
        )
        .order_by("-requested_at")
        .first()
    )
    return membership.display_name if membership else _("deleted member")


def booking_messages(booking: Booking, event: str) -> list[Message]:
    """For the job seeker and the vacancy's author: `event` is "booked",
    "cancelled" or "reminder"."""
    slot = booking.slot
    region = slot.edition.region
    attachments = ()
    if event != "reminder":
        attachments = (
            (
                "speeddate.ics",
                booking_ics(booking, cancelled=event == "cancelled"),
                ICS_MIMETYPE,
            ),
        )
    context = {
        "booking": booking,
        "slot": slot,
        "post": slot.post,
        "region": region,
        "seeker_name": seeker_name(booking),
        "vacancy_url": absolute_url(
            reverse(
                "fairs:publication",
                kwargs={"slug": region.slug, "pk": _publication_pk(booking)},
            )
        ),
        "schedule_url": absolute_url(
            reverse(
                "speeddates:schedule",
                kwargs={"slug": region.slug, "pk": _publication_pk(booking)},
            )
        ),
    }
    return [
        Message(
            user=user,
            kind=EmailKind.SPEED_DATE,
            key=f"speed-date:{booking.pk}:{event}",
            template=f"speeddates/email/{event}",
            context={**context, "side": side},
            attachments=attachments,
        )
        for user, side in ((booking.seeker, "seeker"), (slot.post.author, "employer"))
    ]


def _publication_pk(booking: Booking) -> int:
    return booking.post.publications.get(region_id=booking.slot.edition.region_id).pk

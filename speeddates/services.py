"""Writes of speed dates: offering slots, booking, cancelling, moving, and
marking a no-show (docs/speed-dates.md).

Who may do it is checked by the views (members.permissions); the rules of
time and state are checked here. The two "at most one" rules are the
database's (see models): a booking that loses a race meets the constraint,
and gets a message that says what happened.
"""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banenmarkt.outbox import enqueue_on_commit
from banenmarkt.scheduler import at_local, local_tz
from fairs.models import Edition, Post, Publication
from members.models import Membership

from .models import MAX_MINUTES, MIN_MINUTES, Booking, Slot

# A booking can be cancelled or moved until this long before its slot.
CHANGE_UNTIL = timedelta(minutes=30)
MAX_SLOTS = 24
NOTIFY_TASK = "speeddates.tasks.booking_notify"


def _overlaps(post: Post, starts_at: datetime, ends_at: datetime) -> bool:
    return any(
        slot.starts_at < ends_at and starts_at < slot.ends_at
        for slot in Slot.objects.filter(
            post=post,
            starts_at__lt=ends_at,
            starts_at__gt=starts_at - timedelta(minutes=MAX_MINUTES),
        )
    )


@transaction.atomic
def slots_offer(
    *,
    publication: Publication,
    by,
    edition: Edition,
    start: time,
    minutes: int,
    count: int,
    video_urls: list[str],
    now: datetime | None = None,
) -> list[Slot]:
    """Offer `count` consecutive slots of `minutes` on the vacancy, from
    `start` on the fair day `edition` (of the publication's region), with one
    video link for all or one per slot."""
    now = now or timezone.now()
    post = publication.post
    if post.kind != Post.Kind.VACANCY:
        raise ValidationError(_("You can only offer speed dates on a vacancy."))
    if edition.region_id != publication.region_id or edition.is_cancelled:
        raise ValidationError(
            _("Choose a fair day of the region the vacancy is published in.")
        )
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValidationError(
            _("A speed date lasts between %(min)d and %(max)d minutes.")
            % {"min": MIN_MINUTES, "max": MAX_MINUTES}
        )
    if not 1 <= count <= MAX_SLOTS:
        raise ValidationError(
            _("You can offer between 1 and %(max)d speed dates at once.")
            % {"max": MAX_SLOTS}
        )
    if len(video_urls) not in (1, count):
        raise ValidationError(
            _("Give one video link for all speed dates, or one link per speed date.")
        )
    day = timezone.localdate(edition.starts_at, local_tz())
    first = at_local(day, start)
    if first <= now:
        raise ValidationError(_("The first speed date must start in the future."))
    length = timedelta(minutes=minutes)
    if timezone.localdate(first + length * count, local_tz()) != day:
        raise ValidationError(_("All speed dates must end on the fair day itself."))
    slots = []
    for number in range(count):
        starts_at = first + length * number
        if _overlaps(post, starts_at, starts_at + length):
            raise ValidationError(
                _("At %(time)s you already have a speed date on this vacancy.")
                % {"time": timezone.localtime(starts_at).strftime("%H:%M")}
            )
        slot = Slot(
            post=post,
            edition=edition,
            starts_at=starts_at,
            minutes=minutes,
            video_url=video_urls[number if len(video_urls) > 1 else 0],
            created_by=by,
        )
        slot.full_clean()
        slot.save()
        slots.append(slot)
    return slots


def _check_can_book(*, slot: Slot, seeker, now: datetime) -> None:
    if slot.starts_at <= now:
        raise ValidationError(_("This speed date has already started."))
    if slot.post.author_id == seeker.pk:
        raise ValidationError(_("You cannot book a speed date on your own vacancy."))
    is_job_seeker = (
        Membership.objects.active()
        .filter(
            user=seeker,
            region_id=slot.edition.region_id,
            kind=Membership.Kind.JOB_SEEKER,
        )
        .exists()
    )
    if not is_job_seeker:
        raise ValidationError(
            _("Only job seekers who are members of this region can book a speed date.")
        )


def _book(*, slot: Slot, seeker, now: datetime) -> Booking:
    """Create the booking; the constraints decide a race."""
    booking = Booking(slot=slot, post_id=slot.post_id, seeker=seeker, booked_at=now)
    booking.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        taken = Booking.objects.filter(slot=slot, status__in=Booking.ACTIVE)
        if taken.exclude(seeker=seeker).exists() or "slot_once" in str(error):
            raise ValidationError(
                _("Someone else just booked this time. Choose another time.")
            ) from error
        raise ValidationError(
            _("You already have a speed date for this vacancy.")
        ) from error
    enqueue_on_commit(NOTIFY_TASK, booking.pk, "booked")
    return booking


@transaction.atomic
def booking_create(*, slot: Slot, seeker, now: datetime | None = None) -> Booking:
    """Book `slot` for `seeker` (a job seeker of the slot's region): one
    booking per vacancy, one per slot. Both sides get a confirmation."""
    now = now or timezone.now()
    _check_can_book(slot=slot, seeker=seeker, now=now)
    return _book(slot=slot, seeker=seeker, now=now)


def _locked_own(booking: Booking, seeker, now: datetime) -> Booking:
    booking = (
        Booking.objects.select_for_update()
        .select_related("slot")
        .get(pk=booking.pk, seeker=seeker)
    )
    if booking.status != Booking.Status.BOOKED:
        raise ValidationError(_("This booking has already been cancelled or moved."))
    if now > booking.slot.starts_at - CHANGE_UNTIL:
        raise ValidationError(
            _(
                "You can cancel or move a speed date until 30 minutes before it "
                "starts. Is something wrong? Tell the employer."
            )
        )
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, seeker, now: datetime | None = None) -> Booking:
    """Cancel one's own booking, until 30 minutes before the slot; the slot
    is free again and both sides are told."""
    now = now or timezone.now()
    booking = _locked_own(booking, seeker, now)
    booking.status = Booking.Status.CANCELLED
    booking.ended_at = now
    booking.save(update_fields=["status", "ended_at"])
    enqueue_on_commit(NOTIFY_TASK, booking.pk, "cancelled")
    return booking


@transaction.atomic
def booking_move(
    *, booking: Booking, slot: Slot, seeker, now: datetime | None = None
) -> Booking:
    """Move one's own booking to another free slot of the same vacancy, until
    30 minutes before the old slot. Returns the new booking (the old one stays,
    marked moved); both sides get a confirmation of the new time."""
    now = now or timezone.now()
    booking = _locked_own(booking, seeker, now)
    if slot.post_id != booking.post_id:
        raise ValidationError(_("Choose a time of the same vacancy."))
    if slot.pk == booking.slot_id:
        raise ValidationError(_("You have already booked this time."))
    _check_can_book(slot=slot, seeker=seeker, now=now)
    booking.status = Booking.Status.MOVED
    booking.ended_at = now
    booking.save(update_fields=["status", "ended_at"])
    return _book(slot=slot, seeker=seeker, now=now)


@transaction.atomic
def booking_mark_no_show(
    *, booking: Booking, no_show: bool = True, now: datetime | None = None
) -> Booking:
    """The employer marks that the job seeker did not come (or takes that
    back): possible once the slot has started."""
    now = now or timezone.now()
    booking = (
        Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
    )
    if booking.slot.starts_at > now:
        raise ValidationError(_("You can mark a no-show once the speed date started."))
    if booking.status not in Booking.ACTIVE:
        raise ValidationError(_("This booking has been cancelled or moved."))
    booking.status = Booking.Status.NO_SHOW if no_show else Booking.Status.BOOKED
    booking.no_show_at = now if no_show else None
    booking.save(update_fields=["status", "no_show_at"])
    return booking

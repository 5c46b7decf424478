"""Reads of speed dates; each selector owns the queries of its page."""

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from fairs.models import Edition, Publication
from members.models import Membership

from .models import Booking, Slot


def _active(slot_ref="pk") -> QuerySet:
    return Booking.objects.filter(slot=OuterRef(slot_ref), status__in=Booking.ACTIVE)


def free_slots(*, publication: Publication, now: datetime) -> QuerySet[Slot]:
    """The slots of the vacancy in the publication's region that have not
    started and nobody booked, soonest first."""
    return (
        Slot.objects.filter(
            post_id=publication.post_id,
            edition__region_id=publication.region_id,
            starts_at__gt=now,
        )
        .exclude(Exists(_active()))
        .order_by("starts_at", "pk")
    )


def booking_of(*, publication: Publication, seeker) -> Booking | None:
    """The job seeker's active booking on this vacancy, if any."""
    if not seeker.is_authenticated:
        return None
    return (
        Booking.objects.filter(
            post_id=publication.post_id, seeker=seeker, status__in=Booking.ACTIVE
        )
        .select_related("slot")
        .first()
    )


def schedule_editions(*, publication: Publication) -> QuerySet[Edition]:
    """The fair days of the region on which the vacancy has slots."""
    return Edition.objects.filter(
        region_id=publication.region_id,
        speed_date_slots__post_id=publication.post_id,
    ).distinct()


def schedule(*, publication: Publication, edition: Edition) -> list[Slot]:
    """The day's slots with who comes: the active booking and the job
    seeker's display name in the region, in one query however many."""
    active = _active()
    name = Membership.objects.filter(
        user_id=OuterRef("booking_seeker_id"), region_id=publication.region_id
    ).order_by("-requested_at")
    return list(
        Slot.objects.filter(post_id=publication.post_id, edition=edition)
        .annotate(
            booking_id=Subquery(active.values("pk")[:1]),
            booking_status=Subquery(active.values("status")[:1]),
            booking_seeker_id=Subquery(active.values("seeker_id")[:1]),
        )
        .annotate(seeker_name=Subquery(name.values("display_name")[:1]))
        .order_by("starts_at", "pk")
    )


def default_edition(*, publication: Publication, now: datetime | None = None):
    """The first fair day with slots that has not ended, else the last one."""
    now = now or timezone.now()
    editions = schedule_editions(publication=publication).order_by("starts_at")
    return editions.filter(ends_at__gt=now).first() or editions.last()

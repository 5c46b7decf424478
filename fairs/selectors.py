"""Reads for the public pages. Each selector owns its joins, so a page runs a
fixed number of queries however many regions and editions there are."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from members.models import Membership

from .models import Edition, Region

ACTIVE_MEMBERS = Count(
    "memberships", filter=Q(memberships__status=Membership.Status.ACTIVE)
)


def regions_overview(
    *, now: datetime | None = None, editions: int = 1
) -> QuerySet[Region]:
    """All regions with their member count and next `editions` editions
    (as `region.next_editions`)."""
    now = now or timezone.now()
    return Region.objects.annotate(member_count=ACTIVE_MEMBERS).prefetch_related(
        Prefetch(
            "editions",
            queryset=Edition.objects.not_closed(now)[:editions],
            to_attr="next_editions",
        )
    )


def region_detail(
    *, slug: str, now: datetime | None = None, editions: int = 6
) -> Region:
    return get_object_or_404(regions_overview(now=now, editions=editions), slug=slug)


def next_edition(*, now: datetime | None = None) -> Edition | None:
    """The first edition, in any region, that is live or still to come."""
    return Edition.objects.not_closed(now).select_related("region").first()


@dataclass
class FairDay:
    """One slot in the calendar with the regions holding a fair in it."""

    starts_at: datetime
    ends_at: datetime
    editions: list[Edition] = field(default_factory=list)

    @property
    def regions(self) -> list[Region]:
        return [edition.region for edition in self.editions]


def calendar_days(
    *, now: datetime | None = None, region: Region | None = None
) -> list[FairDay]:
    """Upcoming and live editions, grouped by time slot, soonest first."""
    editions = Edition.objects.not_closed(now).select_related("region")
    if region is not None:
        editions = editions.filter(region=region)
    days: dict[tuple[datetime, datetime], FairDay] = {}
    for edition in editions.order_by("starts_at", "ends_at", "region__name"):
        key = (edition.starts_at, edition.ends_at)
        days.setdefault(key, FairDay(*key)).editions.append(edition)
    return list(days.values())


def feed_editions(
    *, now: datetime | None = None, region: Region | None = None
) -> QuerySet[Edition]:
    """What a calendar feed carries: editions from a year back on, including
    cancelled ones, so subscribed calendars drop them rather than keep them."""
    now = now or timezone.now()
    editions = Edition.objects.filter(ends_at__gte=now - timedelta(days=366))
    if region is not None:
        editions = editions.filter(region=region)
    return editions.select_related("region").order_by("starts_at", "region__name")

"""The fair that matters now: one definition per region of which edition a
page, a job or the demo is about at any moment. It needs only the calendar
(Region, Edition), so every app may ask it. docs/fair-calendar.md has the
table of moments."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from .models.calendar import Edition, Region


@dataclass(frozen=True)
class FairMoment:
    """Which editions of one region matter at `now`. Every page, job and the
    demo asks this one question, so they agree at every moment of the year
    (docs/fair-calendar.md has the table of moments).

    - `live`: the edition open now (10:00-13:00 on a fair day), if any;
    - `last_closed`: the newest edition that has closed;
    - `upcoming`: the next edition to open (never the live one).
    Cancelled editions never count.
    """

    now: datetime
    live: Edition | None = None
    last_closed: Edition | None = None
    upcoming: Edition | None = None

    @property
    def board(self) -> Edition | None:
        """Where members land: the live fair; after closing the last fair,
        where reactions and follow-up go on until the next one opens; the
        next fair only in a region that has not held one yet."""
        return self.live or self.last_closed or self.upcoming

    @property
    def staff(self) -> Edition | None:
        """What after-fair pages open on: the last closed edition."""
        return self.last_closed

    @property
    def is_live(self) -> bool:
        return self.live is not None

    @property
    def between_fairs(self) -> bool:
        """After a fair closed and before the next opens: the board shows the
        last fair, with what is already placed for the next one beside it."""
        return self.live is None and self.last_closed is not None


def moment_from(now, closed: list[Edition], open_: list[Edition]) -> FairMoment:
    live = open_[0] if open_ and open_[0].starts_at <= now else None
    upcoming = next((e for e in open_ if e.starts_at > now), None)
    return FairMoment(
        now=now,
        live=live,
        last_closed=closed[0] if closed else None,
        upcoming=upcoming,
    )


def fair_moment(*, region: Region, now: datetime | None = None) -> FairMoment:
    """The fair that matters now in one region: two queries."""
    return fair_moments(region_ids=[region.pk], now=now).get(
        region.pk, FairMoment(now=now or timezone.now())
    )


def _ranked(editions, order_by) -> QuerySet[Edition]:
    return editions.annotate(
        rank=Window(RowNumber(), partition_by=[F("region_id")], order_by=order_by)
    )


# What a board keeps of a region's calendar (`fairs.board_cache.calendar`):
# the editions that closed last, newest first, and those not closed yet,
# soonest first (an extra edition open beside a regular one still leaves the
# next fair in view).
CLOSED_KEPT = 4
OPEN_KEPT = 3


def recent_editions(
    *, region_ids, now: datetime
) -> dict[int, tuple[list[Edition], list[Edition]]]:
    """Per region: (the last CLOSED_KEPT closed editions, the next OPEN_KEPT
    not closed), cancelled ones left out. Two queries however many regions
    there are; every region of `region_ids` has an entry."""
    region_ids = list(region_ids)
    recent: dict[int, tuple[list[Edition], list[Edition]]] = {
        region_id: ([], []) for region_id in region_ids
    }
    if not region_ids:
        return recent
    if len(region_ids) == 1:
        # One region (a board): two plain LIMIT queries, without the window
        # functions (a millisecond and a half less).
        (region_id,) = region_ids
        scheduled = Edition.objects.scheduled().filter(region_id=region_id)
        recent[region_id][0].extend(
            scheduled.filter(ends_at__lte=now).order_by("-ends_at", "-pk")[:CLOSED_KEPT]
        )
        recent[region_id][1].extend(
            scheduled.filter(ends_at__gt=now).order_by("starts_at", "pk")[:OPEN_KEPT]
        )
        return recent
    scheduled = Edition.objects.scheduled().filter(region_id__in=region_ids)
    closed = (Q(ends_at__lte=now), [F("ends_at").desc(), F("pk").desc()], CLOSED_KEPT)
    open_ = (Q(ends_at__gt=now), [F("starts_at").asc(), F("pk").asc()], OPEN_KEPT)
    for index, (when, order, kept) in enumerate((closed, open_)):
        for edition in (
            _ranked(scheduled.filter(when), order)
            .filter(rank__lte=kept)
            .order_by("region_id", "rank")
        ):
            recent[edition.region_id][index].append(edition)
    return recent


def fair_moments(*, region_ids, now: datetime | None = None) -> dict[int, FairMoment]:
    """`fair_moment` for many regions at once, in two queries however many
    regions there are (the dashboard, the combined board)."""
    now = now or timezone.now()
    return {
        region_id: moment_from(now, closed, open_)
        for region_id, (closed, open_) in recent_editions(
            region_ids=region_ids, now=now
        ).items()
    }

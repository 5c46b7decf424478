"""Reads for the public fair page (docs/fair-page.md): which fair a page is
about, in which phase it is at `now`, and its figures and newest vacancies.

Everything here is public: counts, and of vacancies only the fields an
employer publishes for everyone (title, organisation, place, sector, level).
Never a pitch's text, never a name or contact detail of a person. The
figures are kept in the shared cache for FIGURES_SECONDS, keyed by the fair
and its phase only, so a burst of visitors at 10:00 counts once."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.cache import cache
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from members.models import Membership

from .models import Edition, EducationLevel, Post, Publication, Reaction, Sector
from .schedule import fair_window

# How long the figures and the newest vacancies may lag behind the board.
FIGURES_SECONDS = 20
TEASER_SIZE = 6

BEFORE, LIVE, AFTER, CANCELLED = "before", "live", "after", "cancelled"


def follow_up(reactions) -> dict:
    """The follow-up of top-level reactions in `reactions` (a Reaction
    queryset): how many there are and how many the post's author answered.
    One query. The edition report (placements) uses the same definition."""
    return reactions.filter(parent__isnull=True).aggregate(
        total=Count("pk"), followed=Count("pk", filter=Q(followed_up_at__isnull=False))
    )


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


@dataclass
class FairPage:
    """One fair as the public sees it: a region's edition, or a national fair
    day (every region's regular edition of that rule date)."""

    starts_at: datetime
    ends_at: datetime
    editions: list[Edition] = field(default_factory=list)
    region: object = None  # the Region of an edition's page, None if national
    day: date | None = None  # the rule date of a national page
    title: str = ""

    @property
    def is_national(self) -> bool:
        return self.region is None

    @property
    def taking_part(self) -> list[Edition]:
        return [e for e in self.editions if not e.is_cancelled]

    @property
    def is_cancelled(self) -> bool:
        return not self.taking_part

    @property
    def key(self) -> str:
        if self.is_national:
            return f"national:{self.day.isoformat()}"
        return f"edition:{self.editions[0].pk}"

    @property
    def url(self) -> str:
        if self.is_national:
            return reverse("fairs:fair-day", kwargs={"day": self.day.isoformat()})
        return reverse(
            "fairs:fair", kwargs={"slug": self.region.slug, "pk": self.editions[0].pk}
        )

    def phase(self, now: datetime) -> str:
        if self.is_cancelled:
            return CANCELLED
        if now < self.starts_at:
            return BEFORE
        if now < self.ends_at:
            return LIVE
        return AFTER

    def valid_until(self, now: datetime) -> datetime | None:
        """The next moment the phase changes (opening or closing), if any."""
        if self.is_cancelled:
            return None
        for moment in (self.starts_at, self.ends_at):
            if now < moment:
                return moment
        return None


def _national(day: date, editions: list[Edition]) -> FairPage:
    taking_part = [e for e in editions if not e.is_cancelled]
    if taking_part:
        starts_at = min(e.starts_at for e in taking_part)
        ends_at = max(e.ends_at for e in taking_part)
    else:
        starts_at, ends_at = fair_window(day)
    return FairPage(starts_at=starts_at, ends_at=ends_at, editions=editions, day=day)


def _day_editions(day: date) -> list[Edition]:
    return list(
        Edition.objects.filter(kind=Edition.Kind.REGULAR, scheduled_date=day)
        .select_related("region")
        .order_by("region__name")
    )


def national_fair(*, day: date | None = None, now: datetime | None = None) -> FairPage:
    """The national fair of `day` (404 if no region holds one then); without
    `day` the one that matters now: live, else the next, else the last one.
    Two queries. Raises Http404 when there is no national fair at all."""
    now = now or timezone.now()
    if day is None:
        regular = Edition.objects.scheduled().filter(kind=Edition.Kind.REGULAR)
        day = (
            regular.filter(ends_at__gt=now)
            .order_by("starts_at", "pk")
            .values_list("scheduled_date", flat=True)
            .first()
        ) or (
            regular.filter(ends_at__lte=now)
            .order_by("-ends_at", "-pk")
            .values_list("scheduled_date", flat=True)
            .first()
        )
        if day is None:
            raise Http404("No national fair")
    editions = _day_editions(day)
    if not editions:
        raise Http404("No national fair on this day")
    return _national(day, editions)


def edition_fair(*, slug: str, pk: int) -> FairPage:
    """One region's edition. One query."""
    edition = get_object_or_404(
        Edition.objects.select_related("region"), pk=pk, region__slug=slug
    )
    return FairPage(
        starts_at=edition.starts_at,
        ends_at=edition.ends_at,
        editions=[edition],
        region=edition.region,
        title=edition.title,
    )


# What may be shown beyond the members: the board is a closed group whose
# posts are reviewed after they appear, so the public teaser shows only
# vacancies a moderator has seen in their current version, with no open
# report. Moderation owns that rule and registers it here (moderation/apps.py;
# the layers forbid fairs to import it). None registered: nothing is shown.
_public_filters: list = []


def public_filter_register(function) -> None:
    """`function(publications) -> publications` that may be shown publicly."""
    if function not in _public_filters:
        _public_filters.append(function)


def _teaser(editions: list[Edition]) -> list[dict]:
    if not _public_filters:
        return []
    publications = Publication.objects.on_board().filter(
        edition__in=editions, post__kind=Post.Kind.VACANCY
    )
    for public in _public_filters:
        publications = public(publications)
    rows = publications.order_by("-published_at", "-pk").values(
        "pk",
        "post__title",
        "post__organisation",
        "post__place",
        "post__sector",
        "post__education_level",
        "region__name",
    )[:TEASER_SIZE]
    return [
        {
            "title": row["post__title"],
            "organisation": row["post__organisation"],
            "place": row["post__place"],
            "sector": row["post__sector"],
            "education_level": row["post__education_level"],
            "region": row["region__name"],
        }
        for row in rows
    ]


def _figures(page: FairPage, phase: str) -> dict:
    """The counts of a fair: four queries, five with the teaser."""
    editions = page.taking_part
    offered = Publication.objects.filter(
        edition__in=editions, status__in=Publication.OFFERED
    )
    posts = offered.aggregate(
        vacancies=Count("pk", filter=Q(post__kind=Post.Kind.VACANCY)),
        pitches=Count("pk", filter=Q(post__kind=Post.Kind.PITCH)),
    )
    reactions = follow_up(Reaction.objects.filter(publication__in=offered))
    members = Membership.objects.filter(
        region_id__in=[e.region_id for e in editions],
        status=Membership.Status.ACTIVE,
    ).count()
    return {
        "vacancies": posts["vacancies"],
        "pitches": posts["pitches"],
        "reactions": reactions["total"],
        "followed": reactions["followed"],
        "follow_up_rate": percent(reactions["followed"], reactions["total"]),
        "members": members,
        "regions": len(editions),
        "teaser": _teaser(editions) if phase == LIVE else [],
    }


def fair_figures(*, page: FairPage, now: datetime | None = None) -> dict:
    """The public figures of `page` at `now` (empty when it is cancelled),
    from the shared cache when they were counted less than FIGURES_SECONDS
    ago: counts and the newest vacancies' public fields, nothing personal."""
    now = now or timezone.now()
    phase = page.phase(now)
    if phase == CANCELLED:
        return {}
    key = f"fairs:fair-figures:{page.key}:{phase}"
    figures = cache.get(key)
    if figures is None:
        figures = _figures(page, phase)
        cache.set(key, figures, FIGURES_SECONDS)
    # Labels in the visitor's language (the cache holds the codes).
    for row in figures["teaser"]:
        row["sector_label"] = Sector(row["sector"]).label
        row["education_level_label"] = EducationLevel(row["education_level"]).label
    return figures


def live_fair_link(*, now: datetime | None = None) -> str | None:
    """The fair page to point to while a fair is live anywhere: the national
    page when a regular edition is live, else the live extra edition's page.
    One query."""
    now = now or timezone.now()
    live = (
        Edition.objects.live(now)
        .select_related("region")
        .order_by("-kind", "starts_at", "pk")  # "regular" before "extra"
        .first()
    )
    if live is None:
        return None
    if live.kind == Edition.Kind.REGULAR:
        return reverse("fairs:fair-now")
    return reverse("fairs:fair", kwargs={"slug": live.region.slug, "pk": live.pk})

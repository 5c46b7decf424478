"""The live dashboard of a fair morning (docs/after-the-fair.md, "Live
dashboard"): per region, the figures the project team watches while the fair
is open, and the same main figures summed over every region's edition of that
fair day. After the fair the same figures are final and open the edition
report ("The morning in figures").

Aggregates only, in a fixed number of queries however many posts, reactions
or regions there are. The moderation figures come from moderation's own
selectors (the review queue's meter), not a second definition of them."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from fairs.models import CvView, Edition, Post, Publication, Reaction
from members.models import Membership
from moderation import selectors as moderation

from .report import percent

BUCKET_MINUTES = 10
# The page and its fragment refresh this often while the fair is live; the
# national figures are counted at most once per this many seconds, for all
# project teams together (they name no one).
REFRESH_SECONDS = 15
NATIONAL_SECONDS = 15
# Bars are drawn in steps of this many percent.
BAR_STEP = 5
# Approved and still counted as having joined (ended or left since).
JOINED = (
    Membership.Status.ACTIVE,
    Membership.Status.LEFT,
    Membership.Status.ENDED,
)


@dataclass(frozen=True)
class Bucket:
    """Ten minutes of the fair: when they start, the posts published in
    them, and the bar's height in percent of the busiest bucket (in steps
    of BAR_STEP)."""

    starts_at: datetime
    posts: int
    height: int


@dataclass
class Figures:
    """The main figures of one edition, or of a fair day over all regions."""

    vacancies: int = 0
    pitches: int = 0
    reactions: int = 0
    answered: int = 0
    new_members: int = 0
    cv_downloads: int = 0

    @property
    def posts(self) -> int:
        return self.vacancies + self.pitches

    @property
    def answered_share(self) -> int:
        return percent(self.answered, self.reactions)


@dataclass
class LiveFigures(Figures):
    """A region's figures for one edition; `is_live` adds what is waiting
    for the moderators now."""

    edition: Edition | None = None
    until: datetime | None = None
    is_live: bool = False
    buckets: list[Bucket] = field(default_factory=list)
    joins_waiting: int = 0
    unreviewed: int = 0
    unreviewed_capped: bool = False
    oldest_wait: timedelta | None = None
    moderators_active: int = 0

    @property
    def oldest_wait_minutes(self) -> int | None:
        if self.oldest_wait is None:
            return None
        return int(self.oldest_wait.total_seconds() // 60)


def bucket_starts(edition: Edition) -> list[datetime]:
    """The start of every ten minutes between the edition's opening and its
    closing (18 for 10:00-13:00)."""
    step = timedelta(minutes=BUCKET_MINUTES)
    starts, moment = [], edition.starts_at
    while moment < edition.ends_at:
        starts.append(moment)
        moment += step
    return starts


def _bar(posts: int, most: int) -> int:
    if not most:
        return 0
    return round(100 * posts / most / BAR_STEP) * BAR_STEP


def _window(edition: Edition, now: datetime) -> tuple[datetime, datetime]:
    """From the opening to now, or to the closing once the fair has closed."""
    return edition.starts_at, min(now, edition.ends_at)


def _posts(publications, starts: list[datetime]) -> dict:
    """Vacancies, pitches and the posts per bucket: one query. A post
    published at exactly the end of a bucket belongs to the next."""
    step = timedelta(minutes=BUCKET_MINUTES)
    buckets = {
        f"b{i}": Count(
            "pk", filter=Q(published_at__gte=start, published_at__lt=start + step)
        )
        for i, start in enumerate(starts)
    }
    return publications.aggregate(
        vacancies=Count("pk", filter=Q(post__kind=Post.Kind.VACANCY)),
        pitches=Count("pk", filter=Q(post__kind=Post.Kind.PITCH)),
        **buckets,
    )


def _reactions(publications) -> dict:
    """Top-level reactions and how many the post's author followed up (the
    report's "followed up": `Reaction.followed_up_at`): one query."""
    return Reaction.objects.filter(
        publication__in=publications, parent__isnull=True
    ).aggregate(
        total=Count("pk"), answered=Count("pk", filter=Q(followed_up_at__isnull=False))
    )


def region_figures(
    *, region, edition: Edition, now: datetime | None = None, queue: bool = True
):
    """The dashboard of one region for one edition at `now`: live figures
    while it is open, final figures once it has closed (what is waiting for
    the moderators only while it is live, and only with `queue`: the report
    leaves it out). A fixed number of queries."""
    now = now or timezone.now()
    opened, until = _window(edition, now)
    is_live = edition.starts_at <= now < edition.ends_at and not edition.is_cancelled
    publications = Publication.objects.filter(
        region=region, edition=edition, status__in=Publication.OFFERED
    )
    starts = bucket_starts(edition)
    posts = _posts(publications, starts)
    reactions = _reactions(publications)
    members = Membership.objects.filter(region=region).aggregate(
        new=Count(
            "pk",
            filter=Q(status__in=JOINED, decided_at__gte=opened, decided_at__lt=until),
        ),
        waiting=Count("pk", filter=Q(status=Membership.Status.PENDING)),
    )
    cv_downloads = CvView.objects.filter(
        region=region, viewed_at__gte=opened, viewed_at__lt=until
    ).count()
    counts = [posts[f"b{i}"] for i in range(len(starts))]
    most = max(counts, default=0)
    figures = LiveFigures(
        edition=edition,
        until=until,
        is_live=is_live,
        vacancies=posts["vacancies"],
        pitches=posts["pitches"],
        reactions=reactions["total"],
        answered=reactions["answered"],
        new_members=members["new"] if now >= opened else 0,
        joins_waiting=members["waiting"],
        cv_downloads=cv_downloads if now >= opened else 0,
        buckets=[
            Bucket(starts_at=start, posts=n, height=_bar(n, most))
            for start, n in zip(starts, counts, strict=True)
        ],
    )
    if is_live and queue:
        # The review queue's meter: who moderates now, how long the oldest
        # post waits; the count capped like the queue's own.
        activity = moderation.activity(region=region, now=now)
        waiting = (
            moderation.waiting(region=region)
            .order_by(*moderation.QUEUE_ORDER)
            .values("pk")
        )
        unreviewed = Publication.objects.filter(
            pk__in=waiting[: moderation.QUEUE_COUNT_CAP + 1]
        ).count()
        figures.moderators_active = len(activity["active"])
        figures.oldest_wait = activity["oldest_wait"]
        figures.unreviewed = min(unreviewed, moderation.QUEUE_COUNT_CAP)
        figures.unreviewed_capped = unreviewed > moderation.QUEUE_COUNT_CAP
    return figures


def _national(*, day, now: datetime) -> dict:
    editions = Edition.objects.scheduled().filter(
        starts_at__date=day, starts_at__lte=now
    )
    window = editions.aggregate(
        opened=Min("starts_at"),
        closing=Max("ends_at"),
        regions=Count("region_id", distinct=True),
    )
    if window["opened"] is None:
        return {"regions": 0, "figures": Figures()}
    # The fair day's window: from the first opening to now, at most to the
    # last closing.
    opened, until = window["opened"], min(now, window["closing"])
    publications = Publication.objects.filter(
        edition__in=editions, status__in=Publication.OFFERED
    )
    posts = publications.aggregate(
        vacancies=Count("pk", filter=Q(post__kind=Post.Kind.VACANCY)),
        pitches=Count("pk", filter=Q(post__kind=Post.Kind.PITCH)),
    )
    reactions = _reactions(publications)
    regions = editions.values("region_id")
    new_members = Membership.objects.filter(
        region_id__in=regions,
        status__in=JOINED,
        decided_at__gte=opened,
        decided_at__lt=until,
    ).count()
    cv_downloads = CvView.objects.filter(
        region_id__in=regions, viewed_at__gte=opened, viewed_at__lt=until
    ).count()
    return {
        "regions": window["regions"],
        "figures": Figures(
            vacancies=posts["vacancies"],
            pitches=posts["pitches"],
            reactions=reactions["total"],
            answered=reactions["answered"],
            new_members=new_members,
            cv_downloads=cv_downloads,
        ),
    }


def national_figures(*, edition: Edition, now: datetime | None = None) -> dict:
    """The main figures summed over every region's edition on the fair day
    of `edition` (a fair day is national), counted at most once per
    NATIONAL_SECONDS for everyone: counts only, no one is named."""
    now = now or timezone.now()
    day = timezone.localtime(edition.starts_at).date()
    key = f"placements:live:national:{day.isoformat()}"
    national = cache.get(key)
    if national is None:
        national = _national(day=day, now=now)
        cache.set(key, national, NATIONAL_SECONDS)
    return national

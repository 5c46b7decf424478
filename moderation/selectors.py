"""Reads for the moderators' pages."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, FirstValue, Lower, NullIf
from django.utils import timezone

from banenmarkt.audit_actions import action_choices
from banenmarkt.models import AuditEntry, BsnFlag
from banenmarkt.prepared import Prepared
from fairs.models import Post, Publication, Region
from members.models import Membership, RegionRole

from .models import CLAIM_MINUTES, Claim, Removal, Report

MODERATING = (RegionRole.Role.MODERATOR, RegionRole.Role.PROJECT_TEAM)
ACTIVE_MINUTES = 15
TODAY_SECONDS = 30
# Actions only moderators take: they tell who is moderating right now.
MODERATOR_ACTIONS = (
    "moderation.publication.liked",
    "moderation.publication.unliked",
    "moderation.publication.removed",
    "moderation.publication.removal_proposed",
    "moderation.publication.removal_confirmed",
    "moderation.publication.removal_rejected",
    "moderation.publication.restored",
    "moderation.publication.clarified",
    "moderation.cv.checked",
    "banenmarkt.bsn_flag.checked",
    "members.membership.approved",
    "members.membership.question_asked",
    "members.membership.declined",
    "members.membership.ended",
)


def _count(queryset) -> Subquery:
    """A scalar COUNT(*) subquery, so several counts come back in one query."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .annotate(n=Func(F("pk"), function="COUNT"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def reviewed(publications: QuerySet[Publication]) -> QuerySet[Publication]:
    """On the board and seen: the published ones that are not `unreviewed`
    (liked in their current version, no open report, no CV waiting for a
    moderator). What may be shown beyond the members: the public fair page's
    newest vacancies (registered with fairs in apps.py)."""
    open_report = Report.objects.filter(
        publication=OuterRef("pk"), handled_at__isnull=True
    )
    return (
        publications.filter(
            status=Publication.Status.PUBLISHED,
            review__post_version__gte=F("post__version"),
        )
        .exclude(Exists(open_report))
        .exclude(post__cv_state=Post.CvState.MODERATOR)
    )


# The queue's order. A capped count reads its rows in this order too: then
# PostgreSQL walks the queue's index (region, published_at, id) and stops
# after the cap; unordered it may walk the posts' primary key instead, 22 ms
# against 1.4 ms with 25,000 waiting (docs/performance.md).
QUEUE_ORDER = ("published_at", "pk")


def unreviewed(publications: QuerySet[Publication]) -> QuerySet[Publication]:
    """On the board and waiting for a moderator: not reviewed, edited since
    the like, reported by a member since (a report on a post that was
    already seen must reach someone), or with a scanned CV that OCR could not
    read (it stays until a moderator marks the CV checked)."""
    open_report = Report.objects.filter(
        publication=OuterRef("pk"), handled_at__isnull=True
    )
    return publications.filter(status=Publication.Status.PUBLISHED).filter(
        Q(review__isnull=True)
        | Q(review__post_version__lt=F("post__version"))
        | Exists(open_report)
        | Q(post__cv_state=Post.CvState.MODERATOR)
    )


def moderator_counts(*, user) -> dict[str, int]:
    """For the navigation: join requests and unreviewed posts waiting in the
    regions the user moderates, in one query. Posts are counted up to
    QUEUE_COUNT_CAP + 1 (`unreviewed_capped`: "more than 500")."""

    regions = Region.objects.all()
    if not user.is_superuser:
        regions = regions.filter(
            pk__in=RegionRole.objects.filter(user=user, role__in=MODERATING).values(
                "region_id"
            )
        )
    region_ids = regions.values("pk")
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            pending_joins=_count(
                Membership.objects.filter(
                    status=Membership.Status.PENDING, region_id__in=region_ids
                )
            ),
            # Capped like the queue's own count: at most QUEUE_COUNT_CAP + 1
            # rows are read, on every page, however long the queue is.
            unreviewed_posts=_count(
                Publication.objects.filter(
                    pk__in=unreviewed(
                        Publication.objects.filter(region_id__in=region_ids)
                    )
                    .order_by(*QUEUE_ORDER)
                    .values("pk")[: QUEUE_COUNT_CAP + 1]
                )
            ),
        )
        .values("pending_joins", "unreviewed_posts")
        .first()
    ) or {"pending_joins": 0, "unreviewed_posts": 0}
    row["unreviewed_capped"] = row["unreviewed_posts"] > QUEUE_COUNT_CAP
    return row


QUEUE_FILTERS = ("bsn", "reported", "new_org", "cv")


def _open_reports():
    return Report.objects.filter(publication=OuterRef("pk"), handled_at__isnull=True)


def _earlier_from_same_org():
    return (
        Publication.objects.filter(
            Q(published_at__lt=OuterRef("published_at"))
            | Q(published_at=OuterRef("published_at"), pk__lt=OuterRef("pk")),
            region=OuterRef("region"),
            post__kind="vacancy",
        )
        .annotate(org=Lower("post__organisation"))
        .filter(org=Lower(OuterRef("post__organisation")))
    )


def _first_of_organisation(region: Region, items) -> None:
    """`is_new_org` on each item: a vacancy that is the first of its
    organisation in the region (the earliest published, the lower id on a
    tie). One query over the page's organisations, through the index on the
    lowered organisation name; a test per row over all of the region's
    publications took 2 ms a row with 25,000 posts (docs/performance.md)."""
    # Lowered by the database on both sides (`org_lower` comes with the
    # page; Python's lower() differs from SQLite's and PostgreSQL's for some
    # letters), and as a list of values, so the organisation index is used.
    vacancies = [item for item in items if item.post.kind == Post.Kind.VACANCY]
    organisations = {item.org_lower for item in vacancies}
    firsts = set()
    if organisations:
        # An organisation's first is never later than its vacancy on the
        # page: what was published after the page's latest need not be read
        # (the queue's first pages, the ones read most, read little).
        latest = max(item.published_at for item in vacancies)
        firsts = set(
            Publication.objects.filter(
                region=region, post__kind=Post.Kind.VACANCY, published_at__lte=latest
            )
            .annotate(org=Lower("post__organisation"))
            .filter(org__in=organisations)
            .annotate(
                first=Window(
                    FirstValue("pk"),
                    partition_by=[F("org")],
                    order_by=[F("published_at").asc(), F("pk").asc()],
                )
            )
            .values_list("first", flat=True)
            .distinct()
        )
    for item in items:
        item.is_new_org = item.pk in firsts


def waiting(*, region: Region, only: str = "") -> QuerySet[Publication]:
    """The publications of `review_queue`, filtered, without what each item
    shows: for counting and for the claimed list (cheaper to build and to
    compile than the annotated queue)."""
    queue = unreviewed(Publication.objects.filter(region=region))
    if only == "bsn":
        queue = queue.filter(bsn_flag=True)
    elif only == "reported":
        queue = queue.filter(Exists(_open_reports()))
    elif only == "new_org":
        queue = queue.filter(post__kind="vacancy").filter(
            ~Exists(_earlier_from_same_org())
        )
    elif only == "cv":
        queue = queue.filter(post__cv_state=Post.CvState.MODERATOR)
    return queue


def review_queue(*, region: Region, only: str = "") -> QuerySet[Publication]:
    """Publications waiting for review in a region, oldest first, with what
    each item shows in the same query: the author's display name and kind in
    this region, reported (with the first open report's reason) and the
    review (whose snapshot tells what changed). Whether a vacancy is the
    organisation's first in the region is worked out for a page only
    (`_first_of_organisation`)."""
    # The author's profile in this region: the latest membership, whatever
    # its state, so a post of someone who just left still names them.
    author_in_region = Membership.objects.filter(
        user=OuterRef("post__author"), region=OuterRef("region")
    ).order_by("-requested_at", "-pk")
    return (
        waiting(region=region, only=only)
        .select_related("post", "review__reviewed_by")
        .annotate(
            is_reported=Exists(_open_reports()),
            report_reasons=Subquery(
                _open_reports().order_by("created_at").values("reason")[:1]
            ),
            author_name=Subquery(author_in_region.values("display_name")[:1]),
            author_kind=Subquery(author_in_region.values("kind")[:1]),
            org_lower=Lower("post__organisation"),
        )
        .order_by(*QUEUE_ORDER)
    )


QUEUE_PAGE_SIZE = 25
# The queue says "more than 500" rather than count every waiting post: the
# count reads at most this many rows plus one, however long the queue.
QUEUE_COUNT_CAP = 500


def queue_cursor(publication: Publication) -> str:
    """Where the next page starts: after this publication, in the queue's
    order (published_at, pk). UTC with a "Z", so the value needs no escaping
    beyond the usual."""
    moment = publication.published_at.astimezone(UTC)
    return f"{moment.strftime('%Y-%m-%dT%H:%M:%S.%fZ')},{publication.pk}"


def queue_cursor_parse(value: str) -> tuple[datetime, int] | None:
    """The position of a cursor, or None (the first page) for anything that
    is not one."""
    moment, _sep, pk = (value or "").partition(",")
    try:
        parsed = datetime.fromisoformat(moment)
        number = int(pk)
    except ValueError:
        return None
    # A pk beyond a bigint would make the database refuse the query.
    if parsed.tzinfo is None or not 1 <= number < 2**63:
        return None
    return parsed, number


@dataclass
class QueuePage:
    """One page of the review queue, paginated by keyset: a page starts after
    the last item of the previous one (`?na=<published_at>,<pk>`), so an item
    reviewed in between shifts nothing and no item is shown twice or skipped.
    No OFFSET and no full COUNT: `count` stops at QUEUE_COUNT_CAP + 1."""

    items: list[Publication]
    count: int
    after: str = ""
    next_cursor: str = ""
    # Up to CLAIMED_SHOWN publications of the same queue another moderator
    # is looking at (not in `items`), each with `claimed_by_name` and
    # `claimed_at`.
    claimed: list[Publication] = field(default_factory=list)

    @property
    def is_first(self) -> bool:
        return not self.after

    @property
    def count_capped(self) -> bool:
        return self.count > QUEUE_COUNT_CAP


CLAIMED_SHOWN = 10


def live_claims(*, now: datetime | None = None) -> QuerySet[Claim]:
    """Claims younger than CLAIM_MINUTES: the ones the others see."""
    now = now or timezone.now()
    return Claim.objects.filter(claimed_at__gt=now - timedelta(minutes=CLAIM_MINUTES))


def review_queue_page(
    *,
    region: Region,
    only: str = "",
    after: str = "",
    size: int = QUEUE_PAGE_SIZE,
    moderator=None,
    now: datetime | None = None,
    compiled: bool = True,
) -> QueuePage:
    """A page of `review_queue` in four queries, however many posts wait:
    the capped count, the page (one row more, to know whether there is a
    next page), the regions each post on the page is published in and which
    of its vacancies are their organisation's first.

    For a `moderator`, one query more (the others' live claims), and one
    more when there are any: the page leaves out what another moderator is
    looking at, so two people do not read the same post, and `claimed`
    lists those (up to CLAIMED_SHOWN, oldest first). The count still counts
    them: they are waiting all the same.

    The first page of a filter and its count run queries compiled once per
    process (`_compiled_first_page`), the page's posts then read by id: one
    query more, and a quarter less time on the benchmark's data (building
    and compiling the annotated queue cost more than running it).
    `compiled=False` takes the ordinary querysets (tests compare the two)."""
    first_page = (
        compiled
        and queue_cursor_parse(after) is None
        and size == QUEUE_PAGE_SIZE
        and only in ("", *QUEUE_FILTERS)
    )
    if first_page:
        count = len(_COUNTS[only].rows(region_id=region.pk))
    else:
        count = (
            waiting(region=region, only=only)
            .order_by(*QUEUE_ORDER)
            .values("pk")[: QUEUE_COUNT_CAP + 1]
            .count()
        )
    claimed = []
    others = []
    if moderator is not None:
        # Driven from the few live claims, not by testing every waiting post;
        # most pages meet none, and then the claimed list is not asked for.
        others = list(
            live_claims(now=now)
            .filter(publication__region=region)
            .exclude(moderator=moderator)
            .values_list("publication_id", flat=True)
        )
    if others:
        claimed = list(
            waiting(region=region, only=only)
            .filter(pk__in=others)
            .select_related("post")
            .order_by("published_at", "pk")
            .annotate(
                claimed_by_name=Coalesce(
                    NullIf("claim__moderator__name", Value("")),
                    "claim__moderator__email",
                    output_field=CharField(),
                ),
                claimed_at=F("claim__claimed_at"),
            )[:CLAIMED_SHOWN]
        )
    rows = _compiled_first_page(region, only, others) if first_page else None
    if rows is None:
        queue = review_queue(region=region, only=only)
        if others:
            queue = queue.exclude(pk__in=others)
        position = queue_cursor_parse(after)
        if position is None:
            after = ""
        else:
            moment, pk = position
            queue = queue.filter(
                Q(published_at__gt=moment) | Q(published_at=moment, pk__gt=pk)
            )
        rows = list(queue[: size + 1])
    else:
        after = ""
    items = rows[:size]
    kinds = dict(Membership.Kind.choices)
    for publication in items:
        publication.changes = changes_since_review(publication)
        publication.author_kind_label = kinds.get(publication.author_kind, "")
    # Where else the same text is read: on the board now, or from the fair.
    regions: dict[int, list[tuple[str, bool]]] = {}
    for post_id, name, status in (
        Publication.objects.filter(
            post_id__in=[publication.post_id for publication in items],
            status__in=(Publication.Status.PUBLISHED, Publication.Status.SCHEDULED),
        )
        .order_by("region__name")
        .values_list("post_id", "region__name", "status")
    ):
        regions.setdefault(post_id, []).append(
            (name, status == Publication.Status.SCHEDULED)
        )
    for publication in items:
        publication.region_names = regions.get(publication.post_id, [])
    _first_of_organisation(region, items)
    return QueuePage(
        items=items,
        count=count,
        after=after,
        next_cursor=queue_cursor(items[-1]) if len(rows) > size else "",
        claimed=claimed,
    )


# What `review_queue` annotates, read as values by the compiled first page.
_ANNOTATED = (
    "is_reported",
    "report_reasons",
    "author_name",
    "author_kind",
    "org_lower",
)
# The compiled first page reads this many rows more than it shows, so that
# the posts others are looking at can be left out in Python. With more of
# them among the first rows, the ordinary queryset is used.
CLAIM_ROOM = 25


def _first_page_query(only: str) -> Prepared:
    return Prepared(
        lambda region_id: (
            review_queue(region=Region(pk=region_id), only=only)
            .values_list("pk", *_ANNOTATED)
            .order_by(*QUEUE_ORDER)[: QUEUE_PAGE_SIZE + 1 + CLAIM_ROOM]
        ),
        region_id=int,
    )


def _count_query(only: str) -> Prepared:
    return Prepared(
        lambda region_id: (
            waiting(region=Region(pk=region_id), only=only)
            .order_by(*QUEUE_ORDER)
            .values_list("pk")[: QUEUE_COUNT_CAP + 1]
        ),
        region_id=int,
    )


_FIRST_PAGES = {only: _first_page_query(only) for only in ("", *QUEUE_FILTERS)}
_COUNTS = {only: _count_query(only) for only in ("", *QUEUE_FILTERS)}


def _compiled_first_page(
    region: Region, only: str, others: list[int]
) -> list[Publication] | None:
    """The first page's rows (QUEUE_PAGE_SIZE + 1) from the compiled query,
    its posts read by id with their review; None when too many of the
    first rows are others' claims to leave out."""
    read = _FIRST_PAGES[only].rows(region_id=region.pk)
    claimed = set(others)
    rows = [row for row in read if row[0] not in claimed]
    wanted = QUEUE_PAGE_SIZE + 1
    if len(rows) < wanted and len(read) == wanted + CLAIM_ROOM:
        return None
    rows = rows[:wanted]
    by_pk = Publication.objects.select_related("post", "review__reviewed_by").in_bulk(
        [row[0] for row in rows]
    )
    page = []
    for pk, *annotated in rows:
        publication = by_pk.get(pk)
        if publication is None:  # deleted in between
            continue
        for name, value in zip(_ANNOTATED, annotated, strict=True):
            setattr(publication, name, value)
        page.append(publication)
    return page


def no_longer_waiting(*, region: Region, pks: list[int]) -> list[int]:
    """Which of these publications (on a moderator's screen) left the queue
    since: liked or removed by someone else, withdrawn. One query."""
    waiting = set(
        unreviewed(Publication.objects.filter(region=region, pk__in=pks)).values_list(
            "pk", flat=True
        )
    )
    return [pk for pk in pks if pk not in waiting]


def pending_removals(*, region: Region) -> QuerySet[Removal]:
    return (
        Removal.objects.filter(
            publication__region=region, status=Removal.Status.PENDING
        )
        .select_related("publication__post", "proposed_by")
        .order_by("proposed_at")
    )


def removed_publications(*, region: Region) -> QuerySet[Removal]:
    return (
        Removal.objects.filter(
            publication__region=region, status=Removal.Status.CONFIRMED
        )
        .select_related("publication__post", "proposed_by", "decided_by")
        .order_by("-decided_at")
    )


def activity(*, region: Region, now=None) -> dict:
    """Who else is moderating (acted in the last ACTIVE_MINUTES, or is
    looking at a post now: a live claim), how much of today is reviewed (up
    to TODAY_SECONDS old, from the cache), and how long the oldest post has
    waited. (The queue keeps the first and the last a few seconds:
    `moderation.sidebar`.)"""
    now = now or timezone.now()
    return activity_from(
        now=now,
        active=active_names(region=region, now=now),
        oldest=oldest_waiting(region=region),
        today=today_counts(region=region, now=now),
    )


def active_names(*, region: Region, now: datetime) -> list[str]:
    """Who acted as a moderator in the last ACTIVE_MINUTES or holds a live
    claim, by name (or email), sorted: one query."""
    since = now - timedelta(minutes=ACTIVE_MINUTES)
    # One query for both: a UNION of who acted and who holds a claim.
    active = list(
        AuditEntry.objects.filter(
            region=region, created_at__gte=since, action__in=MODERATOR_ACTIONS
        )
        .order_by()
        .values_list("actor__name", "actor__email")
        .union(
            live_claims(now=now)
            .filter(publication__region=region)
            .order_by()
            .values_list("moderator__name", "moderator__email")
        )
        .order_by()
    )
    return sorted({name or email for name, email in active})


def oldest_waiting(*, region: Region) -> datetime | None:
    """When the post that has waited longest was published."""
    return (
        unreviewed(Publication.objects.filter(region=region))
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def today_key(*, region: Region, now: datetime) -> str:
    return f"moderation:today:{region.pk}:{timezone.localdate(now).isoformat()}"


def today_counts(*, region: Region, now: datetime, kept=None) -> dict:
    """Today's publications and how many are reviewed. They read every
    publication of the day: counted at most once per TODAY_SECONDS per
    region (`kept`: what the caller already read under `today_key`), not on
    every (polled) render."""
    if kept is not None:
        return kept
    key = today_key(region=region, now=now)
    counts = cache.get(key)
    if counts is None:
        start_of_day = timezone.localtime(now).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        counts = Publication.objects.filter(
            region=region,
            status=Publication.Status.PUBLISHED,
            published_at__gte=start_of_day,
        ).aggregate(
            total=Count("pk"),
            reviewed=Count("pk", filter=Q(review__post_version=F("post__version"))),
        )
        cache.set(key, counts, TODAY_SECONDS)
    return counts


def activity_from(*, now, active, oldest, today) -> dict:
    total, reviewed = today["total"], today["reviewed"]
    return {
        "active": active,
        "today_total": total,
        "today_reviewed": reviewed,
        "today_share": round(100 * reviewed / total) if total else None,
        "oldest_wait": (now - oldest) if oldest else None,
    }


# The after-fair work (placements) is for those who may see it (WSP staff,
# the project team): moderators do not see it in the log either.
AFTER_FAIR_ACTIONS = "placements."


def _log_entries(region: Region, after_fair: bool):
    entries = AuditEntry.objects.filter(region=region)
    if not after_fair:
        entries = entries.exclude(action__startswith=AFTER_FAIR_ACTIONS)
    return entries


def audit_log(
    *,
    region: Region,
    action: str = "",
    actor_id: int | None = None,
    after_fair: bool = True,
):
    entries = _log_entries(region, after_fair).select_related("actor")
    if action:
        entries = entries.filter(action=action)
    if actor_id:
        entries = entries.filter(actor_id=actor_id)
    return entries.order_by("-created_at", "-pk")


def changes_since_review(publication) -> list[tuple[str, str, str]]:
    """(field label, reviewed text, current text) for every field the author
    changed after the like: an edit must not slip past review."""

    try:
        snapshot = publication.review.snapshot
    except Publication.review.RelatedObjectDoesNotExist:
        return []
    current = publication.post.snapshot()
    return [
        (str(Post._meta.get_field(name).verbose_name), snapshot.get(name, ""), value)
        for name, value in current.items()
        if snapshot.get(name, "") != value
    ]


def audit_log_filter_choices(
    *, region: Region, after_fair: bool = True
) -> tuple[list, list]:
    """The log page's filters: the actions that occur in the region's log,
    with their labels, and the people who acted (id, email). Two queries."""
    actions = action_choices(
        _log_entries(region, after_fair)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )
    actors = list(
        _log_entries(region, after_fair)
        .filter(actor__isnull=False)
        .order_by("actor__email")
        .values_list("actor_id", "actor__email")
        .distinct()
    )
    return actions, actors


def open_bsn_flags(*, region: Region) -> QuerySet[BsnFlag]:
    """The region's open "possible BSN" flags, newest first, each with the
    name its writer uses in the region (or their account name)."""
    in_region = Membership.objects.filter(
        region=region, user=OuterRef("written_by_id")
    ).order_by("-requested_at", "-pk")
    return (
        BsnFlag.objects.filter(region=region, checked_at__isnull=True)
        .select_related("written_by")
        .annotate(writer_name=Subquery(in_region.values("display_name")[:1]))
        .order_by("-created_at", "-pk")
    )


def open_bsn_flag_count(*, region: Region) -> int:
    return BsnFlag.objects.filter(region=region, checked_at__isnull=True).count()

"""Reads for the public pages. Each selector owns its joins, so a page runs a
fixed number of queries however many regions and editions there are."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import batched

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Membership
from members.selectors import display_names

from . import board_cache
from .models import (
    CvView,
    Edition,
    PitchDraft,
    Post,
    Publication,
    Reaction,
    Region,
    Sector,
)
from .moments import FairMoment, moment_from, recent_editions

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


# --- The board -----------------------------------------------------------------


BOARD_PAGE_SIZE = 20


def board_editions(
    *, region: Region, edition_id: int | None = None, now=None, request=None
) -> tuple[Edition | None, list[Edition], FairMoment]:
    """The edition a board shows, the editions to switch between (the live
    and next one and the last four that closed, newest first) and the
    region's fair moment: the one asked for, else the fair that matters now
    (`FairMoment.board`). Two queries, three with `edition_id`."""
    now = now or timezone.now()
    closed, open_ = board_cache.calendar(
        region_id=region.pk,
        now=now,
        load=lambda: recent_editions(region_ids=[region.pk], now=now)[region.pk],
        request=request,
    )
    moment = moment_from(now, closed, open_)
    recent = [*reversed(open_), *closed]
    chosen = moment.board
    if edition_id:
        chosen = next((e for e in recent if e.pk == edition_id), None)
        if chosen is None:
            chosen = Edition.objects.filter(region=region, pk=edition_id).first()
    return chosen, recent, moment


# The board's hours filter: [low, below) so that each post is in one range.
HOUR_RANGES = {"0-16": (0, 16), "16-24": (16, 24), "24-32": (24, 32), "32-60": (32, 61)}


def _apply_filters(publications, filters: dict):
    if kind := filters.get("kind"):
        publications = publications.filter(post__kind=kind)
    if level := filters.get("education_level"):
        publications = publications.filter(post__education_level=level)
    if sector := filters.get("sector"):
        publications = publications.filter(post__sector=sector)
    if hours := filters.get("hours"):
        low, below = HOUR_RANGES[hours]
        publications = publications.filter(
            post__hours_per_week__gte=low, post__hours_per_week__lt=below
        )
    if place := filters.get("place"):
        publications = publications.filter(post__place__icontains=place)
    if filters.get("banenafspraak"):
        publications = publications.filter(post__banenafspraak=True)
    if organisation_kind := filters.get("organisation_kind"):
        publications = publications.filter(post__organisation_kind=organisation_kind)
    if query := filters.get("q"):
        publications = search(publications, query)
    return publications


def search(publications, query: str):
    """Dutch full-text search on PostgreSQL (stemming: "verkoper" finds
    "verkopers"); on SQLite every word must occur in the text."""
    if connection.vendor == "postgresql":
        return publications.annotate(
            search=SearchVector("post__search_text", config="dutch")
        ).filter(search=SearchQuery(query, config="dutch", search_type="websearch"))
    for word in query.split()[:10]:
        publications = publications.filter(post__search_text__icontains=word)
    return publications


def _with_author_names(publications):
    """The author's display name in the publication's region (a neutral name
    is fine), in the same query."""
    return publications.annotate(
        author_name=Subquery(
            Membership.objects.filter(
                user=OuterRef("post__author"),
                region=OuterRef("region"),
                status=Membership.Status.ACTIVE,
            ).values("display_name")[:1]
        )
    )


@dataclass
class BoardPage:
    """One page of the board. No COUNT over the table: it fetches one row more
    than it shows to know whether there is a next page. A filtered board
    knows its number of results (`total`), counted in the same query with a
    window; unfiltered, `total` is None."""

    items: list
    number: int
    has_next: bool
    total: int | None = None

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _page(queryset, number: int, size: int, counted: bool = False) -> BoardPage:
    number = max(1, number)
    if not counted:
        rows = list(queryset[(number - 1) * size : number * size + 1])
        return BoardPage(items=rows[:size], number=number, has_next=len(rows) > size)
    rows = list(
        queryset.annotate(board_total=Window(Count("pk")))[
            (number - 1) * size : number * size + 1
        ]
    )
    # An empty page: nothing found, or past the last page (then count).
    total = rows[0].board_total if rows else (queryset.count() if number > 1 else 0)
    return BoardPage(
        items=rows[:size], number=number, has_next=len(rows) > size, total=total
    )


def reaction_counts(publication_ids) -> dict[int, int]:
    """Top-level reactions per publication, for the publications of one page
    only (never an aggregate over the whole table)."""
    return dict(
        Reaction.objects.filter(
            publication_id__in=list(publication_ids), parent__isnull=True
        )
        .values_list("publication_id")
        .annotate(count=Count("pk"))
        .values_list("publication_id", "count")
    )


def reaction_counts_since(publication_ids, since: datetime | None) -> dict:
    """Top-level reactions per publication, how many of them were placed
    after `since` (conditional count) and when the latest was placed, in
    one query: {publication id: (count, new, latest)}."""
    new = Count("pk", filter=Q(created_at__gt=since)) if since else Value(0)
    return {
        pk: (count, new_count, latest)
        for pk, count, new_count, latest in Reaction.objects.filter(
            publication_id__in=list(publication_ids), parent__isnull=True
        )
        .values_list("publication_id")
        .annotate(count=Count("pk"), new=new, latest=Max("created_at"))
        .values_list("publication_id", "count", "new", "latest")
    }


def new_reaction_counts(publication_ids, since: datetime) -> dict[int, int]:
    """Top-level reactions placed after `since`, per publication (the board's
    shared copy fills in each viewer's count with it: fairs.board_cache)."""
    return dict(
        Reaction.objects.filter(
            publication_id__in=list(publication_ids),
            parent__isnull=True,
            created_at__gt=since,
        )
        .values_list("publication_id")
        .annotate(count=Count("pk"))
        .values_list("publication_id", "count")
    )


def _mark_new(publications, since: datetime | None, viewer_id=None) -> None:
    """`reaction_count`, `new_reaction_count`, `last_reaction_at` and `is_new`
    (published after `since`, and not by the viewer: your own post is no
    news to you) on each publication: one query."""
    counts = reaction_counts_since((p.pk for p in publications), since)
    for publication in publications:
        count, new, latest = counts.get(publication.pk, (0, 0, None))
        publication.reaction_count = count
        publication.new_reaction_count = new
        publication.last_reaction_at = latest
        publication.is_new = bool(
            since
            and publication.published_at
            and publication.published_at > since
            and publication.post.author_id != viewer_id
        )


def _board_publications(region: Region, edition: Edition):
    return _with_author_names(
        Publication.objects.on_board()
        .filter(region=region, edition=edition)
        .select_related("post")
    )


def board_page(
    *,
    region: Region,
    edition: Edition,
    filters: dict,
    number: int = 1,
    size: int = BOARD_PAGE_SIZE,
    since: datetime | None = None,
    viewer_id: int | None = None,
) -> BoardPage:
    """The board of one region and edition, newest first: two queries. With
    `since` (fairs.visits), the posts (but the viewer's own) and reactions
    after it are marked new."""
    publications = _apply_filters(_board_publications(region, edition), filters)
    publications = publications.order_by("-published_at", "-pk")
    page = _page(publications, number, size, counted=bool(filters))
    _mark_new(page.items, since, viewer_id)
    return page


def board_newer(
    *,
    region: Region,
    edition: Edition,
    after: int,
    size: int = BOARD_PAGE_SIZE,
) -> list[Publication]:
    """What the live board gets on a poll: the publications on the board
    published after the publication `after` (the newest the visitor has):
    the `size` that follow it, newest first, so a burst of more than `size`
    between two polls arrives over the next polls and none is skipped; two
    queries. `after` is looked up among
    this board's publications only (also one withdrawn since), so an id from
    elsewhere answers nothing."""
    newest = Publication.objects.filter(pk=after, region=region, edition=edition)
    published = Subquery(newest.values("published_at")[:1])
    publications = _board_publications(region, edition)
    if after:
        publications = publications.filter(
            Q(published_at__gt=published) | Q(published_at=published, pk__gt=after)
        )
    items = list(publications.order_by("published_at", "pk")[:size])[::-1]
    _mark_new(items, None)
    for publication in items:
        publication.is_new = True
    return items


def combined_board_page(
    *,
    region_ids: list[int],
    filters: dict,
    number: int = 1,
    size: int = BOARD_PAGE_SIZE,
    now=None,
) -> BoardPage:
    """Posts on the boards of all the given regions, each post once with the
    regions it is in: per region the fair that matters now
    (`FairMoment.board`) and what is already placed for the next fair."""
    now = now or timezone.now()
    # From the regions' kept calendars, as each region's board has them.
    moments = {
        region_id: moment_from(now, closed, open_)
        for region_id, (closed, open_) in board_cache.calendars(
            region_ids=region_ids,
            now=now,
            load=lambda ids: recent_editions(region_ids=ids, now=now),
        ).items()
    }
    edition_ids = {
        edition.pk
        for moment in moments.values()
        for edition in (moment.board, moment.upcoming)
        if edition is not None
    }
    on_board = Publication.objects.on_board().filter(
        region_id__in=region_ids, edition_id__in=edition_ids
    )
    on_board = _apply_filters(on_board, filters)
    # The page's ids first (sorting narrow rows), then its posts: sorting
    # whole posts, texts and all, to keep 20 took most of the query.
    posts = (
        Post.objects.filter(pk__in=on_board.values("post_id"))
        .only("pk")
        .annotate(latest=Max("publications__published_at"))
        .order_by("-latest", "-pk")
    )
    page = _page(posts, number, size, counted=bool(filters))
    whole = Post.objects.in_bulk([post.pk for post in page.items])
    page.items = [whole[post.pk] for post in page.items]
    publications = list(
        _with_author_names(
            Publication.objects.on_board()
            .filter(
                post__in=page.items,
                region_id__in=region_ids,
                edition_id__in=edition_ids,
            )
            .select_related("region", "edition")
        ).order_by("region__name")
    )
    counts = reaction_counts(p.pk for p in publications)
    by_post: dict[int, list] = {}
    for publication in publications:
        publication.reaction_count = counts.get(publication.pk, 0)
        by_post.setdefault(publication.post_id, []).append(publication)
    for post in page.items:
        post.board_publications = by_post.get(post.pk, [])
        post.reaction_count = sum(p.reaction_count for p in post.board_publications)
        post.author_name = next((p.author_name for p in post.board_publications), "")
    return page


NEXT_FAIR_PREVIEW_SIZE = 6


def next_fair_preview(
    *, region: Region, edition: Edition, size: int = NEXT_FAIR_PREVIEW_SIZE
) -> BoardPage:
    """What is already placed on the board for the next fair, newest first,
    shown beside the last fair's board between fairs. One query."""
    publications = _with_author_names(
        Publication.objects.on_board()
        .filter(region=region, edition=edition)
        .select_related("post")
    ).order_by("-published_at", "-pk")
    return _page(publications, 1, size)


THEME_CORNER_SIZE = 6


def theme_corners(*, region: Region, edition: Edition) -> list[dict]:
    """Pitches grouped like stands at a reverse job fair: per theme corner
    the number of pitches and the newest few."""
    pitches = Publication.objects.on_board().filter(
        region=region, edition=edition, post__kind=Post.Kind.PITCH
    )
    counts = dict(
        pitches.values_list("post__sector")
        .annotate(n=Count("pk"))
        .values_list("post__sector", "n")
    )
    newest = (
        _with_author_names(pitches.select_related("post"))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("post__sector")],
                order_by=F("published_at").desc(),
            )
        )
        .filter(rank__lte=THEME_CORNER_SIZE)
        .order_by("post__sector", "rank")
    )
    by_sector: dict[str, list] = {}
    for publication in newest:
        by_sector.setdefault(publication.post.sector, []).append(publication)
    return [
        {
            "sector": value,
            "label": label,
            "count": counts.get(value, 0),
            "pitches": by_sector.get(value, []),
        }
        for value, label in Sector.choices
    ]


def publication_detail(
    *, region: Region, pk: int, viewer=None, is_moderator=False, since=None
):
    """A publication on the board of `region`, with its reactions and replies.
    Off the board (made ready, hidden, withdrawn, removed) only its author and
    the region's moderators see it; for anyone else it does not exist (404).
    Reactions by others placed after `since` (fairs.visits) are `is_new`."""
    publication = get_object_or_404(
        _with_author_names(
            Publication.objects.filter(region=region)
            .select_related("post", "edition", "review__reviewed_by")
            .prefetch_related("clarifications")
        ),
        pk=pk,
    )
    visible = publication.status == Publication.Status.PUBLISHED or is_moderator
    if not visible and (viewer is None or publication.post.author_id != viewer.pk):
        raise Http404
    reactions = list(
        Reaction.objects.filter(publication=publication)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    names = display_names(
        region_ids=[region.pk], user_ids={r.author_id for r in reactions}
    )
    top = []
    replies: dict[int, list] = {}
    for reaction in reactions:
        reaction.author_name = names.get((region.pk, reaction.author_id), "")
        reaction.is_new = bool(
            since
            and reaction.created_at > since
            and (viewer is None or reaction.author_id != viewer.pk)
        )
        if reaction.parent_id:
            replies.setdefault(reaction.parent_id, []).append(reaction)
        else:
            top.append(reaction)
    for reaction in top:
        reaction.reply_list = replies.get(reaction.pk, [])
    pitches = _pitches_by_author(
        region=region,
        user_ids={r.author_id for r in reactions} - {publication.post.author_id},
    )
    for reaction in reactions:
        reaction.author_pitches = pitches.get(reaction.author_id, [])
    return publication, top


def _pitches_by_author(*, region: Region, user_ids) -> dict[int, list[Publication]]:
    """{user id: their pitches on the board of `region`, newest first}: from
    a reaction to the person who wrote it, in one query for all reactions."""
    if not user_ids:
        return {}
    by_author: dict[int, list[Publication]] = {}
    for publication in (
        Publication.objects.on_board()
        .filter(region=region, post__kind=Post.Kind.PITCH, post__author_id__in=user_ids)
        .select_related("post")
        .order_by("-published_at", "-pk")
    ):
        by_author.setdefault(publication.post.author_id, []).append(publication)
    return by_author


def my_posts(*, user) -> list[Post]:
    """The author's posts with their publications and who viewed the CV. A
    viewer is shown by the name they use in that region (a neutral name
    stays neutral), never by their email address.

    Per publication: the reactions from others (`top_reactions`, oldest
    first, each with the reacting member's name in that region), split in
    those still waiting for an answer (`open_reactions`) and the answered
    (`answered_reactions`). A constant number of queries, however many
    posts and reactions."""
    posts = list(
        Post.objects.filter(author=user)
        .prefetch_related(
            Prefetch(
                "publications",
                queryset=Publication.objects.select_related(
                    "region", "edition"
                ).prefetch_related(
                    Prefetch(
                        "reactions",
                        queryset=Reaction.objects.filter(parent=None)
                        .exclude(author=F("publication__post__author"))
                        .order_by("created_at", "pk"),
                        to_attr="top_reactions",
                    )
                ),
            ),
            Prefetch("cv_views", queryset=CvView.objects.select_related("region")),
        )
        .order_by("-created_at")
    )
    views = [view for post in posts for view in post.cv_views.all()]
    for post in posts:
        for publication in post.publications.all():
            publication.open_reactions = [
                r for r in publication.top_reactions if r.followed_up_at is None
            ]
            publication.answered_reactions = [
                r for r in publication.top_reactions if r.followed_up_at is not None
            ]
    open_reactions = [
        (publication.region_id, reaction)
        for post in posts
        for publication in post.publications.all()
        for reaction in publication.top_reactions
    ]
    names = display_names(
        region_ids={v.region_id for v in views}
        | {region_id for region_id, _reaction in open_reactions},
        user_ids={v.viewer_id for v in views}
        | {reaction.author_id for _region_id, reaction in open_reactions},
    )
    for view in views:
        view.viewer_label = names.get((view.region_id, view.viewer_id)) or _(
            "A moderator or WSP staff member"
        )
    for region_id, reaction in open_reactions:
        reaction.author_label = names.get((region_id, reaction.author_id)) or _(
            "A member who left"
        )
    return posts


# The post's author gets at most one email per post in this time, listing
# every reaction since the last one (a busy vacancy gets tens in a morning).
REACTION_EMAIL_INTERVAL = timedelta(minutes=10)


def reactions_bundles_due(
    *, now: datetime | None = None, limit: int = 500
) -> list[int]:
    """Posts with reactions waiting for their bundle whose last email is at
    least REACTION_EMAIL_INTERVAL old (or that never had one)."""
    now = now or timezone.now()
    recent = Reaction.objects.filter(
        publication=OuterRef("publication"),
        author_notified_at__gt=now - REACTION_EMAIL_INTERVAL,
    )
    return list(
        Reaction.objects.filter(parent=None, author_notified_at=None)
        .exclude(author=F("publication__post__author"))
        .filter(~Exists(recent))
        .values_list("publication", flat=True)
        .distinct()
        .order_by("publication")[:limit]
    )


# Download my data: what the registry cannot find by owner
# (banenmarkt/data_export.py; declared in fairs/privacy.py) ----------------------

EXPORT_CHUNK = 500


def _someone_with_a_role() -> str:
    return _("someone with a role in the region, or a former member")


def cv_views_of_author(user) -> Iterator[dict]:
    """Who downloaded the person's CVs: by their name in that region. A
    viewer without a membership there has a role (moderator, WSP staff) or
    left the region, and is named as such."""
    views = (
        CvView.objects.filter(post__author=user)
        .order_by("viewed_at", "pk")
        .values("post__title", "region_id", "region__name", "viewer_id", "viewed_at")
    )
    for chunk in batched(views.iterator(chunk_size=EXPORT_CHUNK), EXPORT_CHUNK):
        names = display_names(
            region_ids={v["region_id"] for v in chunk},
            user_ids={v["viewer_id"] for v in chunk},
        )
        for view in chunk:
            yield {
                "post": view["post__title"],
                "region": view["region__name"],
                "viewed_by": names.get((view["region_id"], view["viewer_id"]))
                or _someone_with_a_role(),
                "viewed_at": view["viewed_at"],
            }


def reactions_to_author(user) -> Iterator[dict]:
    """Reactions others wrote under the person's posts, by the writer's name
    in that region (the person's own are in the registry's file)."""
    reactions = (
        Reaction.objects.filter(publication__post__author=user)
        .exclude(author=user)
        .order_by("created_at", "pk")
        .values(
            "publication__post__title",
            "publication__region_id",
            "publication__region__name",
            "author_id",
            "text",
            "created_at",
            "followed_up_at",
        )
    )
    for chunk in batched(reactions.iterator(chunk_size=EXPORT_CHUNK), EXPORT_CHUNK):
        names = display_names(
            region_ids={r["publication__region_id"] for r in chunk},
            user_ids={r["author_id"] for r in chunk},
        )
        for reaction in chunk:
            region_id = reaction["publication__region_id"]
            yield {
                "post": reaction["publication__post__title"],
                "region": reaction["publication__region__name"],
                "from": names.get((region_id, reaction["author_id"]))
                or _someone_with_a_role(),
                "text": reaction["text"],
                "created_at": reaction["created_at"],
                "followed_up_at": reaction["followed_up_at"],
            }


def pitch_draft_of(*, user) -> PitchDraft | None:
    """The pitch a member started and did not publish yet."""
    return PitchDraft.objects.filter(author=user).first()

"""What is new on a board since a member's previous visit.

A page view writes nothing to the database, so the visit markers live in the
cache (Redis in production, failing open: `banenmarkt.cache`): one key per
member with a marker per region, kept `VISIT_TTL` after the latest view
(a region's marker unused that long is dropped). A marker holds two moments:

- `last`: the member's latest view of the board;
- `since`: where the visit that is going on started to count as new, which is
  the `last` of the visit before.

A visit is a run of board views less than `VISIT_GAP` apart: reloading or
paging keeps `since`, so the "New" labels do not vanish at the first click.
A first visit ever (no marker, or an expired one) marks nothing new. When
the cache cannot be reached, a read is a miss: nothing is marked and the
board works as before.

The navigation counts, per region the member may read, the publications
published after `last` (posts the member has not seen on the board), cached
per user for `NAV_COUNT_SECONDS` like the other counts in the header."""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from banenmarkt.cache import request_get
from members.permissions import board_regions_q

from .models import Publication

VISIT_TTL = int(timedelta(days=90).total_seconds())
VISIT_GAP = timedelta(minutes=30)
# Saving `last` again within this time changes nothing that matters: fewer
# cache writes on a member paging through the board.
TOUCH_EVERY = timedelta(minutes=1)
NAV_COUNT_SECONDS = 20


def visits_key(user_id: int) -> str:
    return f"fairs:visits:{user_id}"


def nav_key(user_id: int) -> str:
    return f"fairs:board-new:{user_id}"


def _markers(user_id: int, request=None) -> dict:
    """{region id: {"since": datetime | None, "last": datetime}}; empty on a
    miss or when the cache is down. With the `request`, what it read ahead
    (`banenmarkt.cache.read_ahead`)."""
    markers = request_get(request, visits_key(user_id))
    return markers if isinstance(markers, dict) else {}


def board_visit(
    *, user, region, now: datetime | None = None, request=None
) -> datetime | None:
    """Record a view of `region`'s board by `user` and answer the moment
    after which posts and reactions are new for them (None: mark nothing)."""
    now = now or timezone.now()
    if not user.is_authenticated:
        return None
    markers = _markers(user.pk, request)
    marker = markers.get(region.pk)
    if marker is None:
        since = None
    elif now - marker["last"] < VISIT_GAP:
        since = marker.get("since")
        if now - marker["last"] < TOUCH_EVERY:
            return since
    else:
        since = marker["last"]
    markers = {
        pk: m
        for pk, m in markers.items()
        if now - m["last"] < timedelta(seconds=VISIT_TTL)
    }
    markers[region.pk] = {"since": since, "last": now}
    cache.set(visits_key(user.pk), markers, VISIT_TTL)
    _nav_seen(user.pk, region.pk, markers, request)
    return since


def _nav_seen(user_id: int, region_id: int, markers: dict, request=None) -> None:
    """The header's count now has nothing new in this region. Kept without
    counting again, so the board page runs no extra query for it: the
    cached count loses this region, and a member who visited only this
    board has nothing new anywhere. (Read through the `request`: what it
    read ahead is used up here, so its header reads the new count.)"""
    counts = request_get(request, nav_key(user_id))
    if counts is not None:
        regions = [row for row in counts["regions"] if row["id"] != region_id]
        counts = {"total": sum(row["count"] for row in regions), "regions": regions}
    elif set(markers) == {region_id}:
        counts = {"total": 0, "regions": []}
    else:
        return
    cache.set(nav_key(user_id), counts, NAV_COUNT_SECONDS)


def board_since(*, user, region) -> datetime | None:
    """The threshold of the visit going on, without recording a view (the
    post page marks the reactions new since the member's previous visit)."""
    if not user.is_authenticated:
        return None
    marker = _markers(user.pk).get(region.pk)
    return marker.get("since") if marker else None


def new_counts(*, user) -> dict:
    """Publications published after the member's last view of each board
    they visited, in the regions whose board they may still read, but their
    own: one query
    (conditional count grouped by region, on the index of published
    publications by region and time), none when no board was visited.

    Answers {"total": n, "regions": [{"id", "name", "slug", "count"}, …]}
    with only the regions that have something new, by name."""
    seen = Q()
    for region_id, marker in sorted(_markers(user.pk).items()):
        seen |= Q(region_id=region_id, published_at__gt=marker["last"])
    if not seen:
        return {"total": 0, "regions": []}
    rows = (
        Publication.objects.on_board()
        .filter(seen)
        .filter(board_regions_q(user, "region_id"))
        .exclude(post__author=user)  # your own post is no news to you
        .values("region_id", "region__name", "region__slug")
        .annotate(count=Count("pk"))
        .order_by("region__name")
    )
    regions = [
        {
            "id": row["region_id"],
            "name": row["region__name"],
            "slug": row["region__slug"],
            "count": row["count"],
        }
        for row in rows
    ]
    return {"total": sum(r["count"] for r in regions), "regions": regions}


def counts_cached(user, request=None) -> dict:
    """`new_counts`, at most one query per user every NAV_COUNT_SECONDS
    (read ahead with the header's other counts for `request`)."""
    counts = request_get(request, nav_key(user.pk))
    if counts is None:
        counts = new_counts(user=user)
        cache.set(nav_key(user.pk), counts, NAV_COUNT_SECONDS)
    return counts


def visits_forget(*, user, now=None) -> None:
    """An account deleted: its visit markers and count go with it (they hold
    only region ids and moments, but they are about the person)."""
    cache.delete_many([visits_key(user.pk), nav_key(user.pk)])

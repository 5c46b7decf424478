"""The board's shared content cache (issue 19, docs/performance.md).

What a board page shows is the same for every member of the region: the
filters, the cards, the pagination. It is rendered once and kept in the
cache (Redis in production, failing open) under a key of the region's board
*version*, the edition, the page, the filters and the language; everyone
reading that page gets the same copy. What differs per viewer stays out of
it: where a card's "New" label and its count of new reactions go, the copy
holds a marker (an HTML comment, which escaped user text can never contain),
filled in per request from a few facts kept beside the copy
(`BoardContent.for_viewer`).

Every write that changes what a board shows (a publish, an edit, a like, a
removal, a withdrawal, a reaction) calls `board_changed` inside its
transaction: when it commits, the region's version moves on, so the next
request builds a new copy. A removed post never shows after the removal's
response. Copies expire after `BOARD_CACHE_SECONDS` anyway, so a change no
write announces (a member renaming themselves) shows within that time.
`BOARD_CACHE_SECONDS = 0` switches the cache off (the benchmark measures
both); the page is then built the same way, only not kept.

Searches with free text (`q`, `place`) and query strings with anything else
are not kept: they are one person's, and an unknown parameter would end up
in other people's links."""

import hashlib
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from banenmarkt.cache import request_get_many
from banenmarkt.page_copy import PageCopy

# Query-string keys a kept copy may depend on; with any other key the page
# is built for that request only.
KEPT_PARAMETERS = frozenset(
    {
        "page",
        "editie",
        "kind",
        "education_level",
        "sector",
        "hours",
        "organisation_kind",
        "banenafspraak",
    }
)
MARKER = re.compile(r"<!--bm:(new|nr):([0-9]+)-->")


def _version_key(region_id: int) -> str:
    return f"fairs:board-version:{region_id}"


def _calendar_key(region_id: int) -> str:
    return f"fairs:board-calendar:{region_id}"


def board_changed(*, region_ids: Iterable[int]) -> None:
    """What the boards of `region_ids` show changed: their copies go. The
    version moves at once (so a read later in the same transaction, or in a
    test, which never commits, builds anew) and again when the transaction
    commits: a request that read the board between the two kept the old
    content under the first new version, and the second one drops that."""
    ids = {int(pk) for pk in region_ids}
    if not ids:
        return

    def move_on() -> None:
        version = uuid.uuid4().hex  # not the clock: tests stop it
        cache.set_many({_version_key(pk): version for pk in ids}, timeout=None)

    move_on()
    transaction.on_commit(move_on)


def _version(region_id: int) -> str | None:
    """The region's board version; None when the cache cannot be reached
    (then nothing is kept)."""
    key = _version_key(region_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key)
    return version


def calendar_keys(region_id: int) -> list[str]:
    """What `calendar` reads: a page may read them ahead
    (`banenmarkt.cache.read_ahead`)."""
    return [_version_key(region_id), _calendar_key(region_id)]


def calendar(
    *, region_id: int, now: datetime, load: Callable[[], tuple], request=None
) -> tuple:
    """The region's recent editions for its board (`selectors.board_editions`:
    the last closed ones and the open ones, `moments.recent_editions`), kept
    with the board's version and only until an open edition closes, the
    moment the lists change by themselves. A change to an edition moves the
    version."""
    return calendars(
        region_ids=[region_id],
        now=now,
        load=lambda ids: {region_id: load()},
        request=request,
    )[region_id]


def calendars(
    *,
    region_ids: Iterable[int],
    now: datetime,
    load: Callable[[list[int]], dict],
    request=None,
) -> dict[int, tuple]:
    """`calendar` for several regions (the combined board): what is kept in
    one round trip (none when the `request` read it ahead), what is not
    from `load(missing ids)` at once."""
    region_ids = list(region_ids)
    seconds = settings.BOARD_CACHE_SECONDS
    if not seconds or not region_ids:
        return load(region_ids) if region_ids else {}
    found = request_get_many(
        request, [key for pk in region_ids for key in calendar_keys(pk)]
    )
    lists_by_region: dict[int, tuple] = {}
    versions: dict[int, str | None] = {}
    for pk in region_ids:
        version, kept = found.get(_version_key(pk)), found.get(_calendar_key(pk))
        if (
            version is not None
            and isinstance(kept, tuple)
            and kept[0] == version
            and now < kept[1]
            and now >= kept[2]
        ):
            lists_by_region[pk] = kept[3]
        else:
            # The version before the lists: a change in between drops them.
            versions[pk] = version if version is not None else _version(pk)
    if versions:
        loaded = load(list(versions))
        keep = {}
        for pk, version in versions.items():
            lists = lists_by_region[pk] = loaded[pk]
            if version is not None:
                until = min(
                    [now + timedelta(seconds=seconds), *(e.ends_at for e in lists[1])]
                )
                keep[_calendar_key(pk)] = (version, until, now, lists)
        if keep:
            cache.set_many(keep, timeout=seconds)
    return lists_by_region


@dataclass(frozen=True)
class Card:
    """What the per-viewer parts of a card are worked out from."""

    pk: int
    published_at: datetime | None
    author_id: int
    last_reaction_at: datetime | None


@dataclass
class BoardContent:
    """A rendered board page with markers, and the facts to fill them."""

    html: str
    cards: list[Card] = field(default_factory=list)

    def for_viewer(
        self,
        *,
        since: datetime | None,
        viewer_id: int | None,
        new_reaction_counts: Callable[[list[int], datetime], dict[int, int]],
    ) -> SafeString:
        """The page for one viewer: "New" on posts published after `since`
        (never their own), and per card the reactions placed after `since`,
        counted with one query only for cards that have any."""
        new_posts, counts = set(), {}
        if since is not None:
            new_posts = {
                card.pk
                for card in self.cards
                if card.published_at
                and card.published_at > since
                and card.author_id != viewer_id
            }
            with_new = [
                card.pk
                for card in self.cards
                if card.last_reaction_at and card.last_reaction_at > since
            ]
            if with_new:
                counts = new_reaction_counts(with_new, since)
        new_label = format_html(
            '<span class="badge badge--new">{}</span> · ', gettext("New")
        )

        def fill(match: re.Match) -> str:
            kind, pk = match.group(1), int(match.group(2))
            if kind == "new":
                return new_label if pk in new_posts else ""
            count = counts.get(pk, 0)
            if not count:
                return ""
            text = ngettext(
                "%(counter)s new reaction", "%(counter)s new reactions", count
            ) % {"counter": count}
            return f" ({text})"

        # The copy was rendered by our templates, with every user text
        # escaped; the markers are replaced by our own escaped HTML.
        return mark_safe(MARKER.sub(fill, self.html))  # noqa: S308 # nosec B308, B703


# Raise when the kept markup or `BoardContent` changes, so a deploy does not
# serve the old copies for their last minute.
COPY_VERSION = 1
# Pages kept per filter; later pages (rarely read) are built per request.
KEPT_PAGES = 100


def keepable(parameters) -> bool:
    """Whether a page with these (valid) query parameters is kept for
    everyone: known keys with one value each, the first `KEPT_PAGES` pages,
    and at most one filter. That bounds the copies per region and version
    (a flood of made-up query strings builds pages, it does not fill the
    cache); a combination of filters is one person's search."""
    if not all(key in KEPT_PARAMETERS for key in parameters):
        return False
    if any(len(parameters.getlist(key)) != 1 for key in parameters):
        return False
    page = parameters.get("page", "1")
    if not re.fullmatch(r"[0-9]{1,3}", page) or not 1 <= int(page) <= KEPT_PAGES:
        return False
    if not re.fullmatch(r"[0-9]{1,18}", parameters.get("editie", "0")):
        return False
    # The form accepts any value for a checkbox; a kept copy only "on" (what
    # the browser sends), so made-up values cannot each make a copy.
    if parameters.get("banenafspraak", "on") != "on":
        return False
    return len(set(parameters) - {"page", "editie"}) <= 1


def board_content(
    *,
    region_id: int,
    edition_id: int,
    parameters,
    valid: bool,
    live: bool,
    build: Callable[[], BoardContent],
) -> BoardContent:
    """The shared copy of a board page, built by `build` when there is none
    (or when the cache is off, unreachable, or the page is not kept: see
    `keepable`; `valid`: the filters passed the form)."""
    seconds = settings.BOARD_CACHE_SECONDS
    if not seconds or not valid or not keepable(parameters):
        return build()
    version = _version(region_id)
    if version is None:
        return build()
    # Encoded, so no value can pass for another key ("1&page=2").
    query = urlencode(sorted(parameters.items()))
    digest = hashlib.sha256(query.encode()).hexdigest()[:24]
    key = (
        f"fairs:board:{COPY_VERSION}:{region_id}:{version}:{edition_id}:"
        f"{int(live)}:{get_language()}:{digest}"
    )
    content = cache.get(key)
    if not isinstance(content, BoardContent):
        content = build()
        cache.set(key, content, timeout=seconds)
    return content


# --- The whole page ------------------------------------------------------------
#
# Around the shared content, a board page is the same for every viewer with
# the same rights at the same moment, but for its personal parts (the menu's
# counts, messages, the live banner, CSRF tokens: banenmarkt.page_copy). The
# page is kept whole per region version, edition, query, language, live
# flag and `page_parts` (the viewer's rights, the editions' states by the
# clock, the path: what the view says the page depends on). A kept page
# carries the version it was built under, so one round trip reads both.


@dataclass
class BoardPage:
    """A kept board page: the page with its markers, and the facts to fill
    the cards' per-viewer parts."""

    page: PageCopy
    cards: list[Card] = field(default_factory=list)


PAGE_VERSION = 1


def page_key(
    *, region_id: int, edition_id: int, parameters, valid: bool, live: bool, parts
) -> str | None:
    """The key of the whole page, or None when it is not kept (the cache is
    off, the query is not kept, the filters are invalid)."""
    if not settings.BOARD_CACHE_SECONDS or not valid or not keepable(parameters):
        return None
    query = urlencode(sorted(parameters.items()))
    digest = hashlib.sha256(repr((query, parts)).encode()).hexdigest()[:32]
    return (
        f"fairs:board-page:{PAGE_VERSION}:{COPY_VERSION}:{region_id}:{edition_id}:"
        f"{int(live)}:{get_language()}:{digest}"
    )


def kept_page(*, region_id: int, key: str) -> tuple[str | None, BoardPage | None]:
    """The region's version and the page kept under `key` if it was built
    under that version: one round trip."""
    found = cache.get_many([_version_key(region_id), key])
    version, kept = found.get(_version_key(region_id)), found.get(key)
    if version is None:
        return _version(region_id), None
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == version:
        page = kept[1]
        if isinstance(page, BoardPage):
            return version, page
    return version, None


def keep_page(*, key: str, version: str | None, page: BoardPage) -> None:
    """Keep `page` as built under `version` (read before it was built: a
    change in between moves the version, and the page is not used)."""
    if version is not None:
        cache.set(key, (version, page), timeout=settings.BOARD_CACHE_SECONDS)

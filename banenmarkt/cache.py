"""The Redis cache, failing open: when Redis is down or hung, reads are
misses and writes are skipped after a short timeout (django-redis with
IGNORE_EXCEPTIONS), so sessions (cached_db: the database keeps them), pages
and rate limits carry on.

One more step for locks: allauth's rate limits take a lock with `add()`; a
lock that can never be taken would refuse every login (429). Here `add()`
answers "taken" when Redis cannot be reached: the rate limit lets the request
through, and the lost limit is logged as a security event."""

from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.http import HttpRequest
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

from .security import security_event


class FailOpenRedisCache(RedisCache):
    def add(self, *args, **kwargs):
        try:
            return self.client.add(*args, **kwargs)
        except ConnectionInterrupted:
            security_event("cache.unreachable", operation="add")
            return True


# --- Read ahead: one round trip for the small reads of every page ---------------
#
# The header of every signed-in page reads a few small cached values (the
# menu's counts of three apps, the live banner), each in a round trip of its
# own. Each app registers its keys (shared, or per signed-in user); the first
# `request_get` of a page reads all of them in one `get_many`, with the keys
# the page itself names early (`read_ahead`: the board's calendar and visit
# markers). A value read ahead is used once: a second read of the same key
# goes to the cache.

_SHARED: list[str] = []
_PER_USER: list[Callable[[int], str]] = []
_ATTRIBUTE = "_banenmarkt_read_ahead"


def read_ahead_register(
    *, key: str = "", key_for_user: Callable[[int], str] | None = None
) -> None:
    """A key every page may read through `request_get` (`key`), or one per
    signed-in user (`key_for_user(user_id)`)."""
    if key and key not in _SHARED:
        _SHARED.append(key)
    if key_for_user is not None and key_for_user not in _PER_USER:
        _PER_USER.append(key_for_user)


def _keys_for(request: HttpRequest) -> set[str]:
    keys = set(_SHARED)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        keys.update(key_for_user(user.pk) for key_for_user in _PER_USER)
    return keys


def read_ahead(request: HttpRequest | None, keys: Iterable[str]) -> None:
    """Read `keys` now, in the same round trip as the page's registered keys
    when they have not been read yet: a page that knows early which cached
    values it will need (the board: its calendar and the visit markers)
    saves a round trip per value. `request_get` and `request_get_many`
    then answer them from what was read."""
    if request is None:
        return
    wanted = set(keys)
    ahead = getattr(request, _ATTRIBUTE, None)
    if ahead is None:
        wanted |= _keys_for(request)
        setattr(request, _ATTRIBUTE, (wanted, cache.get_many(sorted(wanted))))
        return
    asked, found = ahead
    wanted -= asked
    if wanted:
        found.update(cache.get_many(sorted(wanted)))
        asked |= wanted


def request_get(request: HttpRequest | None, key: str):
    """`cache.get(key)`, read ahead with the registered keys of `request`."""
    if request is None:
        return cache.get(key)
    if getattr(request, _ATTRIBUTE, None) is None:
        read_ahead(request, [key])
    asked, found = getattr(request, _ATTRIBUTE)
    if key in asked:
        asked.discard(key)
        return found.pop(key, None)
    return cache.get(key)


def request_get_many(request: HttpRequest | None, keys: Iterable[str]) -> dict:
    """`cache.get_many(keys)`, answering what was read ahead from memory
    (once) and reading only the rest."""
    keys = list(keys)
    ahead = getattr(request, _ATTRIBUTE, None) if request is not None else None
    if ahead is None:
        return cache.get_many(keys)
    asked, found = ahead
    result, rest = {}, []
    for key in keys:
        if key in asked:
            asked.discard(key)
            if key in found:
                result[key] = found.pop(key)
        else:
            rest.append(key)
    if rest:
        result.update(cache.get_many(rest))
    return result

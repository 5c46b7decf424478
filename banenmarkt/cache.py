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
# own. Each app registers how to name its keys for a request; the first
# `request_get` of a page reads all of them in one `get_many`. A value read
# ahead is used once: a second read of the same key goes to the cache.

_READ_AHEAD: list[Callable[[HttpRequest], Iterable[str]]] = []
_ATTRIBUTE = "_banenmarkt_read_ahead"


def read_ahead_register(keys_for: Callable[[HttpRequest], Iterable[str]]) -> None:
    """`keys_for(request)`: the keys a page for this request is likely to
    read through `request_get`."""
    if keys_for not in _READ_AHEAD:
        _READ_AHEAD.append(keys_for)


def request_get(request: HttpRequest | None, key: str):
    """`cache.get(key)`, read ahead with the registered keys of `request`."""
    if request is None:
        return cache.get(key)
    ahead = getattr(request, _ATTRIBUTE, None)
    if ahead is None:
        keys = {key}
        for keys_for in _READ_AHEAD:
            keys.update(keys_for(request))
        ahead = (keys, cache.get_many(sorted(keys)))
        setattr(request, _ATTRIBUTE, ahead)
    asked, found = ahead
    if key in asked:
        asked.discard(key)
        return found.pop(key, None)
    return cache.get(key)

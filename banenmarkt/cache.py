"""The Redis cache, failing open: when Redis is down or hung, reads are
misses and writes are skipped after a short timeout (django-redis with
IGNORE_EXCEPTIONS), so sessions (cached_db: the database keeps them), pages
and rate limits carry on.

One more step for locks: allauth's rate limits take a lock with `add()`; a
lock that can never be taken would refuse every login (429). Here `add()`
answers "taken" when Redis cannot be reached: the rate limit lets the request
through, and the lost limit is logged as a security event."""

from collections.abc import Callable

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
# `request_get` of a page reads all of them in one `get_many`. A value read
# ahead is used once: a second read of the same key goes to the cache.

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


def request_get(request: HttpRequest | None, key: str):
    """`cache.get(key)`, read ahead with the registered keys of `request`."""
    if request is None:
        return cache.get(key)
    ahead = getattr(request, _ATTRIBUTE, None)
    if ahead is None:
        keys = {key, *_keys_for(request)}
        ahead = (keys, cache.get_many(sorted(keys)))
        setattr(request, _ATTRIBUTE, ahead)
    asked, found = ahead
    if key in asked:
        asked.discard(key)
        return found.pop(key, None)
    return cache.get(key)

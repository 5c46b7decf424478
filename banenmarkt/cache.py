"""The Redis cache, failing open: when Redis is down or hung, reads are
misses and writes are skipped after a short timeout (django-redis with
IGNORE_EXCEPTIONS), so sessions (cached_db: the database keeps them), pages
and rate limits carry on.

One more step for locks: allauth's rate limits take a lock with `add()`; a
lock that can never be taken would refuse every login (429). Here `add()`
answers "taken" when Redis cannot be reached: the rate limit lets the request
through, and the lost limit is logged as a security event."""

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

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from banenmarkt.cache import read_ahead_register, request_get

from .selectors import moderator_counts

# The navigation's counts are read on every page a moderator opens (and on
# every poll of the review queue): kept this long per user in the cache,
# so a busy morning does not count the queue on each request. A count may
# lag this many seconds behind; the queue itself is always current.
NAV_COUNT_SECONDS = 20


def _key(user_id: int) -> str:
    return f"moderation:nav:{user_id}"


def _counts(user, request=None) -> dict:
    key = _key(user.pk)
    counts = request_get(request, key)
    if counts is None:
        counts = moderator_counts(user=user)
        cache.set(key, counts, NAV_COUNT_SECONDS)
    return counts


def moderator_counts_for_navigation(request):
    """`moderator_counts` for the navigation (join requests and unreviewed
    posts in the regions the user moderates): one query at most every
    NAV_COUNT_SECONDS per user, run only when a page shows it to a
    signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"moderator_counts": SimpleLazyObject(lambda: _counts(user, request))}


read_ahead_register(key_for_user=_key)

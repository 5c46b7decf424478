from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from banenmarkt.cache import read_ahead_register, request_get

from .selectors import conversation_counts
from .services import nav_cache_key

# Read on every page a member opens: kept this long per user, like the
# moderators' counts (moderation/context_processors.py). Answering or
# opening a conversation in the inbox clears the key at once; a reaction
# placed on the board shows within this many seconds.
NAV_COUNT_SECONDS = 20


def counts_cached(user, request=None) -> dict:
    counts = request_get(request, nav_cache_key(user.pk))
    if counts is None:
        counts = counts_refresh(user)
    return counts


def counts_refresh(user, listing=None) -> dict:
    """Count afresh and keep it (the inbox does, as it changes what is read;
    with the `listing` it has read)."""
    counts = conversation_counts(user=user, listing=listing)
    cache.set(nav_cache_key(user.pk), counts, NAV_COUNT_SECONDS)
    return counts


def conversation_counts_for_navigation(request):
    """`conversation_counts` for the header and the dashboard, computed only
    when a page shows it to a signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "conversation_counts": SimpleLazyObject(lambda: counts_cached(user, request))
    }


read_ahead_register(key_for_user=nav_cache_key)

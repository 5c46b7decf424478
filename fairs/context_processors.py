from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from banenmarkt.cache import read_ahead_register, request_get

from .fair_page import live_fair_link
from .visits import counts_cached, nav_key

# Whether a fair is live is asked on every page (the banner in base.html):
# kept this long in the shared cache, the same for everyone, so it costs one
# query per LIVE_BANNER_SECONDS, not one per page view. The banner may show
# up to this long after opening or closing.
LIVE_BANNER_SECONDS = 30
KEY = "fairs:live-banner"


def board_new_for_navigation(request):
    """What is new on the boards a member visited (`fairs.visits.new_counts`)
    for the header, the combined board and the dashboard: at most one query
    per user every NAV_COUNT_SECONDS, run only when a page shows it to a
    signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"board_new": SimpleLazyObject(lambda: counts_cached(user, request))}


def _live_fair(request=None) -> dict:
    banner = request_get(request, KEY)
    if banner is None:
        banner = {"url": live_fair_link()}
        cache.set(KEY, banner, LIVE_BANNER_SECONDS)
    return banner


def live_fair_banner(request):
    """`live_fair.url`: the fair page to point to while a fair is live
    anywhere (None otherwise), for the site-wide banner."""
    return {"live_fair": SimpleLazyObject(lambda: _live_fair(request))}


read_ahead_register(key=KEY, key_for_user=nav_key)

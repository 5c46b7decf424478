"""Sessions that end when idle, and the admin site behind the second step."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from banenmarkt.security import security_event

from .accounts import holds_role, second_factor_missing, second_factor_redirect

SEEN_KEY = "banenmarkt_seen"
LIMIT_KEY = "banenmarkt_idle_limit"
# The moment of the last request is kept in the cache (not the session), at
# most this often: a page view writes nothing to the database.
SEEN_RESOLUTION = 60


def _marker_key(session_key: str) -> str:
    return f"idle:{session_key}"


def idle_marker_set(session_key: str, *, seen: float, limit: int) -> None:
    """When the session was last seen and its idle limit, in the cache; kept
    a while past the limit so an idle session is recognised as idle."""
    cache.set(_marker_key(session_key), (seen, limit), timeout=2 * limit)


class IdleTimeoutMiddleware:
    """A session idle for longer than IDLE_TIMEOUT_STAFF (people with a role)
    or IDLE_TIMEOUT_MEMBER (everyone else) ends: the next request is signed
    out and sent to the login page, which says why.

    The last request's moment lives in the cache (a marker per session,
    refreshed at most once a minute), so a page view writes no session. The
    session keeps a copy that is written at most once per half limit (an
    hour for roles); its own expiry is 1.5 times the limit from that write,
    so an idle session is gone from the store after at most 1.5 times the
    limit. Without the marker (the cache was lost, or is down) the session's
    copy decides: it may be half a limit behind the last request, so then
    the session ends at 1.5 times the limit (with its expiry), never early,
    and the copy is written once a minute again until the marker is back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = timezone.now().timestamp()
            stored_seen, stored_limit = session.get(SEEN_KEY), session.get(LIMIT_KEY)
            marker = (
                cache.get(_marker_key(session.session_key))
                if session.session_key
                else None
            )
            if marker is not None:
                seen, limit = marker
                idle = now - seen > limit
            else:
                seen, limit = stored_seen, stored_limit
                idle = (
                    seen is not None and limit is not None and now - seen > 1.5 * limit
                )
            if idle:
                security_event("session.idle_timeout", request=request)
                cache.delete(_marker_key(session.session_key))
                logout(request)
                messages.info(
                    request,
                    _(
                        "You were away for a while, so we signed you out. Sign in again."
                    ),
                )
                return redirect_to_login(request.get_full_path())
            if marker is None or now - marker[0] >= SEEN_RESOLUTION:
                # Whether the user has a role is looked up here, once a
                # minute, not on every request.
                limit = int(
                    (
                        settings.IDLE_TIMEOUT_STAFF
                        if holds_role(user)
                        else settings.IDLE_TIMEOUT_MEMBER
                    ).total_seconds()
                )
                if session.session_key:
                    idle_marker_set(session.session_key, seen=now, limit=limit)
            every = SEEN_RESOLUTION if marker is None else limit / 2
            if (
                stored_seen is None
                or stored_limit != limit
                or now - stored_seen >= every
                # A session from before the marker kept a shorter expiry.
                or session.get("_session_expiry") != int(limit * 1.5)
            ):
                session[SEEN_KEY], session[LIMIT_KEY] = now, limit
                session.set_expiry(int(limit * 1.5))
            if request.path.startswith(reverse("admin:index")) and (
                second_factor_missing(user)
            ):
                return second_factor_redirect(request)
        return self.get_response(request)

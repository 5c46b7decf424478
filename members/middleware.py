"""Sessions that end when idle, and the admin site behind the second step."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from banenmarkt.security import security_event

from .accounts import holds_role, second_factor_missing, second_factor_redirect

SEEN_KEY = "banenmarkt_seen"
LIMIT_KEY = "banenmarkt_idle_limit"
# The moment of the last request is written to the session at most this often
# (a write per request would cost a database write per page view).
SEEN_RESOLUTION = 60


class IdleTimeoutMiddleware:
    """A session idle for longer than IDLE_TIMEOUT_STAFF (people with a role)
    or IDLE_TIMEOUT_MEMBER (everyone else) ends: the next request is signed
    out and sent to the login page, which says why. The session's own expiry
    follows the same limit, so an idle session is also gone from the store."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = timezone.now().timestamp()
            seen, limit = session.get(SEEN_KEY), session.get(LIMIT_KEY)
            if seen is not None and limit is not None and now - seen > limit:
                security_event("session.idle_timeout", request=request)
                logout(request)
                messages.info(
                    request,
                    _(
                        "You were away for a while, so we signed you out. Sign in again."
                    ),
                )
                return redirect_to_login(request.get_full_path())
            if seen is None or limit is None or now - seen >= SEEN_RESOLUTION:
                # Whether the user has a role is looked up here, once a
                # minute, not on every request.
                limit = int(
                    (
                        settings.IDLE_TIMEOUT_STAFF
                        if holds_role(user)
                        else settings.IDLE_TIMEOUT_MEMBER
                    ).total_seconds()
                )
                session[SEEN_KEY], session[LIMIT_KEY] = now, limit
                session.set_expiry(limit)
            if request.path.startswith(reverse("admin:index")) and (
                second_factor_missing(user)
            ):
                return second_factor_redirect(request)
        return self.get_response(request)

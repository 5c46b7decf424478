"""Signing in as people do: codes of the authenticator app that role holders
have (tests/factories.py), and a session that authenticated a moment ago (for
pages behind allauth's reauthentication)."""

import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.utils import timezone

from members.accounts import holds_role
from members.middleware import LIMIT_KEY, SEEN_KEY, idle_marker_set

from .factories import TOTP_SECRET


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The code the app shows now."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def sign_in_fresh(client, user) -> None:
    """Signed in, with the password typed again just now on allauth's
    reauthentication page: pages behind it open for
    ACCOUNT_REAUTHENTICATION_TIMEOUT seconds."""
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    # Seen just now, as after any page: the idle-timeout bookkeeping (once a
    # minute) is not what a query count of the next page measures.
    limit = (
        settings.IDLE_TIMEOUT_STAFF
        if holds_role(user)
        else settings.IDLE_TIMEOUT_MEMBER
    )
    session[SEEN_KEY] = timezone.now().timestamp()
    session[LIMIT_KEY] = int(limit.total_seconds())
    session.set_expiry(int(limit.total_seconds() * 1.5))
    session.save()
    idle_marker_set(
        session.session_key, seen=session[SEEN_KEY], limit=session[LIMIT_KEY]
    )

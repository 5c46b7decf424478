"""Security events as structured lines an operator can ship: one JSON object
per line on the `banenmarkt.security` logger (failed logins, refusals (403),
stopped CV downloads, ...). Never a password, a token or a BSN; an email
address only where it is the subject of a failed login, so that repeated
guessing can be seen."""

import json
import logging

from allauth.account.adapter import get_adapter
from allauth.account.signals import login_code_rejected
from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.views.defaults import permission_denied as django_permission_denied

logger = logging.getLogger("banenmarkt.security")


def client_ip(request) -> str:
    """The address the request came from, as allauth sees it for its own
    limits: REMOTE_ADDR, or behind `DJANGO_TRUSTED_PROXY_COUNT` proxies the
    address in X-Forwarded-For that the nearest trusted proxy saw (settings:
    ALLAUTH_TRUSTED_PROXY_COUNT). Empty when it cannot be told."""
    if request is None:
        return ""
    try:
        return get_adapter(request).get_client_ip(request) or ""
    except (PermissionDenied, ImproperlyConfigured):
        return ""


def security_event(event: str, *, request=None, **fields) -> None:
    record = {"event": event, **fields}
    if request is not None:
        record.setdefault("ip", client_ip(request))
        record.setdefault("path", request.path)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            record.setdefault("user_id", user.pk)
    logger.warning(json.dumps(record, sort_keys=True, default=str))


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    login = credentials.get("email") or credentials.get("username") or ""
    security_event("login.failed", request=request, login=str(login)[:254])


def permission_denied(request, exception: PermissionDenied | None = None, **kwargs):
    """Django's 403 page, after a line in the security log."""
    security_event("http.403", request=request)
    return django_permission_denied(request, exception, **kwargs)


def on_login_code_rejected(sender, request, user, last_attempt=False, **kwargs):
    security_event(
        "login.code_locked" if last_attempt else "login.code_rejected",
        request=request,
        target_user_id=user.pk,
    )


def _authenticator_event(event: str):
    def receiver(sender, request, user, authenticator, **kwargs) -> None:
        security_event(
            event,
            request=request,
            target_user_id=user.pk,
            authenticator=getattr(authenticator, "type", ""),
        )

    return receiver


# Changes to someone's second step (allauth.mfa), by its signals.
MFA_EVENTS = {
    "authenticator_added": "mfa.added",
    "authenticator_removed": "mfa.removed",
    "authenticator_reset": "mfa.reset",
    "authentication_failed": "mfa.failed",
}
_mfa_receivers = {
    name: _authenticator_event(event) for name, event in MFA_EVENTS.items()
}


def connect() -> None:
    """Called from BanenmarktConfig.ready: logging only, no core flow."""
    user_login_failed.connect(on_login_failed, dispatch_uid="banenmarkt.security")
    login_code_rejected.connect(
        on_login_code_rejected, dispatch_uid="banenmarkt.security"
    )
    for name, receiver in _mfa_receivers.items():
        getattr(mfa_signals, name).connect(
            receiver, dispatch_uid=f"banenmarkt.security.{name}"
        )

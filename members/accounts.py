"""Signing in for people with a role: a second step, no login by emailed
code, and the checks that hold the pages of a role until the second step is
set up (docs/security.md).

Moderators, project teams, WSP staff and admins see CVs, contact lists and
the audit log of a region. Their account needs an authenticator app (TOTP,
with recovery codes) or a passkey, from django-allauth's MFA app: once set up,
allauth asks for it at every sign-in. Until then the pages of their role
lead to a page that explains how to set it up.
"""

from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse

from banenmarkt.security import security_event

from .models import RegionRole

# How `holds_role` is remembered on a user object for the rest of a request.
_HOLDS_ROLE = "_banenmarkt_holds_role"


def holds_role(user) -> bool:
    """Whether `user` has a role anywhere: a region role, or platform staff
    or admin. One query per request (remembered on the user object)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, _HOLDS_ROLE):
        setattr(
            user,
            _HOLDS_ROLE,
            user.is_staff
            or user.is_superuser
            or RegionRole.objects.filter(user=user).exists(),
        )
    return getattr(user, _HOLDS_ROLE)


def has_second_factor(user) -> bool:
    """An authenticator app or a passkey (recovery codes alone are not)."""
    return is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])


def second_factor_missing(user) -> bool:
    return holds_role(user) and not has_second_factor(user)


def second_factor_redirect(request):
    """To the page that explains the second step, and back here after."""
    url = reverse("members:second-factor")
    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter, with one change: people with a role never get a
    login code by email (an emailed code would skip their second step). They
    get an email that tells them to sign in with their password and second
    step instead. The page answers the same for every address, so nobody
    learns from it who has a role."""

    def pre_authenticate(self, request, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            security_event("login.rate_limited", request=request)
            raise

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's emails in our layout: the text of our
        templates/account/email/*.txt, and beside it the same text as HTML
        in templates/email/base.html (allauth's own have no HTML)."""
        message = super().render_mail(template_prefix, email, context, headers)
        if isinstance(message, EmailMultiAlternatives) and not message.alternatives:
            html = render_to_string(
                "email/allauth.html",
                {
                    "subject": message.subject,
                    "body": message.body,
                    "site_url": settings.SITE_URL,
                },
            )
            message.attach_alternative(html, "text/html")
        return message

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {**context, "site_url": settings.SITE_URL}
        if template_prefix == "account/email/login_code":
            user = (
                get_user_model()
                .objects.filter(email__iexact=email, is_active=True)
                .first()
            )
            if user is not None and holds_role(user):
                template_prefix = "account/email/login_code_refused"
                context = {k: v for k, v in context.items() if k != "code"}
        super().send_mail(template_prefix, email, context)

"""Receivers of allauth's signals for this context."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from . import services


@receiver(email_confirmed, dispatch_uid="members.role_invitations_accept")
def role_invitations_accept(sender, request, email_address, **kwargs) -> None:
    """A verified address takes up the roles it was invited for."""
    services.role_invitations_accept(user=email_address.user, email=email_address.email)

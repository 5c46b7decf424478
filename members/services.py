"""Writes for accounts. Membership, join requests and roles follow in the
membership issue."""

from allauth.account.models import EmailAddress
from django.db import transaction

from .models import User


@transaction.atomic
def user_ensure_verified(
    *, email: str, password: str, name: str = "", is_platform_admin: bool = False
) -> tuple[User, bool]:
    """Get or create an account whose email address is verified (demo data,
    support). Resets the password, so a rerun restores known credentials.
    Returns (user, created)."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email)
    user.name = name
    user.is_staff = user.is_superuser = is_platform_admin
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, created

"""Retention sweeps of accounts (banenmarkt/retention.py, docs/privacy.md).

- An account that never sent a request to join a region, holds no role and
  is not platform staff is deleted `account_never_joined` after sign-up.
- An account without a login for `account_inactive` is warned by email
  INACTIVE_NOTICE before, and deleted once the period has passed, if the
  warning went out at least MINIMUM_NOTICE before and the person did not sign
  in since (signing in moves the moment, so an old warning no longer counts).
Platform staff and admins are never deleted by a sweep.
"""

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce

from banenmarkt.models import Notification
from banenmarkt.outbox import enqueue_on_commit
from banenmarkt.privacy import retention

from . import services
from .models import Membership, RegionRole, User

# Deleting an account is heavy (every table): a few hundred a day at most.
ACCOUNT_BATCH = 200
INACTIVE_NOTICE = timedelta(days=30)
MINIMUM_NOTICE = timedelta(days=14)
INACTIVE_KIND = "account_inactive"


def _ordinary_accounts():
    return User.objects.filter(is_staff=False, is_superuser=False)


def accounts_never_joined(now: datetime) -> int:
    cutoff = now - retention("account_never_joined").period
    users = (
        _ordinary_accounts()
        .filter(date_joined__lt=cutoff)
        .exclude(Exists(Membership.objects.filter(user=OuterRef("pk"))))
        .exclude(Exists(RegionRole.objects.filter(user=OuterRef("pk"))))
        .order_by("pk")[:ACCOUNT_BATCH]
    )
    return sum(
        services.account_delete(
            user=user, by=None, reason="retention: account_never_joined", now=now
        )
        for user in users
    )


def inactive_key(last_seen: datetime) -> str:
    """The warning is about this last login: a new login needs a new one."""
    return f"{last_seen:%Y-%m-%dT%H:%M:%S}"


def accounts_inactive(now: datetime) -> int:
    period = retention("account_inactive").period
    users = _ordinary_accounts().annotate(
        last_seen=Coalesce("last_login", "date_joined")
    )
    # A warning counts when it was sent after the last login.
    warned = Notification.objects.filter(
        user=OuterRef("pk"), kind=INACTIVE_KIND, created_at__gte=OuterRef("last_seen")
    )
    handled = 0
    # Delete: the period has passed and the warning is old enough.
    for user in (
        users.filter(last_seen__lt=now - period)
        .filter(Exists(warned.filter(created_at__lte=now - MINIMUM_NOTICE)))
        .order_by("pk")[:ACCOUNT_BATCH]
    ):
        handled += services.account_delete(
            user=user, by=None, reason="retention: account_inactive", now=now
        )
    # Warn: the period ends within INACTIVE_NOTICE and no warning yet. The
    # record first (sending): a second run warns nobody twice, also before
    # the task has run.
    for user in (
        users.filter(last_seen__lt=now - period + INACTIVE_NOTICE)
        .exclude(Exists(warned))
        .order_by("pk")[:ACCOUNT_BATCH]
    ):
        record, created = Notification.objects.get_or_create(
            user=user, kind=INACTIVE_KIND, key=inactive_key(user.last_seen)
        )
        if created:
            enqueue_on_commit(
                "members.tasks.account_inactive_warn",
                record.pk,
                (user.last_seen + period).isoformat(),
            )
            handled += 1
    return handled

"""Accounts are not kept longer than needed (members/retention.py): never
joined after 3 months; no login for 24 months, warned first."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from banenmarkt import retention
from banenmarkt.models import AuditEntry
from members.models import User

from ..factories import AdminFactory, MembershipFactory, RegionRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def sweep(capture):
    """The daily job, twice: the second run does nothing more."""
    with capture(execute=True):
        first = retention.sweeps_run(now=timezone.now())
    with capture(execute=True):
        second = retention.sweeps_run(now=timezone.now())
    assert all(count == 0 for count in second.values()), second
    return first


def test_accounts_that_never_asked_to_join_go_after_three_months(
    time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(timezone.now(), tick=False)
    lurker = UserFactory()
    asked = MembershipFactory(status="pending").user
    moderator = RegionRoleFactory().user
    admin = AdminFactory()
    time_machine.shift(timedelta(days=80))
    sweep(django_capture_on_commit_callbacks)
    assert User.objects.filter(pk=lurker.pk).exists()

    time_machine.shift(timedelta(days=15))
    counts = sweep(django_capture_on_commit_callbacks)
    assert counts["members.accounts_never_joined"] == 1
    assert not User.objects.filter(pk=lurker.pk).exists()
    assert set(User.objects.values_list("pk", flat=True)) >= {
        asked.pk,
        moderator.pk,
        admin.pk,
    }
    entry = AuditEntry.objects.get(action="members.account.deleted")
    assert entry.actor is None
    assert entry.data == {"self_service": False, "automatic": True}
    assert entry.reason == "retention: account_never_joined"


def test_inactive_accounts_are_warned_then_deleted(
    time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(timezone.now(), tick=False)
    member = MembershipFactory().user
    User.objects.filter(pk=member.pk).update(last_login=timezone.now())
    time_machine.shift(timedelta(days=690))
    sweep(django_capture_on_commit_callbacks)
    assert mail.outbox == []

    time_machine.shift(timedelta(days=15))  # 705 days: within the notice
    sweep(django_capture_on_commit_callbacks)
    (warning,) = mail.outbox
    assert warning.to == [member.email]
    assert "Wil je je account houden?" in warning.subject

    time_machine.shift(timedelta(days=26))  # 731 days, warned 26 days ago
    counts = sweep(django_capture_on_commit_callbacks)
    assert counts["members.accounts_inactive"] == 1
    assert not User.objects.filter(pk=member.pk).exists()


def test_signing_in_after_the_warning_keeps_the_account(
    time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(timezone.now(), tick=False)
    member = MembershipFactory().user
    User.objects.filter(pk=member.pk).update(last_login=timezone.now())
    time_machine.shift(timedelta(days=705))
    sweep(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    time_machine.shift(timedelta(days=3))
    User.objects.filter(pk=member.pk).update(last_login=timezone.now())
    time_machine.shift(timedelta(days=30))
    sweep(django_capture_on_commit_callbacks)
    assert User.objects.filter(pk=member.pk).exists()
    assert len(mail.outbox) == 1


def test_a_late_warning_still_gives_two_weeks(
    time_machine, django_capture_on_commit_callbacks
):
    """The sweep did not run for a while: the warning goes out late, and the
    deletion waits until it is at least two weeks old."""
    time_machine.move_to(timezone.now(), tick=False)
    member = MembershipFactory().user
    User.objects.filter(pk=member.pk).update(last_login=timezone.now())
    time_machine.shift(timedelta(days=740))
    sweep(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1 and User.objects.filter(pk=member.pk).exists()
    time_machine.shift(timedelta(days=10))
    sweep(django_capture_on_commit_callbacks)
    assert User.objects.filter(pk=member.pk).exists()
    time_machine.shift(timedelta(days=5))
    sweep(django_capture_on_commit_callbacks)
    assert not User.objects.filter(pk=member.pk).exists()

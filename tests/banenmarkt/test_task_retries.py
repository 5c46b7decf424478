"""Scheduled work survives the database blinking: the tasks are declared to
be tried again on an OperationalError or InterfaceError (with backoff, on a
worker), and a job whose chunks failed for good can be started again by
hand."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import InterfaceError, OperationalError

from banenmarkt import scheduler, tasks
from banenmarkt.models import JobRun, Notification

from ..factories import EditionFactory, MembershipFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "task",
    [
        tasks.scheduler_tick,
        tasks.outbox_flush,
        tasks.notifications_send_chunk,
    ],
)
def test_tasks_retry_on_database_errors(task):
    assert {OperationalError, InterfaceError} <= set(task.autoretry_for)
    assert task.max_retries >= 3


def test_a_job_can_be_started_again_and_sends_only_to_who_got_nothing(
    time_machine, django_capture_on_commit_callbacks, capsys
):
    from datetime import datetime

    from fairs.schedule import AMSTERDAM

    time_machine.move_to(datetime(2026, 11, 24, 10, 5, tzinfo=AMSTERDAM), tick=False)
    region = RegionFactory(name="Twente", slug="twente")
    edition = EditionFactory(region=region)
    first, second = (
        MembershipFactory(region=region, kind="employer", organisation=o).user
        for o in ("A", "B")
    )
    key = scheduler.edition_key(edition.pk, edition.starts_at.date())
    # The job started, but its chunk reached only the first person before
    # failing for good.
    JobRun.objects.create(job="fair_week", key=key, recipients=2)
    scheduler.send_chunk("fair_week", key, [first.pk])
    assert [m.to for m in mail.outbox] == [[first.email]]

    with django_capture_on_commit_callbacks(execute=True):
        call_command("job_rerun", "fair_week", key)
    assert [m.to for m in mail.outbox] == [[first.email], [second.email]]
    assert Notification.objects.filter(kind="fair_week").count() == 2
    assert JobRun.objects.get(job="fair_week", key=key).recipients == 1
    assert "1" in capsys.readouterr().out

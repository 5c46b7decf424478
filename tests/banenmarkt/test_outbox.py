"""Redis down during a request: the request succeeds, the task waits in the
outbox and is sent when the broker is back."""

import time

import pytest
from django.core import mail
from django.urls import reverse

from banenmarkt.celery import app
from banenmarkt.models import OutboxItem
from banenmarkt.outbox import outbox_flush
from members.models import Membership

from ..factories import MembershipFactory, RegionRoleFactory
from ..requirements import require_redis_broker

UNREACHABLE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def broker_down(monkeypatch):
    """Point Celery at a broker that refuses connections. Celery reads
    CELERY_BROKER_URL from the environment before its settings."""
    monkeypatch.setenv("CELERY_BROKER_URL", UNREACHABLE)
    app.conf.task_always_eager = False
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_request_succeeds_while_redis_is_down_and_the_email_follows(
    client, region, broker_down, monkeypatch
):
    pending = MembershipFactory(region=region, status=Membership.Status.PENDING)
    client.force_login(RegionRoleFactory(region=region).user)

    started = time.monotonic()
    response = client.post(
        reverse("members:join-queue", kwargs={"slug": region.slug}),
        {"approve": pending.pk},
    )
    assert time.monotonic() - started < 10
    assert response.status_code == 302
    assert Membership.objects.get(pk=pending.pk).status == Membership.Status.ACTIVE
    item = OutboxItem.objects.get()
    assert item.task_name == "members.tasks.membership_notify_many"
    assert item.args == [[pending.pk], "approved"]
    assert mail.outbox == []

    # Still down: the sweep keeps it.
    assert outbox_flush() == 0
    assert OutboxItem.objects.get().attempts == 1

    # The broker is back (here: tasks run in process): the sweep sends it once.
    app.conf.task_always_eager = True
    assert outbox_flush() == 1
    assert [m.to for m in mail.outbox] == [[pending.user.email]]
    assert outbox_flush() == 0
    assert OutboxItem.objects.get().sent_at is not None


def test_outbox_sweep_is_on_the_beat_schedule():
    import banenmarkt.tasks  # noqa: F401 - what the worker's autodiscovery imports

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "banenmarkt.tasks.outbox_flush" in tasks
    assert "banenmarkt.tasks.outbox_flush" in app.tasks


def test_a_task_with_a_countdown_reaches_the_broker_with_its_eta(monkeypatch):
    """A removal's email waits for its undo minute: the message the broker
    gets carries an eta that far ahead (read back from a real Redis, in a
    database of its own so no worker takes it)."""
    import json
    from datetime import UTC, datetime

    import redis

    from banenmarkt.outbox import _publish

    base = require_redis_broker().rsplit("/", 1)[0]
    url = f"{base}/13"
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    app._pool = None
    app.amqp._producer_pool = None
    client = redis.Redis.from_url(url)
    client.delete("celery")
    try:
        before = datetime.now(UTC)
        _publish("moderation.tasks.removal_notify", [1], {}, countdown=75)
        message = json.loads(client.lpop("celery"))
    finally:
        client.delete("celery")
        app.conf.task_always_eager = eager
        app._pool = None
        app.amqp._producer_pool = None
    assert message["headers"]["task"] == "moderation.tasks.removal_notify"
    eta = datetime.fromisoformat(message["headers"]["eta"])
    assert 70 <= (eta - before).total_seconds() <= 80


@pytest.mark.django_db(transaction=True)
def test_a_task_kept_in_the_outbox_waits_for_its_countdown(broker_down):
    """Redis down when a removal is made: its email waits in the outbox, and
    the sweep does not send it before its moment (the undo minute)."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from banenmarkt.outbox import enqueue_on_commit

    with transaction.atomic():
        enqueue_on_commit("moderation.tasks.removal_notify", 1, countdown=75)
    item = OutboxItem.objects.get()
    now = timezone.now()
    assert now + timedelta(seconds=70) < item.not_before < now + timedelta(seconds=80)
    app.conf.task_always_eager = True  # the broker is back
    assert outbox_flush(now=now + timedelta(seconds=30)) == 0
    assert OutboxItem.objects.get().sent_at is None

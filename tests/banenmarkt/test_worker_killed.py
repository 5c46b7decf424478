"""Real Celery workers on Redis, as separate processes.

1. A worker is killed (SIGKILL) in the middle of a batch of emails. The task
   was not acknowledged (acks_late), so Redis hands it to a second worker,
   which sends the rest: nobody gets an email twice. The one email that was
   being sent at the moment of the kill is recorded as "sending" and not
   sent again (at most once).
2. Redis is stopped during a web request: the request succeeds, the task
   waits in the outbox, and once Redis is back beat's sweep hands it to a
   worker and the email goes out.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from banenmarkt.celery import app
from banenmarkt.models import Notification, OutboxItem
from banenmarkt.outbox import outbox_flush
from banenmarkt.tasks import notifications_send_chunk
from members.models import Membership

from ..factories import (
    EditionFactory,
    MembershipFactory,
    RegionFactory,
    RegionRoleFactory,
)
from ..requirements import require_postgres, require_redis_broker
from .conftest import start_redis
from .test_celery_worker import wait_for

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(
    queue: str,
    mail_log: Path,
    broker_url: str,
    *,
    settings: str = "tests.worker_settings",
    extra_env: dict[str, str] | None = None,
) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker_url,
        "TEST_MAIL_LOG": str(mail_log),
        "TEST_MAIL_DELAY": "0.2",
        **(extra_env or {}),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "banenmarkt",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_sends_the_rest_exactly_once(tmp_path):
    require_postgres(connection)
    broker_url = require_redis_broker()
    region = RegionFactory()
    edition = EditionFactory(region=region, day=date(2026, 12, 1))
    members = [MembershipFactory(region=region).user for _ in range(30)]
    queue = f"test-kill-{uuid.uuid4().hex}"
    mail_log = tmp_path / "mail.log"

    app.conf.task_always_eager = False
    notifications_send_chunk.apply_async(
        args=["fair_open", f"edition:{edition.pk}", [u.pk for u in members]],
        queue=queue,
    )
    first = start_worker(queue, mail_log, broker_url)
    second = None
    try:
        assert wait_for(lambda: len(lines(mail_log)) >= 5, timeout=60)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = len(lines(mail_log))
        assert killed_at < len(members), "the batch finished before the kill"
        records = Notification.objects.filter(kind="fair_open")
        stuck = Notification.Status.SENDING
        # Nothing runs now: what is "sending" stays so (0 or 1 records).
        in_flight = list(
            records.filter(status=stuck).values_list("user__email", flat=True)
        )
        assert len(in_flight) <= 1

        second = start_worker(queue, mail_log, broker_url)
        sent_status = Notification.Status.SENT
        assert wait_for(
            lambda: (
                records.filter(status=sent_status).count() + len(in_flight)
                >= len(members)
            ),
            timeout=90,
        )
    finally:
        for worker in (first, second):
            if worker and worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=20)

    sent = lines(mail_log)
    assert len(sent) == len(set(sent)), "somebody got the email twice"
    assert records.count() == len(members)
    # The email in flight at the kill may or may not have left before the
    # worker died; either way it stays "sending" and is not sent again.
    assert (
        list(records.filter(status=stuck).values_list("user__email", flat=True))
        == in_flight
    )
    recorded_sent = set(
        records.filter(status=sent_status).values_list("user__email", flat=True)
    )
    assert recorded_sent <= set(sent) <= recorded_sent | set(in_flight)
    assert recorded_sent | set(in_flight) == {u.email for u in members}
    assert len(sent) > killed_at  # the second worker sent the rest


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_redis_stopped_during_a_request_and_the_work_is_done_later(
    client, own_redis, tmp_path
):
    from celery.contrib.testing.worker import start_worker as start_worker_thread

    region = RegionFactory()
    pending = MembershipFactory(region=region, status=Membership.Status.PENDING)
    client.force_login(RegionRoleFactory(region=region).user)

    own_redis["process"].terminate()  # Redis stops
    own_redis["process"].wait(timeout=10)
    app._pool = None
    app.amqp._producer_pool = None

    started = time.monotonic()
    response = client.post(
        reverse("members:join-queue", kwargs={"slug": region.slug}),
        {"approve": pending.pk},
    )
    assert time.monotonic() - started < 10
    assert response.status_code == 302
    assert Membership.objects.get(pk=pending.pk).status == Membership.Status.ACTIVE
    assert OutboxItem.objects.filter(sent_at__isnull=True).count() == 1
    assert outbox_flush() == 0  # still down: kept

    own_redis["process"] = start_redis(own_redis["port"])  # Redis is back
    app._pool = None
    app.amqp._producer_pool = None
    assert outbox_flush() == 1  # beat's sweep publishes it to Redis
    assert mail.outbox == []

    with start_worker_thread(
        app,
        pool="solo",
        queues=[app.conf.task_default_queue],  # where the outbox publishes
        perform_ping_check=False,
        shutdown_timeout=10,
        loglevel="WARNING",
    ):
        assert wait_for(lambda: len(mail.outbox) == 1, timeout=30)
    assert mail.outbox[0].to == [pending.user.email]
    assert mail.outbox[0].subject == (
        f"[Online Banenmarkt] Je bent nu lid van de online banenmarkt {region.name}"
    )

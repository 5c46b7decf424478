"""Scheduled work survives the database blinking, on a real Celery worker.

A worker process (Redis of the test's own, the PostgreSQL test database)
sends a chunk of scheduled email; half-way through the batch the test
terminates the worker's database connection (`pg_terminate_backend`), as a
database restart or failover would. psycopg2 raises a real OperationalError
inside the task:

1. the chunk is retried after the backoff of its options, on a new
   connection (Celery's Django fixup closes every connection before and after
   each task), and everyone gets the email exactly once;
2. on its last try the chunk fails for good; its `JobRun` stays, so the tick
   does not start the job again, and `manage.py job_rerun` sends the rest,
   again through the worker, nobody twice. Here the fixup is told to keep
   connections (CELERY_DB_REUSE_MAX), so the rerun's chunk gets a new one
   only through banenmarkt.celery's `close_old_connections` before each task.

The worker (tests/retry_worker_settings.py) takes the backoff's countdown in
tenths of a second instead of seconds and writes each retry, failure and
success to a log the test reads.
"""

import json
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from banenmarkt import scheduler
from banenmarkt.celery import app
from banenmarkt.emails import EMAIL_TASK_OPTIONS
from banenmarkt.models import JobRun, Notification
from banenmarkt.tasks import notifications_send_chunk

from ..factories import EditionFactory, MembershipFactory, RegionFactory
from ..requirements import require_postgres
from .test_celery_worker import wait_for
from .test_worker_killed import lines, start_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

JOB = "fair_open"
MEMBERS = 20
# Emails sent before the connection is terminated; at 0.1 s each the batch
# has more than a second to go.
KILL_AFTER = 4


class Worker:
    """One worker process on the test's own Redis, consuming the default
    queue (where `job_rerun` publishes), with its database connections
    named so the test can find them."""

    def __init__(self, tmp_path: Path, broker_url: str, **extra_env: str):
        self.name = f"test-blink-{uuid.uuid4().hex[:12]}"
        self.mail_log = tmp_path / "mail.log"
        self.task_log = tmp_path / "tasks.log"
        self.process = start_worker(
            app.conf.task_default_queue,
            self.mail_log,
            broker_url,
            settings="tests.retry_worker_settings",
            extra_env={
                "TEST_MAIL_DELAY": "0.1",
                "TEST_DB_APPLICATION_NAME": self.name,
                "TEST_TASK_LOG": str(self.task_log),
                **extra_env,
            },
        )

    def sent(self) -> list[str]:
        return lines(self.mail_log)

    def events(self, event: str | None = None) -> list[dict]:
        if not self.task_log.exists():
            return []
        found = [json.loads(line) for line in self.task_log.read_text().splitlines()]
        return [e for e in found if event in (None, e["event"])]

    def terminate_database_connections(self) -> int:
        """Terminate the worker's backends, as a database restart would.
        Returns how many were terminated."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                "FROM pg_stat_activity WHERE application_name = %s",
                [self.name],
            )
            return cursor.fetchone()[0]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def worker(own_redis, tmp_path, request):
    """The worker; with `@pytest.mark.parametrize("worker", [{...}],
    indirect=True)` extra environment for it."""
    require_postgres(connection)
    worker = Worker(tmp_path, own_redis["url"], **getattr(request, "param", {}))
    yield worker
    worker.stop()


def fair_open_job():
    """A fair-open job of MEMBERS people, started (its `JobRun` written) but
    not handed out: the test sends its one chunk itself."""
    region = RegionFactory()
    edition = EditionFactory(region=region, day=date(2026, 12, 1))
    members = [MembershipFactory(region=region).user for _ in range(MEMBERS)]
    key = scheduler.edition_key(edition.pk, date(2026, 12, 1))
    JobRun.objects.create(job=JOB, key=key, recipients=MEMBERS)
    return key, members


def kill_mid_batch(worker: Worker) -> int:
    """Wait until the batch is under way, then terminate the worker's
    database connection. Returns how many emails had gone at that moment."""
    assert wait_for(lambda: len(worker.sent()) >= KILL_AFTER, timeout=15), (
        "the worker sent nothing"
    )
    assert worker.terminate_database_connections() >= 1
    sent = len(worker.sent())
    assert sent < MEMBERS, "the batch finished before the connection was cut"
    return sent


def assert_each_member_got_it_once(worker: Worker, members) -> None:
    sent = worker.sent()
    assert len(sent) == len(set(sent)), "somebody got the email twice"
    assert set(sent) == {u.email for u in members}
    assert Notification.objects.filter(kind=JOB).count() == len(members)


def test_a_chunk_retries_after_its_database_connection_dropped(worker):
    key, members = fair_open_job()
    notifications_send_chunk.apply_async(
        args=[JOB, key, [u.pk for u in members]], queue=app.conf.task_default_queue
    )

    kill_mid_batch(worker)
    assert wait_for(lambda: worker.events("success"), timeout=15), worker.events()

    (retry,) = worker.events("retry")
    assert retry["error"] in {"OperationalError", "InterfaceError"}
    assert retry["retries"] == 0
    # The first retry waits up to `retry_backoff` seconds (full jitter).
    assert 0 <= retry["countdown"] <= EMAIL_TASK_OPTIONS["retry_backoff"]
    (success,) = worker.events("success")
    assert success["retries"] == 1
    assert worker.events("failure") == []
    assert_each_member_got_it_once(worker, members)


# Celery's fixup keeps connections here: the rerun's chunk runs on a new one
# only because banenmarkt.celery drops the one that died with the last try.
@pytest.mark.parametrize(
    "worker", [{"TEST_CELERY_DB_REUSE_MAX": "100"}], indirect=True, ids=["reuse"]
)
def test_a_chunk_that_failed_for_good_is_sent_by_job_rerun(worker, capsys):
    key, members = fair_open_job()
    # The chunk's last try: the message says it was retried as often as the
    # task allows, as after its eighth retry.
    app.send_task(
        notifications_send_chunk.name,
        args=[JOB, key, [u.pk for u in members]],
        queue=app.conf.task_default_queue,
        retries=notifications_send_chunk.max_retries,
    )

    kill_mid_batch(worker)
    assert wait_for(lambda: worker.events("failure"), timeout=15), worker.events()
    (failure,) = worker.events("failure")
    assert failure["error"] in {"OperationalError", "InterfaceError"}
    assert worker.events("retry") == []
    # Given up half-way: the JobRun stays, so the tick leaves the job alone.
    assert JobRun.objects.filter(job=JOB, key=key).exists()
    assert scheduler.job_start(JOB, key) is None
    reached = Notification.objects.filter(kind=JOB).count()
    assert 0 < reached < len(members)

    call_command("job_rerun", JOB, key)  # publishes the rest to the worker
    rest = len(members) - reached
    assert (
        capsys.readouterr().out.strip() == f"{JOB} {key}: {rest} people still to get it"
    )
    assert JobRun.objects.get(job=JOB, key=key).recipients == rest

    assert wait_for(lambda: worker.events("success"), timeout=15), worker.events()
    assert_each_member_got_it_once(worker, members)

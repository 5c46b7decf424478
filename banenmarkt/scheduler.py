"""Time-based work from data: one periodic tick instead of many crontabs.

Beat runs `banenmarkt.tasks.scheduler_tick` every minute. The tick asks each
job which keys are due now (an edition whose reminder moment passed, this
week's digest) and starts each (job, key) once: a `JobRun` row under a unique
constraint. Starting means preparing (e.g. the call-back list) and handing
out the recipients in chunks, one task per chunk, after the commit. The chunk
task sends through `banenmarkt.notifications.send_once`, so each person gets each
kind at most once per key, whatever runs twice.

Moments are computed on the Amsterdam wall clock (`at_local`), so "a week
before 10:00" is 10:00 also when the clocks changed in between. A job is due
from its moment until a deadline, so a tick missed while beat was down is made
up for; a job whose deadline passed is not started any more.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import JobRun
from .notifications import chunks, recipients, send_all
from .outbox import enqueue_on_commit

# Sends one chunk of a job (banenmarkt.tasks); named, as tasks imports this.
SEND_CHUNK_TASK = "banenmarkt.tasks.notifications_send_chunk"

logger = logging.getLogger(__name__)


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def at_local(day: date, at: time) -> datetime:
    """`day` at wall-clock time `at` in Amsterdam, whatever the UTC offset."""
    return datetime.combine(day, at, tzinfo=local_tz())


def shift_days(moment: datetime, days: int) -> datetime:
    """The same wall-clock time `days` later (or earlier) in Amsterdam."""
    local = timezone.localtime(moment, local_tz())
    return at_local(local.date() + timedelta(days=days), local.time())


@dataclass(frozen=True)
class Job:
    """A kind of scheduled email.

    due(now): the keys due at `now`.
    users(key): who may get it (a User queryset; preferences and earlier
        sends are filtered out by the scheduler).
    messages(key, users): the emails for one chunk of those users.
    notification_key(key): what "once" is counted against for a person
        (e.g. one reminder per fair day, over all their regions); None when
        the messages carry their own keys.
    prepare(key): work done once before sending (optional).
    """

    name: str
    kind: str
    due: Callable[[datetime], Iterable[str]]
    users: Callable[[str], QuerySet]
    messages: Callable[[str, list], Iterable]
    notification_key: Callable[[str], str | None] = lambda key: key
    prepare: Callable[[str], None] | None = None


# The registry: each app's jobs.py calls `jobs_register` for its own jobs;
# BanenmarktConfig.ready imports every app's jobs module
# (`autodiscover_modules("jobs")`, as the admin does with admin.py), so adding
# a job touches only its app.
JOBS: dict[str, Job] = {}


def jobs_register(*new: Job) -> None:
    for job in new:
        if JOBS.get(job.name, job) is not job:
            raise ValueError(f"Two scheduled jobs are called {job.name!r}.")
        JOBS[job.name] = job


def jobs() -> dict[str, Job]:
    return JOBS


# Keys. A key names what a job is about; "once" is counted per (job, key)
# and, for a person, per (kind, key). Built here only.


def edition_key(edition_id: int, day: date | None = None) -> str:
    """`edition:12`, or with its day `edition:12@2026-12-01` (for reminders
    that must be due again when the edition moves to another day)."""
    key = f"edition:{edition_id}"
    return f"{key}@{day.isoformat()}" if day else key


def edition_id_from_key(key: str) -> int:
    return int(key.removeprefix("edition:").split("@")[0])


def chunks_enqueue(name: str, key: str, user_ids: Iterable[int]) -> int:
    """Hand `user_ids` to the job's sender in chunks, one task per chunk, after
    the commit. Returns how many ids were handed out. `job_start` uses it;
    code that decides its own recipients (a survey sent by hand) may too."""
    count = 0
    for chunk in chunks(user_ids):
        enqueue_on_commit(SEND_CHUNK_TASK, name, key, chunk)
        count += len(chunk)
    return count


def tick(now: datetime | None = None) -> list[tuple[str, str]]:
    """Start every job that is due and was not started yet. Returns what it
    started. Idempotent: a second tick at the same moment starts nothing."""
    now = now or timezone.now()
    started = []
    for job in jobs().values():
        keys = list(dict.fromkeys(job.due(now)))
        if not keys:
            continue
        done = set(
            JobRun.objects.filter(job=job.name, key__in=keys).values_list(
                "key", flat=True
            )
        )
        for key in keys:
            if key not in done and job_start(job.name, key) is not None:
                started.append((job.name, key))
    return started


def job_start(name: str, key: str) -> int | None:
    """Start `name` for `key` once: prepare and hand out the recipients in
    chunks. Returns the number of recipients, or None if it ran before."""
    job = jobs()[name]
    with transaction.atomic():
        try:
            with transaction.atomic():
                run = JobRun.objects.create(job=name, key=key)
        except IntegrityError:
            return None
        if job.prepare:
            job.prepare(key)
        users = recipients(job.users(key), kind=job.kind, key=job.notification_key(key))
        count = chunks_enqueue(name, key, users)
        run.recipients = count
        run.save(update_fields=["recipients"])
    logger.info("Started %s for %s: %d recipients", name, key, count)
    return count


def send_chunk(name: str, key: str, user_ids: list[int]) -> int:
    """Send one chunk of a job. Safe to run again: who has a record is
    skipped. Returns how many emails were sent."""
    job = jobs()[name]
    users = list(
        recipients(
            get_user_model().objects.filter(pk__in=user_ids),
            kind=job.kind,
            key=job.notification_key(key),
        ).order_by("pk")
    )
    if not users:
        return 0
    return send_all(job.messages(key, users))

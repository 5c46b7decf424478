from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from . import outbox, retention, scheduler
from .emails import DATABASE_RETRY_OPTIONS, EMAIL_TASK_OPTIONS


@shared_task(name="banenmarkt.tasks.outbox_flush", **DATABASE_RETRY_OPTIONS)
def outbox_flush() -> int:
    """Beat task, every minute: send tasks that waited while Redis was down."""
    return outbox.outbox_flush()


@shared_task(name="banenmarkt.tasks.scheduler_tick", **DATABASE_RETRY_OPTIONS)
def scheduler_tick() -> int:
    """Beat task, every minute: start the scheduled emails that are due
    (reminders, tips, lists at closing, surveys, nudges, digests)."""
    return len(scheduler.tick())


@shared_task(
    bind=True, name="banenmarkt.tasks.notifications_send_chunk", **EMAIL_TASK_OPTIONS
)
def notifications_send_chunk(self, job: str, key: str, user_ids: list[int]) -> int:
    """One chunk of a scheduled email. Running it again sends nobody twice;
    when the soft time limit hits half-way, the rest goes in a retry."""
    try:
        return scheduler.send_chunk(job, key, user_ids)
    except SoftTimeLimitExceeded as exc:
        raise self.retry(exc=exc, countdown=5) from exc


@shared_task(name="banenmarkt.tasks.retention_sweep", **DATABASE_RETRY_OPTIONS)
def retention_sweep() -> dict[str, int]:
    """Beat task, daily: remove what passed its retention period
    (banenmarkt/retention.py)."""
    return retention.sweeps_run()

"""Hand tasks to Celery after the transaction commits, without ever failing
the web request because the broker is down.

`enqueue_on_commit(task, *args)` publishes after commit; when Redis cannot be
reached the task is stored as an `OutboxItem` and the beat task
`banenmarkt.tasks.outbox_flush` sends it later. Tasks are idempotent, so a
task that is both published and swept (a publish that failed half-way) does
no harm.
"""

import logging
from datetime import timedelta

from celery import current_app
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from .models import OutboxItem

logger = logging.getLogger(__name__)

BROKER_ERRORS = (OperationalError, ConnectionError, TimeoutError, OSError, RedisError)


# A web request never waits on the broker: a publish gets its own connection
# that gives up after these timeouts (Redis refusing, or hung), and the task
# goes to the outbox instead.
PUBLISH_TIMEOUT = 0.2  # seconds, per connect and per command
PUBLISH_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": PUBLISH_TIMEOUT,
    "socket_timeout": PUBLISH_TIMEOUT,
    "max_retries": 0,
}


def _publish(task_name: str, args: list, kwargs: dict, countdown: int = 0) -> None:
    if current_app.conf.task_always_eager:  # no broker: run in process, now
        current_app.tasks[task_name].apply(args=args, kwargs=kwargs, throw=True)
        return
    with current_app.connection_for_write(
        connect_timeout=PUBLISH_TIMEOUT, transport_options=PUBLISH_TRANSPORT_OPTIONS
    ) as connection:
        current_app.send_task(
            task_name,
            args=args,
            kwargs=kwargs,
            retry=False,
            connection=connection,
            countdown=countdown or None,
        )


def enqueue_on_commit(task, *args, countdown: int = 0, **kwargs) -> None:
    """Send `task` (a task or its registered name) after the commit, to run
    `countdown` seconds later; when the broker is unreachable, keep it in
    the outbox instead (not sent before its moment either)."""
    task_name = task if isinstance(task, str) else task.name

    def send():
        try:
            _publish(task_name, list(args), kwargs, countdown)
        except BROKER_ERRORS as error:
            logger.warning("Broker unreachable; %s kept in the outbox", task_name)
            OutboxItem.objects.create(
                task_name=task_name,
                args=list(args),
                kwargs=kwargs,
                last_error=str(error)[:500],
                not_before=(
                    timezone.now() + timedelta(seconds=countdown) if countdown else None
                ),
            )

    transaction.on_commit(send)


def outbox_flush(*, limit: int = 500, now=None) -> int:
    """Send what waited in the outbox and is due (`not_before`); rows
    another sweeper holds are skipped. Returns how many were sent."""
    sent = 0
    now = now or timezone.now()
    with transaction.atomic():
        items = list(
            OutboxItem.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True)
            .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
            .order_by("created_at", "pk")[:limit]
        )
        for item in items:
            try:
                _publish(item.task_name, item.args, item.kwargs)
            except BROKER_ERRORS as error:
                item.attempts += 1
                item.last_error = str(error)[:500]
                item.save(update_fields=["attempts", "last_error"])
                break  # still down: try again at the next sweep
            item.sent_at = timezone.now()
            item.save(update_fields=["sent_at"])
            sent += 1
    return sent

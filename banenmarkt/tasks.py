from celery import shared_task

from . import outbox


@shared_task(name="banenmarkt.tasks.outbox_flush")
def outbox_flush() -> int:
    """Beat task, every minute: send tasks that waited while Redis was down."""
    return outbox.outbox_flush()

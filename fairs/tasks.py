from celery import shared_task

from . import services


@shared_task(name="fairs.tasks.editions_generate")
def editions_generate() -> int:
    """Beat task: keep editions generated ahead. Idempotent; returns how many
    editions it created."""
    return len(services.editions_generate())

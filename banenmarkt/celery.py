"""The Celery app. Periodic work is declared here, in code (see
docs/operations.md and docs/scheduled-email.md).

django-celery-beat does not support Django 6.1, so the schedule lives in
`beat_schedule`; run exactly one beat process.

Database connections: Celery's Django fixup (on because DJANGO_SETTINGS_MODULE
is set) closes every connection before and after each task, so a task retried
after a lost connection runs on a new one
(tests/banenmarkt/test_database_blinks.py). With CELERY_DB_REUSE_MAX set the
fixup keeps them; `_close_old_connections` below then still drops a dead one.
"""

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import task_prerun
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "banenmarkt.settings")

app = Celery("banenmarkt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def _close_old_connections(sender=None, **kwargs):
    """Before a task on a worker, drop connections that had an error and no
    longer answer, or are past CONN_MAX_AGE, as Django does around a request.
    Not for tasks run in process (eager): they run inside the caller's
    transaction."""
    if not getattr(sender.request, "is_eager", False):
        close_old_connections()


# Daily at 04:30 Amsterdam time: outside the 02:00-03:00 hour that a DST change
# skips or repeats. Generation is idempotent, so a missed or doubled run is harmless.
app.conf.beat_schedule = {
    "fairs-editions-generate": {
        "task": "fairs.tasks.editions_generate",
        "schedule": crontab(hour=4, minute=30),
    },
    # Nothing kept longer than needed (banenmarkt/retention.py): daily, at
    # 04:45 Amsterdam time, after the editions are generated.
    "banenmarkt-retention-sweep": {
        "task": "banenmarkt.tasks.retention_sweep",
        "schedule": crontab(hour=4, minute=45),
    },
    # Tasks kept while Redis was unreachable are sent when it is back.
    "banenmarkt-outbox-flush": {
        "task": "banenmarkt.tasks.outbox_flush",
        "schedule": 60.0,
    },
    # Reminders, tips, lists at closing, surveys, nudges and digests: one
    # tick that starts what is due from data (banenmarkt/scheduler.py).
    "banenmarkt-scheduler-tick": {
        "task": "banenmarkt.tasks.scheduler_tick",
        "schedule": 60.0,
    },
    # Reactions to a post, one email to its author per 10 minutes.
    "fairs-reactions-bundles-send": {
        "task": "fairs.tasks.reactions_bundles_send",
        "schedule": 60.0,
    },
    # Scanned CVs whose OCR task was lost are handed out again (bounded).
    "fairs-posts-cv-requeue": {
        "task": "fairs.tasks.posts_cv_requeue",
        "schedule": 5 * 60.0,
    },
    # Downloads of personal data ("download my data") go after 7 days.
    "members-data-exports-delete-expired": {
        "task": "members.tasks.data_exports_delete_expired",
        "schedule": crontab(minute=15),
    },
    # Posts made ready for a fair-only region go live at the opening (10:00).
    "fairs-publications-publish-due": {
        "task": "fairs.tasks.publications_publish_due",
        "schedule": 60.0,
    },
}

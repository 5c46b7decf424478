"""Settings for the Celery worker of tests/banenmarkt/test_database_blinks.py:
the worker of tests/worker_settings.py (slow file mail), with

- its database connections named by $TEST_DB_APPLICATION_NAME, so the test
  finds them in pg_stat_activity and terminates them;
- the project's own visibility timeout (1 h): a retry waiting for its
  countdown must not be handed out a second time;
- the retry countdown chosen by the task's own backoff options taken in
  tenths of a second instead of seconds (0-3 s instead of 0-30 s for a first
  retry), so the test stays short;
- every retry, failure and success written as a JSON line to
  $TEST_TASK_LOG, with the countdown the backoff chose (in seconds);
- with $TEST_CELERY_DB_REUSE_MAX, Celery's Django fixup keeping connections
  between tasks, so that only banenmarkt.celery's own check drops a dead one.
"""

import json
import os

from celery.signals import task_failure, task_retry, task_success

from banenmarkt import settings as project
from tests.worker_settings import *  # noqa: F403

RETRY_TIME_SCALE = 10

DATABASES["default"]["OPTIONS"] = {  # noqa: F405
    **DATABASES["default"].get("OPTIONS", {}),  # noqa: F405
    "application_name": os.environ["TEST_DB_APPLICATION_NAME"],
}
CELERY_BROKER_TRANSPORT_OPTIONS = project.CELERY_BROKER_TRANSPORT_OPTIONS

if os.environ.get("TEST_CELERY_DB_REUSE_MAX"):
    CELERY_DB_REUSE_MAX = int(os.environ["TEST_CELERY_DB_REUSE_MAX"])


def _sooner(retry):
    def sooner(self, *args, countdown=None, **kwargs):
        if countdown:
            countdown = countdown / RETRY_TIME_SCALE
        return retry(self, *args, countdown=countdown, **kwargs)

    return sooner


CELERY_TASK_ANNOTATIONS = {"*": {"@retry": _sooner}}


def _log(**event) -> None:
    with open(os.environ["TEST_TASK_LOG"], "a") as log:
        log.write(json.dumps(event) + "\n")


@task_retry.connect
def _retried(sender=None, request=None, reason=None, **kwargs):
    _log(
        event="retry",
        task=sender.name,
        retries=request.retries,
        error=type(reason.exc).__name__,
        countdown=reason.when * RETRY_TIME_SCALE,
    )


@task_failure.connect
def _failed(sender=None, exception=None, **kwargs):
    _log(
        event="failure",
        task=sender.name,
        retries=sender.request.retries,
        error=type(exception).__name__,
    )


@task_success.connect
def _succeeded(sender=None, result=None, **kwargs):
    _log(event="success", task=sender.name, retries=sender.request.retries)

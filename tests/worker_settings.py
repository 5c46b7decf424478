"""Settings for a Celery worker started as a separate process by the tests
(tests/banenmarkt/test_worker_killed.py): the project's settings, with email
written to a file slowly (so the test can kill the worker mid-batch) and a
short visibility timeout (so a second worker gets the unacknowledged task
back within seconds)."""

from banenmarkt.settings import *  # noqa: F403

MAILERS = {"default": {"BACKEND": "tests.slow_mail.SlowFileBackend"}}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "visibility_timeout": 3,
    # Look for unacknowledged tasks every second (default: every 100 s).
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

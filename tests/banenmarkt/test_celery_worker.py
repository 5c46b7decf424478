"""A task through a real Celery worker consuming from Redis (not eager).

Runs when CELERY_BROKER_URL points at Redis (CI); locally without it the test
skips and says what to set. Each run uses its own queue, so parallel test
processes never take each other's tasks.
"""

import time
import uuid
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from banenmarkt.celery import app
from fairs import tasks
from fairs.models import Edition
from fairs.schedule import national_fair_dates

from ..factories import RegionFactory
from ..requirements import require_redis_broker


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_editions_generate_runs_on_a_real_worker():
    broker_url = require_redis_broker()
    assert app.conf.broker_url == broker_url
    region = RegionFactory()
    today = timezone.localdate()
    expected = len(
        national_fair_dates(
            start=today, end=today + relativedelta(months=settings.FAIR_MONTHS_AHEAD)
        )
    )
    queue = f"test-{uuid.uuid4().hex}"

    app.conf.task_always_eager = False
    with start_worker(
        app,
        pool="solo",
        queues=[queue],
        perform_ping_check=False,
        shutdown_timeout=10,
        loglevel="WARNING",
    ):
        result = tasks.editions_generate.apply_async(queue=queue)
        assert wait_for(
            lambda: Edition.objects.filter(region=region).count() == expected
        )
        # A second delivery (acks_late may redeliver) creates nothing more.
        tasks.editions_generate.apply_async(queue=queue)
        time.sleep(1)
        assert Edition.objects.filter(region=region).count() == expected
    assert result.id
    first = Edition.objects.filter(region=region).order_by("starts_at").first()
    assert first.ends_at - first.starts_at == timedelta(hours=3)

import threading
from datetime import datetime

import pytest
from django.db import connection, connections

from fairs import services
from fairs.models import Edition
from fairs.schedule import AMSTERDAM

from ..factories import RegionFactory
from ..requirements import require_postgres

NOW = datetime(2026, 11, 21, 12, tzinfo=AMSTERDAM)


@pytest.mark.django_db(transaction=True)
def test_two_generator_runs_at_once_create_each_edition_once():
    """Two beat runs overlapping (or the command beside the task) must not
    duplicate editions: the unique rule date and ON CONFLICT DO NOTHING hold
    under real concurrent transactions."""
    require_postgres(connection)
    RegionFactory.create_batch(3)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            services.editions_generate(now=NOW)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert Edition.objects.count() == 3 * 7
    assert (
        Edition.objects.values("region", "scheduled_date").distinct().count() == 3 * 7
    )

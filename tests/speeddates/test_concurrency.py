"""Two job seekers booking the one slot at the same moment, and one job
seeker booking two slots of one vacancy at once: the partial unique
constraints decide (real concurrent transactions on PostgreSQL)."""

import pytest
from django.db import connection

from speeddates import services
from speeddates.models import Booking

from ..moderation.test_concurrency import at_once
from ..requirements import require_postgres

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("repeat", range(3))
def test_two_job_seekers_one_slot(slots, seeker, other_seeker, repeat):
    require_postgres(connection)
    outcomes = at_once(
        lambda: services.booking_create(slot=slots[0], seeker=seeker),
        lambda: services.booking_create(slot=slots[0], seeker=other_seeker),
    )
    assert sorted(outcomes) == ["ok", "refused"]
    assert Booking.objects.filter(slot=slots[0]).count() == 1


@pytest.mark.parametrize("repeat", range(3))
def test_one_job_seeker_two_slots_of_one_vacancy(slots, seeker, repeat):
    require_postgres(connection)
    outcomes = at_once(
        lambda: services.booking_create(slot=slots[0], seeker=seeker),
        lambda: services.booking_create(slot=slots[1], seeker=seeker),
    )
    assert sorted(outcomes) == ["ok", "refused"]
    assert Booking.objects.filter(seeker=seeker).count() == 1

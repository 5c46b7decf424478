from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from fairs.models import Edition
from fairs.schedule import AMSTERDAM

from ..factories import EditionFactory


def local(*args):
    return datetime(*args, tzinfo=AMSTERDAM)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "moment", "status"),
    [
        # Winter (UTC+1), 1 December 2026.
        ((2026, 12, 1), (9, 59), Edition.Status.UPCOMING),
        ((2026, 12, 1), (10, 0), Edition.Status.LIVE),
        ((2026, 12, 1), (12, 59), Edition.Status.LIVE),
        ((2026, 12, 1), (13, 0), Edition.Status.CLOSED),
        # Summer (UTC+2), 1 June 2027.
        ((2027, 6, 1), (9, 59), Edition.Status.UPCOMING),
        ((2027, 6, 1), (10, 0), Edition.Status.LIVE),
        ((2027, 6, 1), (12, 59), Edition.Status.LIVE),
        ((2027, 6, 1), (13, 0), Edition.Status.CLOSED),
    ],
)
def test_edition_status_by_the_clock(day, moment, status):
    edition = EditionFactory(day=date(*day))
    assert edition.status(now=local(*day, *moment)) == status


@pytest.mark.django_db
def test_edition_status_uses_the_real_clock(time_machine):
    edition = EditionFactory(day=date(2026, 12, 1))
    time_machine.move_to(local(2026, 12, 1, 10, 30))
    assert edition.status() == Edition.Status.LIVE
    time_machine.move_to(local(2026, 12, 1, 13, 0))
    assert edition.status() == Edition.Status.CLOSED


@pytest.mark.django_db
def test_edition_end_must_follow_start():
    edition = EditionFactory.build(
        region=EditionFactory().region,
        kind=Edition.Kind.EXTRA,
        scheduled_date=None,
        starts_at=local(2027, 3, 3, 13),
        ends_at=local(2027, 3, 3, 10),
    )
    with pytest.raises(ValidationError) as excinfo:
        edition.full_clean()
    assert "ends_at" in excinfo.value.message_dict

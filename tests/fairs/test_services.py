from datetime import UTC, date, datetime, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from fairs import services
from fairs.models import Edition
from fairs.schedule import AMSTERDAM, fair_window

from ..factories import RegionFactory

NOW = datetime(2026, 11, 21, 12, tzinfo=AMSTERDAM)

pytestmark = pytest.mark.django_db


def test_editions_generate_covers_at_least_twelve_months_for_every_following_region():
    twente = RegionFactory(slug="twente")
    nijmegen = RegionFactory(slug="nijmegen")
    RegionFactory(slug="eigen-planning", follows_national_schedule=False)

    created = services.editions_generate(now=NOW)

    for region in (twente, nijmegen):
        days = sorted(
            Edition.objects.filter(region=region).values_list(
                "scheduled_date", flat=True
            )
        )
        assert days[0] == date(2026, 12, 1)
        assert days[-1] >= (NOW + relativedelta(months=12)).date() - timedelta(days=62)
        # Every fair day of the next twelve months is there.
        year_ahead = [d for d in days if d <= (NOW + relativedelta(months=12)).date()]
        assert year_ahead == [
            date(2026, 12, 1),
            date(2027, 2, 2),
            date(2027, 4, 6),
            date(2027, 6, 1),
            date(2027, 8, 3),
            date(2027, 10, 5),
        ]
    assert not Edition.objects.filter(region__slug="eigen-planning").exists()
    assert len(created) == Edition.objects.count()


def test_editions_generate_is_idempotent():
    RegionFactory()
    first = services.editions_generate(now=NOW)
    count = Edition.objects.count()

    assert first
    assert services.editions_generate(now=NOW) == []
    assert Edition.objects.count() == count


def test_editions_generate_stores_local_fair_hours_across_dst():
    region = RegionFactory()
    services.editions_generate(now=NOW)
    editions = {e.scheduled_date: e for e in Edition.objects.filter(region=region)}

    # Before and after the change to summer time (28 March 2027) ...
    assert editions[date(2027, 2, 2)].starts_at == datetime(2027, 2, 2, 9, tzinfo=UTC)
    assert editions[date(2027, 4, 6)].starts_at == datetime(2027, 4, 6, 8, tzinfo=UTC)
    # ... and back to winter time (31 October 2027).
    assert editions[date(2027, 10, 5)].ends_at == datetime(2027, 10, 5, 11, tzinfo=UTC)
    assert editions[date(2027, 12, 7)].ends_at == datetime(2027, 12, 7, 12, tzinfo=UTC)
    for edition in editions.values():
        assert edition.starts_at.astimezone(AMSTERDAM).hour == 10
        assert edition.ends_at.astimezone(AMSTERDAM).hour == 13


def test_editions_generate_during_the_dst_night():
    """The run at the night of the clock change itself sees the right today."""
    RegionFactory()
    night = datetime(2027, 3, 28, 1, 30, tzinfo=UTC)  # 03:30 CEST, just after the jump
    services.editions_generate(now=night)
    first = Edition.objects.order_by("starts_at").first()
    assert first.scheduled_date == date(2027, 4, 6)


def test_editions_generate_never_undoes_a_moved_edition():
    region = RegionFactory()
    services.editions_generate(now=NOW)
    edition = Edition.objects.get(region=region, scheduled_date=date(2027, 6, 1))
    # Moved a week on (say Whit Monday week) and an hour later.
    starts_at = datetime(2027, 6, 8, 11, tzinfo=AMSTERDAM)
    services.edition_reschedule(
        edition=edition, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3)
    )

    assert services.editions_generate(now=NOW) == []

    edition.refresh_from_db()
    assert edition.starts_at == starts_at
    assert edition.is_moved
    assert (
        Edition.objects.filter(region=region, starts_at__date=date(2027, 6, 1)).count()
        == 0
    )


def test_editions_generate_never_brings_back_a_cancelled_edition():
    region = RegionFactory()
    services.editions_generate(now=NOW)
    edition = Edition.objects.get(region=region, scheduled_date=date(2027, 8, 3))
    services.edition_set_cancelled(edition=edition, cancelled=True)

    assert services.editions_generate(now=NOW) == []
    assert (
        not Edition.objects.scheduled().filter(scheduled_date=date(2027, 8, 3)).exists()
    )


def test_extra_edition_stands_beside_the_rule():
    region = RegionFactory()
    services.editions_generate(now=NOW)
    starts_at = datetime(2027, 3, 16, 10, tzinfo=AMSTERDAM)
    extra = services.edition_add_extra(
        region=region,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        title="Omgekeerde banenmarkt: techniek",
    )

    assert services.editions_generate(now=NOW) == []
    assert extra.kind == Edition.Kind.EXTRA
    assert extra.scheduled_date is None
    assert not extra.is_moved
    assert Edition.objects.filter(region=region, kind=Edition.Kind.EXTRA).count() == 1


def test_a_region_joining_the_national_schedule_gets_its_editions():
    region = RegionFactory(follows_national_schedule=False)
    services.editions_generate(now=NOW)
    assert not region.editions.exists()

    region.follows_national_schedule = True
    region.save()
    created = services.editions_generate(now=NOW)

    assert {e.region for e in created} == {region}
    assert region.editions.count() == len(created)


def test_rule_dates_are_unique_per_region_in_the_database():
    from django.db import IntegrityError, transaction

    region = RegionFactory()
    starts_at, ends_at = fair_window(date(2026, 12, 1))
    Edition.objects.create(
        region=region,
        kind="regular",
        scheduled_date=date(2026, 12, 1),
        starts_at=starts_at,
        ends_at=ends_at,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.create(
            region=region,
            kind="regular",
            scheduled_date=date(2026, 12, 1),
            starts_at=starts_at,
            ends_at=ends_at,
        )

"""Writes for regions and editions. Views, admin, commands and tasks call these."""

from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Edition, Region
from .schedule import fair_window, national_fair_dates


@transaction.atomic
def editions_generate(
    *, now: datetime | None = None, months_ahead: int | None = None
) -> list[Edition]:
    """Create the national-schedule editions from today to `months_ahead` months
    on, for every region that follows the national schedule.

    Idempotent: an edition is keyed by (region, rule date), so a second run, or
    two runs at once (the unique constraint plus `ignore_conflicts`), creates
    nothing more, and an edition an admin moved or cancelled is left alone.
    Returns the editions it created.
    """
    now = now or timezone.now()
    months_ahead = settings.FAIR_MONTHS_AHEAD if months_ahead is None else months_ahead
    today = timezone.localdate(now)
    dates = national_fair_dates(
        start=today, end=today + relativedelta(months=months_ahead)
    )
    regions = list(Region.objects.filter(follows_national_schedule=True))
    existing = set(
        Edition.objects.filter(
            region__in=regions, scheduled_date__in=dates
        ).values_list("region_id", "scheduled_date")
    )
    new = []
    for region in regions:
        for day in dates:
            if (region.pk, day) in existing:
                continue
            starts_at, ends_at = fair_window(day)
            edition = Edition(
                region=region,
                kind=Edition.Kind.REGULAR,
                scheduled_date=day,
                starts_at=starts_at,
                ends_at=ends_at,
            )
            edition.full_clean(validate_constraints=False)
            new.append(edition)
    Edition.objects.bulk_create(new, ignore_conflicts=True)
    return new


@transaction.atomic
def edition_reschedule(
    *, edition: Edition, starts_at: datetime, ends_at: datetime
) -> Edition:
    """Move an edition (e.g. away from a holiday). The generator keeps knowing it
    by its rule date, so it never puts the edition back."""
    edition.starts_at, edition.ends_at = starts_at, ends_at
    edition.full_clean()
    edition.save()
    return edition


@transaction.atomic
def edition_add_extra(
    *, region: Region, starts_at: datetime, ends_at: datetime, title: str = ""
) -> Edition:
    """Add an edition outside the national rule (e.g. a themed reverse fair)."""
    edition = Edition(
        region=region,
        kind=Edition.Kind.EXTRA,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    edition.full_clean()
    edition.save()
    return edition


@transaction.atomic
def edition_set_cancelled(*, edition: Edition, cancelled: bool) -> Edition:
    """Cancel (or reinstate) an edition. Cancelling rather than deleting keeps the
    rule date taken, so the generator does not bring the edition back."""
    edition.is_cancelled = cancelled
    edition.full_clean()
    edition.save()
    return edition

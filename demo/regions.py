"""Demo regions for `manage.py load_demo`."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from fairs import services
from fairs.models import Edition, Region
from fairs.schedule import fair_window, national_fair_dates

REGIONS = [
    {
        "slug": "twente",
        "name": "Twente",
        "contact_email": "banenmarkt@werkpleintwente.example",
        "posting_policy": Region.PostingPolicy.OPEN,
        "booking_mode": Region.BookingMode.UMBRELLA,
        "description": (
            "De online banenmarkt van Twente: de eerste van Nederland, sinds 2015. "
            "Werkgevers, uitzendbureaus en werkzoekenden uit heel Twente vinden "
            "elkaar hier."
        ),
    },
    {
        "slug": "rijk-van-nijmegen",
        "name": "Rijk van Nijmegen",
        "contact_email": "banenmarkt@wbrn.example",
        "posting_policy": Region.PostingPolicy.FAIR_ONLY,
        "booking_mode": Region.BookingMode.PER_PLACEMENT,
        "description": (
            "De online banenmarkt van het Rijk van Nijmegen: van 10.00 tot 13.00 "
            "uur is iedereen er op hetzelfde moment."
        ),
    },
    {
        "slug": "zuid-holland-centraal",
        "name": "Zuid-Holland Centraal",
        "contact_email": "banenmarkt@zhc.example",
        "posting_policy": Region.PostingPolicy.OPEN,
        "description": (
            "De online banenmarkt van Zuid-Holland Centraal. Nieuw met LinkedIn of "
            "een computer? Een week voor de banenmarkt kun je een korte training "
            "volgen en testen of alles werkt."
        ),
    },
]


# Past fairs the demo fills in, so that the last fair has a board and the
# report a fair to compare with.
PAST_FAIRS = 3


def _past_editions(now: datetime) -> None:
    """The last `PAST_FAIRS` national fair days that started before `now`, in
    the demo regions only (the generator only looks ahead; real regions in
    the same database are left alone)."""
    today = timezone.localdate(now)
    days = [
        day
        for day in national_fair_dates(start=today - timedelta(days=190), end=today)
        if fair_window(day)[0] <= now
    ][-PAST_FAIRS:]
    demo_slugs = [data["slug"] for data in REGIONS]
    for region in Region.objects.filter(slug__in=demo_slugs):
        for day in days:
            starts_at, ends_at = fair_window(day)
            Edition.objects.get_or_create(
                region=region,
                scheduled_date=day,
                defaults={
                    "kind": Edition.Kind.REGULAR,
                    "starts_at": starts_at,
                    "ends_at": ends_at,
                },
            )


@transaction.atomic
def load(now: datetime) -> list[Region]:
    regions = []
    for data in REGIONS:
        defaults = {k: v for k, v in data.items() if k != "slug"}
        defaults["follows_national_schedule"] = True
        region, _ = Region.objects.update_or_create(
            slug=data["slug"], defaults=defaults
        )
        regions.append(region)
    services.editions_generate(now=now)
    _past_editions(now)
    return regions

"""Demo regions for `manage.py load_demo`."""

from django.db import transaction

from . import services
from .models import Region

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
            "elkaar hier.\n\nJe kunt ook tussen twee banenmarkten door berichten "
            "plaatsen."
        ),
    },
    {
        "slug": "rijk-van-nijmegen",
        "name": "Rijk van Nijmegen",
        "contact_email": "banenmarkt@wbrn.example",
        "posting_policy": Region.PostingPolicy.FAIR_ONLY,
        "booking_mode": Region.BookingMode.PER_PLACEMENT,
        "description": (
            "De online banenmarkt van het Rijk van Nijmegen. Berichten plaatsen kan "
            "alleen tijdens de banenmarkt zelf, van 10.00 tot 13.00 uur: zo is "
            "iedereen er op hetzelfde moment."
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


@transaction.atomic
def load() -> list[Region]:
    regions = []
    for data in REGIONS:
        defaults = {k: v for k, v in data.items() if k != "slug"}
        defaults["follows_national_schedule"] = True
        region, _ = Region.objects.update_or_create(
            slug=data["slug"], defaults=defaults
        )
        regions.append(region)
    services.editions_generate()
    return regions

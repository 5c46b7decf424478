from django.conf import settings
from django.core.management.base import BaseCommand

from fairs import services


class Command(BaseCommand):
    help = "Generate national-schedule fair editions ahead (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=settings.FAIR_MONTHS_AHEAD,
            help="How many months ahead (default: %(default)s).",
        )

    def handle(self, *args, months, **options):
        created = services.editions_generate(months_ahead=months)
        self.stdout.write(f"{len(created)} edition(s) created.")

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from fairs import demo as fairs_demo
from fairs import demo_board
from members import demo as members_demo
from moderation import demo as moderation_demo
from placements import demo as placements_demo


class Command(BaseCommand):
    help = "Create or refresh the demo regions, editions and accounts (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        # One moment for every loader, so they agree on which fair is live,
        # which closed last and which comes next (fairs.moments).
        now = timezone.now()
        regions = fairs_demo.load(now)
        accounts = members_demo.load(now)
        demo_board.load(now)
        moderation_demo.load(now)
        placements_demo.load(now)
        self.stdout.write("Demo regions: " + ", ".join(r.name for r in regions))
        self.stdout.write(f"Demo accounts (password: {members_demo.PASSWORD}):")
        for email, role in accounts:
            self.stdout.write(f"  {email:<24} {role}")

from django.core.management.base import BaseCommand
from django.db import transaction

from fairs import demo as fairs_demo
from fairs import demo_board
from members import demo as members_demo
from moderation import demo as moderation_demo
from placements import demo as placements_demo


class Command(BaseCommand):
    help = "Create or refresh the demo regions, editions and accounts (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        regions = fairs_demo.load()
        accounts = members_demo.load()
        demo_board.load()
        moderation_demo.load()
        placements_demo.load()
        self.stdout.write("Demo regions: " + ", ".join(r.name for r in regions))
        self.stdout.write(f"Demo accounts (password: {members_demo.PASSWORD}):")
        for email, role in accounts:
            self.stdout.write(f"  {email:<24} {role}")

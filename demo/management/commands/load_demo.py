from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from demo import accounts, after_fair, board, moderation, regions


class Command(BaseCommand):
    help = "Create or refresh the demo regions, editions and accounts (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        # One moment for every loader, so they agree on which fair is live,
        # which closed last and which comes next (fairs.moments).
        now = timezone.now()
        loaded_regions = regions.load(now)
        logins = accounts.load(now)
        board.load(now)
        moderation.load(now)
        after_fair.load(now)
        self.stdout.write("Demo regions: " + ", ".join(r.name for r in loaded_regions))
        self.stdout.write(f"Demo accounts (password: {accounts.PASSWORD}):")
        for email, role in logins:
            self.stdout.write(f"  {email:<24} {role}")

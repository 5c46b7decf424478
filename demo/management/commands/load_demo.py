from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from demo import accounts, after_fair, board, moderation, regions
from demo.mail import CountingBackend

QUIET_MAIL = {"default": {"BACKEND": "demo.mail.CountingBackend"}}


class Command(BaseCommand):
    help = "Create or refresh the demo regions, editions and accounts (idempotent)."

    def handle(self, *args, **options):
        # The demo's emails are counted, not printed: they are sent after the
        # commit, so the quiet backend holds until then.
        CountingBackend.sent = 0
        with override_settings(MAILERS=QUIET_MAIL):
            loaded_regions, logins = self.load()
        self.stdout.write(
            f"{CountingBackend.sent} emails of the demo's events were not sent."
        )
        self.stdout.write("Demo regions: " + ", ".join(r.name for r in loaded_regions))
        self.stdout.write(f"Demo accounts (password: {accounts.PASSWORD}):")
        for email, role in logins:
            self.stdout.write(f"  {email:<24} {role}")

    @transaction.atomic
    def load(self):
        # One moment for every loader, so they agree on which fair is live,
        # which closed last and which comes next (fairs.moments).
        now = timezone.now()
        loaded_regions = regions.load(now)
        logins = accounts.load(now)
        board.load(now)
        moderation.load(now)
        after_fair.load(now)
        return loaded_regions, logins

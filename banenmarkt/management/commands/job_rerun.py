from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from banenmarkt import scheduler
from banenmarkt.models import JobRun


class Command(BaseCommand):
    help = (
        "Start a scheduled job again for one key (e.g. `job_rerun survey "
        "edition:12`), after its chunks failed for good. Who already got the "
        "email has a record and is skipped: nobody gets it twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("job", choices=sorted(scheduler.jobs()))
        parser.add_argument("key")

    def handle(self, *args, job, key, **options):
        with transaction.atomic():
            deleted, _ = JobRun.objects.filter(job=job, key=key).delete()
            if not deleted:
                raise CommandError(f"{job} was never started for {key}.")
            count = scheduler.job_start(job, key)
        self.stdout.write(f"{job} {key}: {count} people still to get it")

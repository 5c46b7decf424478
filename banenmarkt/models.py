from django.db import models


class OutboxItem(models.Model):
    """A task that could not be handed to the broker (Redis down). The web
    request that wanted it still succeeded; `banenmarkt.tasks.outbox_flush`
    (beat, every minute) sends it once the broker is back. Nothing is lost."""

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.task_name} {self.created_at:%Y-%m-%d %H:%M}"


class JobRun(models.Model):
    """A scheduled job that was started for one key (an edition, a week):
    the periodic tick starts each (job, key) once, whatever how often it runs.
    Who was emailed is recorded per person in `members.Notification`."""

    job = models.CharField(max_length=40)
    key = models.CharField(max_length=80)
    started_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "key"], name="banenmarkt_jobrun_once"
            )
        ]

    def __str__(self):
        return f"{self.job} {self.key}"

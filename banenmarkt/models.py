from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit_actions import action_label
from .email_kinds import email_kind_label


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
    # A task sent with a countdown (a removal's email waits for its undo
    # minute) is not sent from the outbox before this moment either.
    not_before = models.DateTimeField(null=True, blank=True)

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


class AuditEntry(models.Model):
    """One moderation decision or membership change: who, when, what, why.

    Append-only: written in the same transaction as the change it records
    (`banenmarkt.audit.audit_record`), never edited or deleted through the
    application (the model refuses it; the admin is read-only); only the
    retention sweep deletes entries older than the `audit` period. The table
    keeps the name it had when the log lived in `moderation`.
    """

    region = models.ForeignKey(
        "fairs.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("region"),
    )
    # Set to nothing when the person's account is deleted (`actor_erased`).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # The actor's account was deleted: the log shows "deleted member" where
    # an entry without an actor would show that nobody (the platform) acted.
    actor_erased = models.BooleanField(default=False, editable=False)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(max_length=40)
    target_id = models.PositiveBigIntegerField()
    target_label = models.CharField(_("about"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        db_table = "moderation_auditentry"
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["region", "-created_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries cannot be deleted.")

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def actor_label(self) -> str:
        """Who acted, for the log page and its CSV: the account's email, or
        "deleted member" once that account is gone, or "" (the platform)."""
        if self.actor_id:
            return self.actor.email
        return str(_("deleted member")) if self.actor_erased else ""


class Notification(models.Model):
    """The record that one person got one kind of email about one thing (a
    fair day, an edition, a week). The unique constraint makes it at most
    once: the record is written and committed before the email is sent, so a
    task that runs twice, or a worker that dies half-way through a batch and
    has its task redelivered, skips everyone who has a record.

    A record still "sending" long after its creation means the worker died
    during that one send, or lost its database connection just after it:
    whether the email left is unknown, and it is not sent again."""

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # The kinds are registered by the apps (banenmarkt.notifications), not
    # choices here: a new kind of email needs no migration.
    kind = models.CharField(_("kind"), max_length=20)
    key = models.CharField(_("about"), max_length=80)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.SENDING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        db_table = "members_notification"
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"], name="members_notification_once"
            )
        ]
        indexes = [models.Index(fields=["kind", "key"])]

    def __str__(self):
        return f"{email_kind_label(self.kind)} {self.key} → {self.user_id}"


class EmailOptOut(models.Model):
    """A kind of email someone does not want. `kind` "all" switches off every
    kind, also kinds added later."""

    ALL = "all"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opt_outs"
    )
    kind = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "members_emailoptout"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="members_emailoptout_unique"
            )
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind}"


class BsnFlag(models.Model):
    """A text saved with a 9-digit number that passes the 11-test, without a
    BSN label, after its writer ticked that it is not a BSN: the region's
    moderators check it and contact the writer if it is one (docs/board.md).
    Posts keep their own `Publication.bsn_flag`.

    The text is named like an audit target, by its model label and id, with
    a short label and the form field; never the number or the text itself
    (`banenmarkt.bsn_flags.bsn_flag_record` masks numbers in the label)."""

    region = models.ForeignKey(
        "fairs.Region",
        on_delete=models.CASCADE,
        related_name="bsn_flags",
        verbose_name=_("region"),
    )
    target_type = models.CharField(max_length=40)
    target_id = models.PositiveBigIntegerField()
    target_label = models.CharField(_("about"), max_length=200, blank=True)
    field = models.CharField(_("field"), max_length=40)
    # Where the text can be seen, if a page shows it (a path, with a fragment).
    url = models.CharField(max_length=300, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    # Nothing once the moderator's account is deleted: `checked_at` still
    # says the flag was checked (so no constraint ties the two together).
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )

    class Meta:
        verbose_name = _("possible BSN")
        verbose_name_plural = _("possible BSNs")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["region", "-created_at"],
                condition=models.Q(checked_at__isnull=True),
                name="banenmarkt_bsnflag_open",
            ),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self):
        return f"{self.target_type} {self.target_id} {self.field}"

    @property
    def kind_label(self) -> str:
        """What the text is ("reaction", "membership"), from its model."""
        try:
            model = apps.get_model(self.target_type)
        except LookupError:
            return self.target_type
        return str(model._meta.verbose_name)

    @property
    def field_label(self) -> str:
        """The field's name on screen, where the model has that field."""
        try:
            field = apps.get_model(self.target_type)._meta.get_field(self.field)
        except (LookupError, FieldDoesNotExist):
            return self.field
        return str(getattr(field, "verbose_name", self.field))

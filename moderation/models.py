from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One moderation decision or membership change: who, when, what, why.

    Append-only: written in the same transaction as the change it records
    (`moderation.services.audit_record`), never edited or deleted through the
    application (the model refuses it; the admin is read-only).
    """

    region = models.ForeignKey(
        "fairs.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("region"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(max_length=40)
    target_id = models.PositiveBigIntegerField()
    target_label = models.CharField(_("about"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
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


class Report(models.Model):
    """A member tells the moderators about a publication or a reaction. The
    reporter is never shown to the author."""

    publication = models.ForeignKey(
        "fairs.Publication", on_delete=models.CASCADE, related_name="reports"
    )
    reaction = models.ForeignKey(
        "fairs.Reaction",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("what is wrong?"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "reporter"],
                condition=models.Q(reaction__isnull=True),
                name="moderation_report_post_once_per_reporter",
            ),
            models.UniqueConstraint(
                fields=["reaction", "reporter"],
                condition=models.Q(reaction__isnull=False),
                name="moderation_report_reaction_once_per_reporter",
            ),
        ]

    def __str__(self):
        return self.reason[:50]

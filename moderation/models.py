from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "members.membership.requested": _("Asked to join"),
    "members.membership.edited": _("Changed a join request"),
    "members.membership.answered": _("Answered the moderator's question"),
    "members.membership.approved": _("Approved a join request"),
    "members.membership.question_asked": _("Asked about a join request"),
    "members.membership.declined": _("Declined a join request"),
    "members.membership.withdrawn": _("Withdrew a join request"),
    "members.membership.left": _("Left the region"),
    "members.membership.ended": _("Ended a membership"),
    "members.role.appointed": _("Gave a role"),
    "members.role.removed": _("Took a role away"),
    "moderation.publication.liked": _("Marked a post as seen"),
    "moderation.publication.unliked": _("Undid seen"),
    "moderation.publication.removed": _("Removed a post"),
    "moderation.publication.restored": _("Restored a post"),
    "moderation.publication.removal_proposed": _("Proposed removing a commercial post"),
    "moderation.publication.removal_confirmed": _(
        "Confirmed removing a commercial post"
    ),
    "moderation.publication.removal_rejected": _("Rejected removing a commercial post"),
    "moderation.publication.clarified": _("Added a clarification"),
    "fairs.cv.download_stopped": _("Stopped many CV downloads"),
}


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

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))


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


class Review(models.Model):
    """A moderator's like: this publication was reviewed and is fine.

    It holds for the version of the post that was reviewed; an edit bumps the
    post's version and the publication returns to the queue, with the
    reviewed text kept in `snapshot` to show what changed.
    """

    publication = models.OneToOneField(
        "fairs.Publication", on_delete=models.CASCADE, related_name="review"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField()
    post_version = models.PositiveIntegerField()
    snapshot = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"{self.publication} – {self.reviewed_by}"


class Removal(models.Model):
    """Taking a publication off the board, with a reason; kept, restorable.

    A commercial removal needs a second person: a moderator proposes it
    (`pending`, the post is hidden), a project-team member other than the
    proposer confirms or rejects it. Other reasons are confirmed at once.
    """

    class Reason(models.TextChoices):
        INAPPROPRIATE = "inappropriate", _("Inappropriate")
        COMMERCIAL = "commercial", _("Commercial (advertising)")
        PRIVACY = "privacy", _("Privacy (personal data)")
        DUPLICATE = "duplicate", _("Duplicate")
        NOT_A_POST = "not_a_post", _("Not a vacancy or pitch")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a second person")
        CONFIRMED = "confirmed", _("Removed")
        REJECTED = "rejected", _("Rejected: the post stays")
        RESTORED = "restored", _("Restored")

    publication = models.ForeignKey(
        "fairs.Publication", on_delete=models.CASCADE, related_name="removals"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason)
    note = models.TextField(_("explanation"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("removal")
        verbose_name_plural = _("removals")
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication"],
                condition=models.Q(status__in=["pending", "confirmed"]),
                name="moderation_removal_one_open_per_publication",
            ),
            models.CheckConstraint(
                condition=~models.Q(reason="other") | ~models.Q(note=""),
                name="moderation_removal_other_needs_note",
            ),
        ]

    def __str__(self):
        return f"{self.publication} – {self.get_reason_display()}"


class Clarification(models.Model):
    """The project team's highlighted question and answer under a vacancy."""

    publication = models.ForeignKey(
        "fairs.Publication", on_delete=models.CASCADE, related_name="clarifications"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("question"), max_length=1000)
    answer = models.TextField(_("answer"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")
        ordering = ["created_at"]

    def __str__(self):
        return self.question[:50]


class StaffNote(models.Model):
    """An internal note on a publication or a member, for the region's
    moderators and project team only."""

    region = models.ForeignKey(
        "fairs.Region", on_delete=models.CASCADE, related_name="+"
    )
    publication = models.ForeignKey(
        "fairs.Publication",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="staff_notes",
    )
    membership = models.ForeignKey(
        "members.Membership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="staff_notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staff note")
        verbose_name_plural = _("staff notes")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(publication__isnull=False, membership__isnull=True)
                | models.Q(publication__isnull=True, membership__isnull=False),
                name="moderation_staffnote_one_target",
            )
        ]

    def __str__(self):
        return self.text[:50]

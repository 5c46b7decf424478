from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
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
        WITHDRAWN = "withdrawn", _("Withdrawn by who proposed it")

    publication = models.ForeignKey(
        "fairs.Publication", on_delete=models.CASCADE, related_name="removals"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason)
    note = models.TextField(_("explanation"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
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
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
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
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
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


# How long an opened or focused queue item shows "bekeken door X" to the
# other moderators.
CLAIM_MINUTES = 3


class Claim(models.Model):
    """A moderator is looking at a publication in the queue: for
    CLAIM_MINUTES the others see who, and the item moves out of their list.

    One per publication. It is a hint, not a lock: the decision itself is
    guarded by the row lock in the services. Liking or removing deletes it;
    an old one simply stops counting, so no sweep is needed."""

    publication = models.OneToOneField(
        "fairs.Publication", on_delete=models.CASCADE, related_name="claim"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    claimed_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")

    def __str__(self):
        return f"{self.publication} – {self.moderator}"

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def organisation_key(name: str) -> str:
    """How organisations are matched: case and surrounding spaces do not
    matter (the same as Lower(Trim()) in the database)."""
    return (name or "").strip().lower()


class KnownEmployer(models.Model):
    """An employer the region's public parties already work with. Employers
    not on this list are marked "nieuw" on the call-back list: a valued
    by-catch to contact (design rule 9)."""

    region = models.ForeignKey(
        "fairs.Region", on_delete=models.CASCADE, related_name="known_employers"
    )
    name = models.CharField(_("name"), max_length=150)
    key = models.CharField(max_length=150, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("known employer")
        verbose_name_plural = _("known employers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "key"], name="placements_known_employer_once"
            )
        ]

    def __str__(self):
        return self.name


class CallBack(models.Model):
    """Phoning one organisation after one edition: who, when, how it went."""

    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached")
        NOT_REACHED = "not_reached", _("Not reached")
        CALL_BACK_LATER = "call_back_later", _("Call back later")
        NO_INTEREST = "no_interest", _("No interest")

    region = models.ForeignKey(
        "fairs.Region", on_delete=models.CASCADE, related_name="+"
    )
    edition = models.ForeignKey(
        "fairs.Edition", on_delete=models.CASCADE, related_name="call_backs"
    )
    organisation = models.CharField(_("organisation"), max_length=150)
    key = models.CharField(max_length=150, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("called by"),
    )
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome, blank=True)
    placements_reported = models.PositiveSmallIntegerField(
        _("placements reported"), default=0, validators=[MaxValueValidator(500)]
    )
    placement_names = models.TextField(_("names (optional)"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("call-back")
        verbose_name_plural = _("call-backs")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "key"],
                name="placements_callback_once_per_organisation",
            )
        ]

    def __str__(self):
        return self.organisation

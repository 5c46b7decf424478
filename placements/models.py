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
    by-catch to contact (docs/after-the-fair.md)."""

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


class Placement(models.Model):
    """ "Het streepje": someone started working through the fair. Recorded by
    a gemeente or UWV (it does not matter who), from a call-back, the survey,
    staff or the employer; never complete, always welcome."""

    class RecordedBy(models.TextChoices):
        GEMEENTE = "gemeente", _("Municipality (gemeente)")
        UWV = "uwv", _("UWV")

    class Source(models.TextChoices):
        CALL_BACK = "call_back", _("Call-back")
        SURVEY = "survey", _("Survey")
        STAFF = "staff", _("Staff")
        EMPLOYER = "employer", _("Employer")

    region = models.ForeignKey(
        "fairs.Region", on_delete=models.PROTECT, related_name="placements"
    )
    edition = models.ForeignKey(
        "fairs.Edition", on_delete=models.PROTECT, related_name="placements"
    )
    job_seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("job seeker (member)"),
    )
    job_seeker_name = models.CharField(
        _("job seeker (name)"), max_length=150, blank=True
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    employer = models.CharField(_("employer"), max_length=150)
    vacancy = models.ForeignKey(
        "fairs.Publication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vacancy at the fair"),
    )
    start_date = models.DateField(_("start date"))
    call_back = models.ForeignKey(
        CallBack,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("call-back"),
        help_text=_("The call in which the employer reported this placement."),
    )
    recorded_by_organisation = models.CharField(
        _("recorded by"), max_length=10, choices=RecordedBy
    )
    source = models.CharField(_("source"), max_length=12, choices=Source)
    booking_reference = models.CharField(
        _("vacancy registration number"),
        max_length=50,
        help_text=_(
            "The vacancy in the systems of gemeente or UWV this placement is booked on."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        anonymous=True, job_seeker__isnull=True, job_seeker_name=""
                    )
                    | models.Q(
                        anonymous=False, job_seeker__isnull=False, job_seeker_name=""
                    )
                    | (
                        models.Q(anonymous=False, job_seeker__isnull=True)
                        & ~models.Q(job_seeker_name="")
                    )
                ),
                name="placements_placement_one_way_to_name_the_job_seeker",
            )
        ]

    def __str__(self):
        return f"{self.employer} {self.start_date}"

    @property
    def job_seeker_label(self) -> str:
        if self.anonymous:
            return str(_("anonymous"))
        if self.job_seeker_id:
            return getattr(self, "job_seeker_display", "") or str(self.job_seeker)
        return self.job_seeker_name


class SurveyInvitation(models.Model):
    """A job seeker who took part in an edition is asked to answer the survey
    once, through a secret link. `is_answered` is a flag, not a time: a time
    could be matched to an anonymous answer."""

    edition = models.ForeignKey(
        "fairs.Edition", on_delete=models.CASCADE, related_name="+"
    )
    membership = models.ForeignKey(
        "members.Membership",
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    is_answered = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "membership"], name="placements_invitation_once"
            )
        ]

    def __str__(self):
        return f"{self.membership} – {self.edition}"


class SurveyAnswer(models.Model):
    """One answer. When the job seeker chose to answer anonymously,
    `invitation` is empty and only the date is kept: nothing links the
    answer to the member."""

    region = models.ForeignKey(
        "fairs.Region", on_delete=models.CASCADE, related_name="+"
    )
    edition = models.ForeignKey(
        "fairs.Edition", on_delete=models.CASCADE, related_name="survey_answers"
    )
    invitation = models.OneToOneField(
        SurveyInvitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answer",
    )
    answered_on = models.DateField()
    had_contact = models.BooleanField(_("Did you have contact with an employer?"))
    had_interview = models.BooleanField(_("Were you invited for a job interview?"))
    found_job = models.BooleanField(_("Did you find a job?"))
    improvement = models.TextField(
        _("What could be better?"), blank=True, max_length=2000
    )
    recommend = models.PositiveSmallIntegerField(
        _(
            "Would you recommend the online job fair to others? (0 = not at all, 10 = certainly)"
        ),
        validators=[MaxValueValidator(10)],
    )

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")

    def __str__(self):
        return f"{self.edition} {self.recommend}"


class EditionFigures(models.Model):
    """The board's figures of a closed edition, frozen before a deleted
    account takes its rows with it (docs/privacy.md, "Report figures").

    An edition's report counts members, posts, reactions, reviews and
    removals from their rows; deleting an account deletes its memberships,
    posts and reactions. So before the first deletion that touches a closed
    edition, `placements.report.edition_figures_freeze` stores those counts
    here, and the report reads them from here ever after. Figures from rows
    that stay (call-backs, placements, survey answers) are still counted
    live. Counts only: no names, no organisations."""

    edition = models.OneToOneField(
        "fairs.Edition", on_delete=models.CASCADE, related_name="frozen_figures"
    )
    figures = models.JSONField()
    frozen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("frozen edition figures")
        verbose_name_plural = _("frozen edition figures")

    def __str__(self):
        return f"{self.edition_id} ({self.frozen_at:%Y-%m-%d})"

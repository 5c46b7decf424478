import secrets
import uuid

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banenmarkt.validators import validate_no_bidi_controls


class UserManager(BaseUserManager):
    """Users are identified by their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """An account. Region roles and profiles hang off it (see Membership).

    `is_staff`/`is_superuser` mean *platform admin* (Django admin access);
    they have nothing to do with a region's WSP staff role.
    """

    username = None
    first_name = None
    last_name = None
    name = models.CharField(
        _("name"), max_length=150, blank=True, validators=[validate_no_bidi_controls]
    )
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="members_user_email_ci_unique")
        ]

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name or self.email.split("@")[0]

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and self.is_superuser


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def open_requests(self):
        return self.filter(status__in=Membership.OPEN_REQUEST)


class Membership(models.Model):
    """A person in a region's closed group: from join request to membership.

    One row per request. It starts `pending`; a moderator approves it
    (`active`), asks a question first (`question`, back to `pending` when the
    person answers or edits), or declines it with a reason. A member can
    `left`, or a moderator `ended` the membership with a reason. Someone who
    left may ask again: a new row. At most one open or active row per person
    per region. The profile (display name, kind, ...) is per region, so a
    neutral name can be used in one region only.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        QUESTION = "question", _("Question from the moderator")
        ACTIVE = "active", _("Member")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        LEFT = "left", _("Left")
        ENDED = "ended", _("Ended by a moderator")

    class Kind(models.TextChoices):
        JOB_SEEKER = "job_seeker", _("Job seeker")
        EMPLOYER = "employer", _("Employer")
        STAFFING_AGENCY = "staffing_agency", _("Staffing agency")
        CASEWORKER = "caseworker", _("Caseworker or intermediary")
        PUBLIC_EMPLOYMENT = (
            "public_employment",
            _("Public employment staff (gemeente, UWV)"),
        )

    class DeclineReason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        FAKE_ACCOUNT = "fake_account", _("Fake account")
        OTHER = "other", _("Other reason")

    OPEN_REQUEST = (Status.PENDING, Status.QUESTION)
    CURRENT = (Status.PENDING, Status.QUESTION, Status.ACTIVE)
    # Whose main action is a pitch (their own, or a client's); the others
    # (employers, agencies, public employment staff) mainly post vacancies.
    PITCH_KINDS = (Kind.JOB_SEEKER, Kind.CASEWORKER)

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    region = models.ForeignKey(
        "fairs.Region",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("region"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING
    )

    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_(
            "Shown with your posts. Your own name, or a neutral name if you "
            "prefer to take part anonymously."
        ),
        validators=[validate_no_bidi_controls],
    )
    kind = models.CharField(_("I am a"), max_length=20, choices=Kind)
    organisation = models.CharField(
        _("organisation"),
        max_length=150,
        blank=True,
        help_text=_("Not needed for job seekers."),
        validators=[validate_no_bidi_controls],
    )
    town = models.CharField(_("town"), max_length=100)
    linkedin_url = models.URLField(_("LinkedIn profile (optional)"), blank=True)
    # Optional: an empty profile is a reason for the moderator to ask, not
    # for the form to turn someone away.
    introduction = models.TextField(
        _("short introduction"),
        max_length=1000,
        blank=True,
        help_text=_("A few sentences: what work are you looking for, or offering?"),
    )

    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    question = models.TextField(_("question from the moderator"), blank=True)
    question_asked_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decline_reason = models.CharField(
        _("reason"), max_length=20, choices=DeclineReason, blank=True
    )
    decline_note = models.TextField(_("explanation"), blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    end_reason = models.TextField(_("reason for ending"), blank=True)
    # Through which of the region's invite links the person came (the first
    # one they opened; docs/membership.md "Invite links"). Not about them:
    # a count per link for the project team.
    invite_link = models.ForeignKey(
        "members.InviteLink",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("invite link"),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region"],
                condition=models.Q(status__in=["pending", "question", "active"]),
                name="members_membership_one_current_per_region",
            ),
            # One name per person in a region, whatever the case: reactions
            # and the audit log name people by it.
            models.UniqueConstraint(
                Lower("display_name"),
                "region",
                condition=models.Q(status__in=["pending", "question", "active"]),
                name="members_membership_display_name_unique_in_region",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="job_seeker") | ~models.Q(organisation=""),
                name="members_membership_organisation_unless_job_seeker",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="members_membership_decline_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "status", "requested_at"]),
            models.Index(fields=["user", "status"]),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.region})"

    @property
    def posts_pitches(self) -> bool:
        """A pitch is this member's main action (the primary button)."""
        return self.kind in self.PITCH_KINDS

    def clean(self):
        if (
            self.kind
            and self.kind != self.Kind.JOB_SEEKER
            and not self.organisation.strip()
        ):
            raise ValidationError(
                {
                    "organisation": _(
                        "Fill in your organisation (not needed for job seekers)."
                    )
                }
            )

    @property
    def is_open_request(self) -> bool:
        return self.status in self.OPEN_REQUEST


class RegionRole(models.Model):
    """A responsibility in one region, appointed by a platform admin or the
    region's project team. Project team members are moderators too."""

    class Role(models.TextChoices):
        MODERATOR = "moderator", _("Moderator")
        PROJECT_TEAM = "project_team", _("Project team")
        STAFF = "staff", _("WSP staff")

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="region_roles",
        verbose_name=_("user"),
    )
    region = models.ForeignKey(
        "fairs.Region",
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("region"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    appointed_at = models.DateTimeField(auto_now_add=True)
    appointed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("role in a region")
        verbose_name_plural = _("roles in regions")
        ordering = ["region", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region", "role"], name="members_regionrole_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} ({self.region})"


class RoleInvitation(models.Model):
    """A role given to an email address that has no verified account yet. It
    becomes a RegionRole when an account verifies this address
    (`services.role_invitations_accept`), so the role form answers the same
    whether or not an account exists."""

    email = models.EmailField(_("email address"))
    region = models.ForeignKey(
        "fairs.Region",
        on_delete=models.CASCADE,
        related_name="role_invitations",
        verbose_name=_("region"),
    )
    role = models.CharField(_("role"), max_length=20, choices=RegionRole.Role)
    invited_at = models.DateTimeField(auto_now_add=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("role invitation")
        verbose_name_plural = _("role invitations")
        ordering = ["region", "role", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "region", "role", name="members_roleinvitation_unique"
            )
        ]

    def __str__(self):
        return f"{self.email} – {self.get_role_display()} ({self.region})"


def invite_token() -> str:
    return secrets.token_urlsafe(16)


class InviteLink(models.Model):
    """A link a region's project team shares to bring people in, one per
    channel they use (an email signature, a poster with a QR code, a
    caseworker's message to a client), so they see how many joined through
    each. Archived links still land (kindly) but no longer count anyone."""

    # A region's team keeps a handful per channel; a limit keeps the page
    # and the count query small.
    MAX_ACTIVE_PER_REGION = 50

    class Channel(models.TextChoices):
        EMAIL_SIGNATURE = "email_signature", _("Email signature")
        POSTER = "poster", _("Poster (QR code)")
        CASEWORKER = "caseworker", _("Caseworker to client")
        OTHER = "other", _("Other")

    region = models.ForeignKey(
        "fairs.Region",
        on_delete=models.CASCADE,
        related_name="invite_links",
        verbose_name=_("region"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("For yourselves, e.g. “Poster library Enschede”."),
        validators=[validate_no_bidi_controls],
    )
    token = models.CharField(
        max_length=64, unique=True, default=invite_token, editable=False
    )
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    archived_at = models.DateTimeField(_("switched off at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invite link")
        verbose_name_plural = _("invite links")
        ordering = ["region", "-created_at", "-pk"]
        indexes = [models.Index(fields=["region", "archived_at"])]

    def __str__(self):
        return f"{self.name} ({self.region})"

    @property
    def is_active(self) -> bool:
        return self.archived_at is None


def private_storage():
    """Downloads of personal data never get a public URL (like CVs): served
    only through the view that checks the owner, files mode 0600."""
    return storages["private"]


def data_export_path(instance, filename: str) -> str:
    return f"exports/{uuid.uuid4().hex}.zip"


class DataExport(models.Model):
    """A person's request to download their data ("download my data"): built
    in the background (`services.data_export_build`), downloadable by them
    alone after reauthentication, deleted with its file when it expires
    (retention "export_file") or when they ask for a new one.

    While it is being built `ready_at` is empty; at most one per person is
    being built at a time (a constraint, so a double click makes no second).
    """

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("user"),
    )
    requested_at = models.DateTimeField(_("requested at"))
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    file = models.FileField(
        storage=private_storage, upload_to=data_export_path, blank=True
    )
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded at"), null=True, blank=True)
    # When the email that it is ready went out (sent once).
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("download of personal data")
        verbose_name_plural = _("downloads of personal data")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(ready_at__isnull=True),
                name="members_dataexport_one_in_progress",
            ),
            models.CheckConstraint(
                condition=models.Q(ready_at__isnull=True)
                | models.Q(expires_at__isnull=False),
                name="members_dataexport_ready_expires",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def is_ready(self) -> bool:
        return self.ready_at is not None

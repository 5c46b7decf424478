"""The board: posts (vacancies and pitches), their publications per region,
reactions and the CV view log.

A post is written once; each region it is published to gets its own
`Publication` with its own state (and, in the moderation issue, its own
review). The text lives on the post, so an edit shows in every region.
"""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from banenmarkt.validators import validate_no_bidi_controls

from ..board_cache import board_changed
from .calendar import Edition, Region


def private_storage():
    """CVs never get a public URL: they are served only through the view that
    checks access every time."""
    return storages["private"]


def cv_path(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"cv/{uuid.uuid4().hex}.{extension}"


class EducationLevel(models.TextChoices):
    NONE_VMBO = "none_vmbo", _("None or vmbo")
    MBO = "mbo", _("mbo (level 1-4)")
    HBO = "hbo", _("hbo")
    WO = "wo", _("wo (university)")


class Sector(models.TextChoices):
    """Sectors, which are also the theme corners of the reverse fair."""

    CRAFT = "craft", _("Craft and construction")
    RETAIL = "retail", _("Retail and sales")
    FINANCE = "finance", _("Finance and administration")
    ICT = "ict", _("ICT")
    TECHNOLOGY = "technology", _("Technology and production")
    CARE = "care", _("Care and welfare")
    LOGISTICS = "logistics", _("Logistics and transport")
    HOSPITALITY = "hospitality", _("Hospitality and catering")
    CLEANING = "cleaning", _("Cleaning and facilities")
    EDUCATION = "education", _("Education and childcare")
    OTHER = "other", _("Other")


class OrganisationKind(models.TextChoices):
    STAFFING_AGENCY = "staffing_agency", _("Staffing agency")
    EMPLOYER = "employer", _("Employer")
    PUBLIC = "public", _("Public: WSP, gemeente or UWV")


class ContractKind(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    TEMPORARY = "temporary", _("Temporary")
    AGENCY = "agency", _("Through a staffing agency")
    TRAINEESHIP = "traineeship", _("Work-study or traineeship")
    FREELANCE = "freelance", _("Freelance assignment")


class Post(models.Model):
    class Kind(models.TextChoices):
        VACANCY = "vacancy", _("Vacancy")
        PITCH = "pitch", _("Pitch")

    class CvState(models.TextChoices):
        """Whether the BSN guard has read all of the CV. Only a read CV can be
        downloaded; a scan waits for OCR in the background, or for a
        moderator where OCR cannot run (docs/board.md, "CVs")."""

        READ = "read", _("Read in full")
        OCR = "ocr", _("Waiting for OCR")
        MODERATOR = "moderator", _("Waiting for a moderator")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("author"),
    )
    title = models.CharField(
        _("title"), max_length=150, validators=[validate_no_bidi_controls]
    )
    description = models.TextField(_("description"), max_length=5000)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector)
    education_level = models.CharField(
        _("education level"), max_length=12, choices=EducationLevel
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    place = models.CharField(_("place"), max_length=100)
    banenafspraak = models.BooleanField(
        _("suitable for the banenafspraak"),
        default=False,
        help_text=_("The job agreement for people with a work limitation."),
    )

    # Vacancy
    organisation = models.CharField(
        _("organisation"),
        max_length=150,
        blank=True,
        validators=[validate_no_bidi_controls],
    )
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=OrganisationKind, blank=True
    )
    contract_kind = models.CharField(
        _("kind of contract"), max_length=20, choices=ContractKind, blank=True
    )
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    apply_url = models.URLField(_("link to apply"), blank=True)
    speed_date_url = models.URLField(_("video call link"), blank=True)
    speed_date_at = models.DateTimeField(_("speed date at"), null=True, blank=True)

    # Pitch
    desired_work = models.CharField(_("desired work"), max_length=200, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    cv = models.FileField(
        _("CV"), storage=private_storage, upload_to=cv_path, blank=True
    )
    cv_filename = models.CharField(max_length=200, blank=True)
    cv_state = models.CharField(
        _("CV read state"), max_length=10, choices=CvState, default=CvState.READ
    )
    cv_ocr_queued_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When OCR was last handed to a worker (the re-queue job looks).",
    )
    cv_ocr_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    video_url = models.URLField(_("video pitch link"), blank=True)
    on_behalf = models.BooleanField(
        _("on behalf of a client"),
        default=False,
        help_text=_("A caseworker posts this pitch for a client."),
    )
    client_consent_at = models.DateTimeField(
        _("client consent recorded at"), null=True, blank=True
    )

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Bumped by every edit, so a reviewed publication returns to the queue.",
    )
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # The author asked to keep the pitch when warned that it would be deleted
    # (fairs/retention.py): the retention period starts again from here.
    kept_at = models.DateTimeField(_("kept at"), null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="pitch") | ~models.Q(organisation=""),
                name="fairs_post_vacancy_has_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(on_behalf=False)
                | models.Q(client_consent_at__isnull=False),
                name="fairs_post_on_behalf_needs_consent",
            ),
            models.CheckConstraint(
                condition=models.Q(speed_date_url="", speed_date_at__isnull=True)
                | (
                    ~models.Q(speed_date_url="") & models.Q(speed_date_at__isnull=False)
                ),
                name="fairs_post_speed_date_link_and_time",
            ),
            models.CheckConstraint(
                condition=models.Q(cv_state="read") | ~models.Q(cv=""),
                name="fairs_post_cv_waiting_has_file",
            ),
        ]
        indexes = [
            models.Index(
                fields=["cv_ocr_queued_at"],
                condition=models.Q(cv_state="ocr"),
                name="fairs_post_cv_waiting_ocr",
            ),
            # "Organisation new in this region" in the review queue looks up
            # earlier vacancies of the same organisation, whatever the case.
            models.Index(
                Lower("organisation"),
                condition=models.Q(kind="vacancy"),
                name="fairs_post_vacancy_org_lower",
            ),
        ]

    def __str__(self):
        return self.title

    REVIEWED_FIELDS = (
        "title",
        "description",
        "organisation",
        "place",
        "desired_work",
        "availability",
        "contact_person",
        "contact_email",
        "contact_phone",
        "apply_url",
        "speed_date_url",
        "video_url",
    )

    def snapshot(self) -> dict:
        """The text a moderator reviewed, to show what changed afterwards."""
        return {name: getattr(self, name) for name in self.REVIEWED_FIELDS}

    @property
    def is_vacancy(self) -> bool:
        return self.kind == self.Kind.VACANCY

    @property
    def cv_downloadable(self) -> bool:
        return bool(self.cv) and self.cv_state == self.CvState.READ


class PublicationQuerySet(models.QuerySet):
    def on_board(self):
        """What the board shows: published and not withdrawn or removed."""
        return self.filter(status=Publication.Status.PUBLISHED)


class Publication(models.Model):
    """A post in one region, counting for one edition."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", pgettext_lazy("post status", "Ready for the fair")
        PUBLISHED = "published", _("Published")
        HELD = "held", _("Hidden: a second moderator decides")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REMOVED = "removed", _("Removed by a moderator")

    # Offered at the fair: on the board, or withdrawn by its author since
    # (the vacancy list, the report, the live dashboard and the fair page
    # count these; removed ones do not).
    OFFERED = (Status.PUBLISHED, Status.WITHDRAWN)

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="publications"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="publications"
    )
    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="publications"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    bsn_flag = models.BooleanField(
        _("possible BSN"),
        default=False,
        help_text=_(
            "The text had a 9-digit number that passes the 11-test; a moderator checks it."
        ),
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "region"], name="fairs_publication_once_per_region"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published")
                | models.Q(published_at__isnull=False),
                name="fairs_publication_published_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "edition", "status", "-published_at"]),
            models.Index(fields=["status", "edition"]),
            # The review queue's order and keyset (moderation.selectors):
            # a page reads the next rows of this index, however long the
            # queue is.
            models.Index(
                fields=["region", "published_at", "id"],
                condition=models.Q(status="published"),
                name="fairs_publication_queue",
            ),
            # Whatever the status: "the first vacancy of an organisation"
            # reads only what was published before the queue page's latest.
            models.Index(
                fields=["region", "published_at"], name="fairs_publication_region_time"
            ),
        ]

    def __str__(self):
        return f"{self.post} ({self.region})"

    # A publication saved or deleted one by one (services, the admin) drops
    # the region's shared board copies once it commits (fairs.board_cache);
    # the services' bulk updates say so themselves.
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        board_changed(region_ids=[self.region_id])

    def delete(self, *args, **kwargs):
        board_changed(region_ids=[self.region_id])
        return super().delete(*args, **kwargs)


class Reaction(models.Model):
    """A reaction under a publication, or a reply to one (`parent`).

    For every top-level reaction the platform records when the post's author
    first replied (`followed_up_at`): the follow-up the Twitter fair lacked.
    """

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="reactions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reactions"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    text = models.TextField(_("reaction"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    followed_up_at = models.DateTimeField(_("followed up at"), null=True, blank=True)
    # When the post's author was told about this reaction, in one email with
    # the others of the same 10 minutes (services.reactions_bundle_send).
    author_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["publication", "created_at"]),
            # The reactions still to announce: few rows, read every minute.
            models.Index(
                fields=["publication"],
                condition=models.Q(parent=None, author_notified_at=None),
                name="fairs_reaction_unannounced",
            ),
        ]

    def __str__(self):
        return self.text[:50]


class CvView(models.Model):
    """Every CV download: the job seeker sees who viewed their CV, and a
    member downloading many CVs in a short time is stopped."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="cv_views")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cv_views"
    )
    viewed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("CV view")
        verbose_name_plural = _("CV views")
        ordering = ["-viewed_at"]
        indexes = [models.Index(fields=["viewer", "viewed_at"])]

    def __str__(self):
        return f"{self.viewer} – {self.post} ({self.viewed_at:%Y-%m-%d %H:%M})"


def cv_draft_path(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"cv-drafts/{uuid.uuid4().hex}.{extension}"


class PitchDraft(models.Model):
    """A pitch a member is writing step by step (fairs.pitch_views.pitch_step),
    kept between visits until it is published or discarded, and deleted by
    the retention sweep (`pitch_draft`) when it lies untouched.

    `values` holds only what passed a step's checks (the BSN guard
    included), keyed by form field; `not_a_bsn` per step where the member
    confirmed a bare number. The CV was checked like any CV on upload and
    waits in private storage; nobody but its author ever sees its name."""

    author = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pitch_draft",
        verbose_name=_("author"),
    )
    values = models.JSONField(_("typed values"), default=dict, blank=True)
    # The highest step whose Next was passed (0: none yet).
    step_done = models.PositiveSmallIntegerField(default=0)
    cv = models.FileField(
        _("CV"), storage=private_storage, upload_to=cv_draft_path, blank=True
    )
    cv_filename = models.CharField(max_length=200, blank=True)
    cv_needs_ocr = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("pitch draft")
        verbose_name_plural = _("pitch drafts")

    def __str__(self):
        return self.values.get("who", {}).get("title") or f"draft {self.pk}"

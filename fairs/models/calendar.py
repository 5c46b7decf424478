from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..board_cache import board_changed
from ..schedule import fair_window


class Region(models.Model):
    """A labour-market region (arbeidsmarktregio) with its own closed group."""

    class PostingPolicy(models.TextChoices):
        OPEN = "open", _("Open between fairs")
        FAIR_ONLY = "fair_only", _("Only during the fair")

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    contact_email = models.EmailField(_("contact email"))
    posting_policy = models.CharField(
        _("posting policy"),
        max_length=20,
        choices=PostingPolicy,
        default=PostingPolicy.OPEN,
        help_text=_("May members post between fairs, or only while a fair is live?"),
    )
    follows_national_schedule = models.BooleanField(
        _("follows the national schedule"),
        default=True,
        help_text=_(
            "Editions are generated on the first Tuesday of every even month, "
            "10:00-13:00."
        ),
    )

    class BookingMode(models.TextChoices):
        UMBRELLA = "umbrella", _("One umbrella vacancy per fair")
        PER_PLACEMENT = "per_placement", _("A vacancy record per placement")

    booking_mode = models.CharField(
        _("how placements are booked"),
        max_length=20,
        choices=BookingMode,
        default=BookingMode.PER_PLACEMENT,
        help_text=_(
            "Twente books every placement against one umbrella vacancy per fair; "
            "Rijk van Nijmegen creates a vacancy record when someone starts."
        ),
    )
    pitch_retention_months = models.PositiveSmallIntegerField(
        _("months a pitch is kept after the last fair"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_(
            "A pitch and its CV are deleted this many months after the last "
            "fair its author took part in. The author is warned a week before "
            "and can keep it."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    # The board's kept copies link by the region's slug (fairs.board_cache).
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        board_changed(region_ids=[self.pk])

    def get_absolute_url(self):
        return reverse("fairs:region", kwargs={"slug": self.slug})


class EditionQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(is_cancelled=False)

    def not_closed(self, now=None):
        """Upcoming and live editions, soonest first."""
        now = now or timezone.now()
        return self.scheduled().filter(ends_at__gt=now).order_by("starts_at")

    def live(self, now=None):
        now = now or timezone.now()
        return self.scheduled().filter(starts_at__lte=now, ends_at__gt=now)


class Edition(models.Model):
    """One fair day of one region.

    A regular edition remembers the rule date it was generated for
    (`scheduled_date`); the generator looks editions up by that date, so an
    edition an admin moved to another day is never generated again. An extra
    edition (e.g. a themed reverse fair) has no rule date.
    """

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular (national schedule)")
        EXTRA = "extra", _("Extra edition")

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        LIVE = "live", _("Live")
        CLOSED = "closed", _("Closed")

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="editions",
        verbose_name=_("region"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.EXTRA)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Optional, for example 'Omgekeerde banenmarkt: techniek'."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    scheduled_date = models.DateField(
        _("rule date"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The national-schedule date this edition was generated for."),
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    umbrella_vacancy_number = models.CharField(
        _("registration number of the umbrella vacancy"),
        max_length=50,
        blank=True,
        help_text=_(
            "In regions that book every placement against one vacancy per fair."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "scheduled_date"],
                name="fairs_edition_one_per_rule_date",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="fairs_edition_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="regular", scheduled_date__isnull=False)
                | models.Q(kind="extra", scheduled_date__isnull=True),
                name="fairs_edition_rule_date_iff_regular",
            ),
        ]
        indexes = [models.Index(fields=["region", "starts_at"])]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.region} {local:%Y-%m-%d %H:%M}"

    # Every save or delete (services, the admin) drops the board's kept copy
    # of the region's calendar (fairs.board_cache) once it commits.
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        board_changed(region_ids=[self.region_id])

    def delete(self, *args, **kwargs):
        board_changed(region_ids=[self.region_id])
        return super().delete(*args, **kwargs)

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The fair must end after it starts.")})

    def status(self, now=None) -> "Edition.Status":
        """Upcoming, live or closed by the clock: live from opening (inclusive)
        until closing (exclusive), so at 13:00 sharp the fair is closed."""
        now = now or timezone.now()
        if now < self.starts_at:
            return self.Status.UPCOMING
        if now < self.ends_at:
            return self.Status.LIVE
        return self.Status.CLOSED

    @property
    def is_moved(self) -> bool:
        """A regular edition no longer at its rule date's 10:00-13:00."""
        if self.scheduled_date is None:
            return False
        return (self.starts_at, self.ends_at) != fair_window(self.scheduled_date)

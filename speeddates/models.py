"""Bookable speed dates: slots an employer offers on a vacancy for one fair
day, and the bookings of job seekers (docs/speed-dates.md).

Two invariants hold in the database, whatever runs at the same time: a slot
has at most one active booking, and a job seeker has at most one active
booking per vacancy (partial unique constraints on the active states).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MIN_MINUTES = 5
MAX_MINUTES = 30


class Slot(models.Model):
    """One speed date the vacancy's author (or the project team) offers."""

    post = models.ForeignKey(
        "fairs.Post",
        on_delete=models.CASCADE,
        related_name="speed_date_slots",
        verbose_name=_("vacancy"),
    )
    edition = models.ForeignKey(
        "fairs.Edition",
        on_delete=models.CASCADE,
        related_name="speed_date_slots",
        verbose_name=_("fair day"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("length in minutes"))
    video_url = models.URLField(_("video call link"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("speed date slot")
        verbose_name_plural = _("speed date slots")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "starts_at"], name="speeddates_slot_once_per_time"
            ),
            models.CheckConstraint(
                condition=models.Q(minutes__gte=MIN_MINUTES, minutes__lte=MAX_MINUTES),
                name="speeddates_slot_length",
            ),
        ]
        indexes = [models.Index(fields=["edition", "starts_at"])]

    def __str__(self):
        return f"{self.post} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.minutes)


class Booking(models.Model):
    """A job seeker's booking of a slot. Cancelled and moved bookings stay
    (the employer's schedule and the later report count what happened)."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        NO_SHOW = "no_show", _("Did not come")
        CANCELLED = "cancelled", _("Cancelled")
        MOVED = "moved", _("Moved to another time")

    # A no-show still holds its slot: nobody else can have had it.
    ACTIVE = (Status.BOOKED, Status.NO_SHOW)

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="bookings")
    # The slot's vacancy, kept here so one booking per vacancy is a constraint.
    post = models.ForeignKey(
        "fairs.Post", on_delete=models.CASCADE, related_name="speed_date_bookings"
    )
    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="speed_date_bookings",
        verbose_name=_("job seeker"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.BOOKED
    )
    booked_at = models.DateTimeField(_("booked at"))
    ended_at = models.DateTimeField(_("cancelled or moved at"), null=True, blank=True)
    no_show_at = models.DateTimeField(_("marked as no-show at"), null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        verbose_name = _("speed date booking")
        verbose_name_plural = _("speed date bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=models.Q(status__in=["booked", "no_show"]),
                name="speeddates_booking_slot_once",
            ),
            models.UniqueConstraint(
                fields=["post", "seeker"],
                condition=models.Q(status__in=["booked", "no_show"]),
                name="speeddates_booking_one_per_vacancy",
            ),
        ]

    def __str__(self):
        return f"{self.slot} – {self.seeker_id}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

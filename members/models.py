from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


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
    name = models.CharField(_("name"), max_length=150, blank=True)
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


class Membership(models.Model):
    """An approved member of a region's closed group.

    Join requests, roles and ending a membership are the membership issue's;
    this is the part the public region page needs to count members.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    region = models.ForeignKey(
        "fairs.Region", on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region"],
                condition=models.Q(ended_at__isnull=True),
                name="members_membership_one_active_per_region",
            )
        ]

    def __str__(self):
        return f"{self.user} @ {self.region}"

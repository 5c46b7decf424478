"""The kinds of email speed dates send (registered in `SpeeddatesConfig.ready`;
see banenmarkt/email_kinds.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailKind(models.TextChoices):
    SPEED_DATE = "speed_date", _("Speed dates: confirmations and reminders")

"""The kinds of email the after-fair work sends (registered in
`PlacementsConfig.ready`; see banenmarkt/email_kinds.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailKind(models.TextChoices):
    SURVEY = "survey", _("Survey after the job fair (job seekers)")
    STAFF_LISTS = "staff_lists", _("Vacancy list and call-back list after a fair")

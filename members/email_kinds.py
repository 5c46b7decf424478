"""The kinds of email the membership context sends (registered in
`MembersConfig.ready`; see banenmarkt/email_kinds.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailKind(models.TextChoices):
    JOIN_DIGEST = "join_digest", _("Weekly overview of join requests (moderators)")

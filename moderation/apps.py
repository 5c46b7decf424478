from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """Review queue, likes, removals and the audit log (issue "Moderation")."""

    name = "moderation"
    verbose_name = _("Moderation")

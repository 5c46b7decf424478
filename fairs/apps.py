from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from banenmarkt.audit_actions import actions_register
from banenmarkt.email_kinds import email_kinds_register

from .email_kinds import EmailKind

# The audit actions this app records, with their labels for the log.
AUDIT_ACTIONS = {
    "fairs.cv.download_stopped": _("Stopped many CV downloads"),
}


class FairsConfig(AppConfig):
    """Regions, fair editions, the calendar and the public pages."""

    name = "fairs"
    verbose_name = _("Fairs")

    def ready(self):
        actions_register(AUDIT_ACTIONS)
        email_kinds_register(
            EmailKind,
            roles={EmailKind.MODERATOR_ALERT: ("moderator", "project_team")},
        )

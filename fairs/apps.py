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
        # Models are loaded only now, so these imports wait for ready().
        from members.services import membership_end_handlers_register  # noqa: PLC0415

        from .services import publications_withdraw_for_member  # noqa: PLC0415

        actions_register(AUDIT_ACTIONS)
        # Someone who leaves a region, or whose membership is ended, is no
        # longer on its board.
        membership_end_handlers_register(publications_withdraw_for_member)
        email_kinds_register(
            EmailKind,
            roles={EmailKind.MODERATOR_ALERT: ("moderator", "project_team")},
        )

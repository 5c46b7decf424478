from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from banenmarkt.audit_actions import actions_register
from banenmarkt.privacy import personal_data_register

from .privacy import PERSONAL_DATA

# The audit actions this app records, with their labels for the log.
AUDIT_ACTIONS = {
    "moderation.publication.liked": _("Marked a post as seen"),
    "moderation.publication.unliked": _("Undid seen"),
    "moderation.publication.removed": _("Removed a post"),
    "moderation.publication.restored": _("Restored a post"),
    "moderation.publication.removal_proposed": _("Proposed removing a commercial post"),
    "moderation.publication.removal_confirmed": _(
        "Confirmed removing a commercial post"
    ),
    "moderation.publication.removal_rejected": _("Rejected removing a commercial post"),
    "moderation.publication.removal_withdrawn": _(
        "Took back a proposal to remove a commercial post"
    ),
    "moderation.publication.clarified": _("Added a clarification"),
    "moderation.cv.checked": _("Checked a scanned CV for a BSN"),
}


class ModerationConfig(AppConfig):
    """Review queue, likes, removals, clarifications, reports and notes."""

    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        personal_data_register(PERSONAL_DATA)
        actions_register(AUDIT_ACTIONS)
        # Models are loaded only now, so these imports wait for ready().
        from banenmarkt.models import AuditEntry  # noqa: PLC0415
        from fairs.fair_page import public_filter_register  # noqa: PLC0415
        from members.dashboard import work_providers_register  # noqa: PLC0415

        from .dashboard import moderation_work  # noqa: PLC0415
        from .selectors import reviewed  # noqa: PLC0415
        from .sidebar import forget_after_audit  # noqa: PLC0415

        work_providers_register(moderation_work)
        public_filter_register(reviewed)
        # The queue's kept side figures go when a proposal or a BSN flag is
        # raised or handled: both are audited (moderation/sidebar.py).
        post_save.connect(
            forget_after_audit, sender=AuditEntry, dispatch_uid="moderation.sidebar"
        )

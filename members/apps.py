from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from banenmarkt.audit_actions import actions_register
from banenmarkt.email_kinds import email_kinds_register
from banenmarkt.privacy import personal_data_register
from banenmarkt.retention import sweep_register

from .email_kinds import EmailKind
from .privacy import PERSONAL_DATA

# The audit actions this app records, with their labels for the log.
AUDIT_ACTIONS = {
    "members.membership.requested": _("Asked to join"),
    "members.membership.edited": _("Changed a join request"),
    "members.membership.answered": _("Answered the moderator's question"),
    "members.membership.approved": _("Approved a join request"),
    "members.membership.question_asked": _("Asked about a join request"),
    "members.membership.declined": _("Declined a join request"),
    "members.membership.withdrawn": _("Withdrew a join request"),
    "members.membership.left": _("Left the region"),
    "members.membership.ended": _("Ended a membership"),
    "members.role.appointed": _("Gave a role"),
    "members.role.invited": _("Invited someone for a role"),
    "members.role.removed": _("Took a role away"),
    "members.account.deleted": _("Deleted an account"),
    "members.invite_link.create": _("Made an invite link"),
    "members.invite_link.archive": _("Switched off an invite link"),
    "members.invite_link.reactivate": _("Switched an invite link on again"),
}


class MembersConfig(AppConfig):
    """Accounts, profiles, join requests and roles per region."""

    name = "members"
    verbose_name = _("Members")

    def ready(self):
        personal_data_register(PERSONAL_DATA)
        from . import signals  # noqa: F401, PLC0415 (connects the receivers)
        from .retention import accounts_inactive, accounts_never_joined  # noqa: PLC0415

        sweep_register("members.accounts_never_joined", accounts_never_joined)
        sweep_register("members.accounts_inactive", accounts_inactive)

        actions_register(AUDIT_ACTIONS)
        from .dashboard import (  # noqa: PLC0415
            join_requests_waiting,
            work_providers_register,
        )

        work_providers_register(join_requests_waiting)
        email_kinds_register(
            EmailKind,
            order={EmailKind.JOIN_DIGEST: 90},
            roles={EmailKind.JOIN_DIGEST: ("moderator", "project_team")},
        )

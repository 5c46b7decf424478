from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from banenmarkt.audit_actions import actions_register
from banenmarkt.email_kinds import email_kinds_register
from banenmarkt.privacy import export_sections_register, personal_data_register
from banenmarkt.retention import sweep_register

from .email_kinds import EmailKind
from .privacy import EXPORT_SECTIONS, PERSONAL_DATA

# The audit actions this app records, with their labels for the log.
AUDIT_ACTIONS = {
    "fairs.cv.download_stopped": _("Stopped many CV downloads"),
    "fairs.cv.removed_bsn": _("Removed a scanned CV with a BSN"),
}


class FairsConfig(AppConfig):
    """Regions, fair editions, the calendar and the public pages."""

    name = "fairs"
    verbose_name = _("Fairs")

    def ready(self):
        personal_data_register(PERSONAL_DATA)
        export_sections_register(EXPORT_SECTIONS)
        # Models are loaded only now, so these imports wait for ready().
        from members.services import (  # noqa: PLC0415
            account_delete_handlers_register,
            membership_end_handlers_register,
        )

        from .retention import (  # noqa: PLC0415
            cvs_of_withdrawn_pitches,
            pitch_drafts,
            pitches_after_last_fair,
        )
        from .services import (  # noqa: PLC0415
            boards_forget_author,
            publications_withdraw_for_member,
        )
        from .visits import visits_forget  # noqa: PLC0415

        sweep_register("fairs.cvs_of_withdrawn_pitches", cvs_of_withdrawn_pitches)
        sweep_register("fairs.pitches_after_last_fair", pitches_after_last_fair)
        sweep_register("fairs.pitch_drafts", pitch_drafts)

        actions_register(AUDIT_ACTIONS)
        # Someone who leaves a region, or whose membership is ended, is no
        # longer on its board.
        membership_end_handlers_register(publications_withdraw_for_member)
        # The board's visit markers (in the cache) leave with the account.
        account_delete_handlers_register(visits_forget)
        # Its posts leave the boards' shared copies at once.
        account_delete_handlers_register(boards_forget_author)
        email_kinds_register(
            EmailKind,
            order={
                EmailKind.FAIR_WEEK: 10,
                EmailKind.FAIR_DAY: 20,
                EmailKind.FAIR_OPEN: 30,
                EmailKind.PRIVACY_TIPS: 40,
                EmailKind.REACTION: 60,
                EmailKind.CV_REMOVED: 65,
                EmailKind.FOLLOW_UP: 70,
                EmailKind.MODERATOR_ALERT: 100,
            },
            roles={EmailKind.MODERATOR_ALERT: ("moderator", "project_team")},
        )

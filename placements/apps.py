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
    "placements.placement.recorded": _("Recorded a placement"),
    "placements.placement.corrected": _("Corrected a placement"),
    "placements.placement.deleted": _("Deleted a placement"),
}


class PlacementsConfig(AppConfig):
    """Vacancy lists, call-backs, placements, surveys and reports."""

    name = "placements"
    verbose_name = _("Placements")

    def ready(self):
        personal_data_register(PERSONAL_DATA)
        from .retention import call_back_notes, survey_links  # noqa: PLC0415

        sweep_register("placements.call_back_notes", call_back_notes)
        sweep_register("placements.survey_links", survey_links)
        export_sections_register(EXPORT_SECTIONS)
        actions_register(AUDIT_ACTIONS)
        # Models are loaded only now, so these imports wait for ready().
        from fairs.services import post_delete_handlers_register  # noqa: PLC0415
        from members.dashboard import work_providers_register  # noqa: PLC0415
        from members.services import account_delete_handlers_register  # noqa: PLC0415

        from .dashboard import after_fair_work, live_fair_work  # noqa: PLC0415

        work_providers_register(after_fair_work)
        work_providers_register(live_fair_work)
        from .services import (  # noqa: PLC0415
            edition_figures_freeze_for_member,
            edition_figures_freeze_for_post,
        )

        # Past reports keep their figures when an account or a pitch is
        # deleted.
        account_delete_handlers_register(edition_figures_freeze_for_member)
        post_delete_handlers_register(edition_figures_freeze_for_post)
        email_kinds_register(
            EmailKind,
            order={EmailKind.SURVEY: 50, EmailKind.STAFF_LISTS: 80},
            roles={EmailKind.STAFF_LISTS: ("staff", "project_team")},
        )

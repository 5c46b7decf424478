from django.apps import AppConfig
from django.db.models import fields as model_fields
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from .audit_actions import actions_register
from .privacy import (
    EXPORT_SECTIONS,
    PERSONAL_DATA,
    export_sections_register,
    personal_data_register,
)

# The audit actions the ground floor records (banenmarkt.bsn_flags).
AUDIT_ACTIONS = {
    "banenmarkt.bsn_flag.raised": _("Saved a text with a possible BSN"),
    "banenmarkt.bsn_flag.checked": _("Checked a possible BSN"),
    "banenmarkt.retention.swept": _("Removed data past its retention period"),
}

# The first option of a select that starts empty. Django 6.1's own text,
# "- Select an option -", has no Dutch translation.
BLANK_CHOICE_LABEL = _("Choose …")


class BanenmarktConfig(AppConfig):
    """The ground floor as an app: the audit log, notifications, the outbox
    and the scheduler, which the feature apps build on."""

    name = "banenmarkt"
    verbose_name = "Banenmarkt"

    def ready(self):
        # Django reads this when a form field is made: set before the apps
        # above this one import their forms (Django's documented way).
        model_fields.BLANK_CHOICE_LABEL = BLANK_CHOICE_LABEL
        actions_register(AUDIT_ACTIONS)
        personal_data_register(PERSONAL_DATA)
        from .retention import (  # noqa: PLC0415
            audit_log_sweep,
            notifications_sweep,
            sweep_register,
        )

        sweep_register("notifications", notifications_sweep)
        sweep_register("audit_log", audit_log_sweep)
        export_sections_register(EXPORT_SECTIONS)
        # Every app's jobs.py registers its scheduled jobs when imported; the
        # tasks modules register their Celery tasks, so a task enqueued by its
        # name (the scheduler's chunks) is known in every process.
        autodiscover_modules("jobs")
        autodiscover_modules("tasks")
        # The security log uses allauth's adapter, which needs the models:
        # imported only now.
        from . import security  # noqa: PLC0415

        security.connect()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from banenmarkt.email_kinds import email_kinds_register
from banenmarkt.privacy import personal_data_register

from .email_kinds import EmailKind
from .privacy import PERSONAL_DATA


class SpeeddatesConfig(AppConfig):
    """Bookable speed dates on vacancies (docs/speed-dates.md)."""

    name = "speeddates"
    verbose_name = _("Speed dates")

    def ready(self):
        personal_data_register(PERSONAL_DATA)
        email_kinds_register(EmailKind, order={EmailKind.SPEED_DATE: 62})

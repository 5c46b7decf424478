from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from banenmarkt.privacy import personal_data_register

from .privacy import PERSONAL_DATA


class ConversationsConfig(AppConfig):
    """ "Mijn gesprekken": every conversation a member is part of, in one
    place, with what is new and what waits for their answer."""

    name = "conversations"
    verbose_name = _("Conversations")

    def ready(self):
        personal_data_register(PERSONAL_DATA)

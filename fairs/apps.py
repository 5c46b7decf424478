from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FairsConfig(AppConfig):
    """Regions, fair editions, the calendar and the public pages."""

    name = "fairs"
    verbose_name = _("Fairs")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    """Exports, call-backs, placements, surveys and reports (issue "After the fair")."""

    name = "placements"
    verbose_name = _("Placements")

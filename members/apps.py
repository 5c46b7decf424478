from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    """Accounts, profiles, join requests and roles per region."""

    name = "members"
    verbose_name = _("Members")

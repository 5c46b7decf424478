from django.apps import AppConfig


class BanenmarktConfig(AppConfig):
    """Project package as an app: site-wide commands, template tags, pages."""

    name = "banenmarkt"
    verbose_name = "Banenmarkt"

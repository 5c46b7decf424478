from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The `load_demo` command and its data."""

    name = "demo"
    verbose_name = "Demo"

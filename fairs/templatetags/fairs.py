from django import template
from django.utils import timezone
from django.utils.formats import date_format, time_format

register = template.Library()


def fair_window_display(starts_at, ends_at) -> str:
    """'dinsdag 1 december 2026, 10:00–13:00' in the active language, in local
    time; a window over midnight names both days."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() == end.date():
        return f"{date_format(start)}, {time_format(start)}–{time_format(end)}"
    return f"{date_format(start)}, {time_format(start)} – {date_format(end)}, {time_format(end)}"


@register.filter
def fair_when(edition) -> str:
    return fair_window_display(edition.starts_at, edition.ends_at)

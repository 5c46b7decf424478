from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def timedelta_minutes(delta) -> str:
    """'3 minuten', '2 uur en 5 minuten': how long something has waited."""
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    text = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {
        "count": minutes
    }
    if hours:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {
            "count": hours
        } + (f", {text}" if minutes else "")
    return text

from django import template
from django.utils.translation import ngettext

from ..forms import StaffNoteForm

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


@register.inclusion_tag("moderation/_staff_notes.html", takes_context=True)
def staff_notes(context, publication, region):
    """The internal notes on a post and the form to add one, for the board's
    post page (moderators and project team only: the page checks)."""
    return {
        "publication": publication,
        "region": region,
        "staff_notes": publication.staff_notes.select_related("author"),
        "note_form": StaffNoteForm(),
        "csrf_token": context.get("csrf_token"),
    }

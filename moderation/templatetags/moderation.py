from django import template
from django.template import Node
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


# --- Queue items from the cache ---------------------------------------------------


class QueueFragmentNode(Node):
    """What a queue item shows of its post, from the cache when the view
    found it there (`publication.fragment_html`, all of a page's items read
    in one `get_many`), otherwise rendered and handed to the view to store
    (`fragments_to_store`, one `set_many` after the page)."""

    def __init__(self, nodelist, publication):
        self.nodelist = nodelist
        self.publication = publication

    def render(self, context):
        publication = self.publication.resolve(context)
        cached = getattr(publication, "fragment_html", None)
        if cached is not None:
            return cached
        html = self.nodelist.render(context)
        store = context.get("fragments_to_store")
        key = getattr(publication, "fragment_key", None)
        if store is not None and key:
            store[key] = html
        return html


@register.tag
def queue_fragment(parser, token):
    """{% queue_fragment publication %} … {% endqueue_fragment %}"""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("queue_fragment takes one argument")
    nodelist = parser.parse(("endqueue_fragment",))
    parser.delete_first_token()
    return QueueFragmentNode(nodelist, parser.compile_filter(bits[1]))

import secrets
from urllib.parse import quote

from django import template
from django.template import Node
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
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
    """A queue item, from the cache when the view found it there
    (`publication.fragment_html`, all of a page's items read in one
    `get_many`), otherwise rendered and handed to the view to store
    (`fragments_to_store`, one `set_many` after the page).

    What differs per request is rendered as a marker and filled in here, on
    every render: the CSRF token, the queue page to return to (`page_url`,
    and `page_url_q` URL-encoded) and the item after this one
    (`following_pk`). Each stored item has markers of its own (a random
    nonce), so no text of a post can contain one."""

    def __init__(self, nodelist, publication):
        self.nodelist = nodelist
        self.publication = publication

    def render(self, context):
        publication = self.publication.resolve(context)
        cached = getattr(publication, "fragment_html", None)
        if not (isinstance(cached, tuple) and len(cached) == 2):
            nonce = secrets.token_hex(8)
            with context.push(
                {name: _marker(nonce, name) for name in FILLED_IN},
            ):
                cached = (nonce, self.nodelist.render(context))
            store = context.get("fragments_to_store")
            key = getattr(publication, "fragment_key", None)
            if store is not None and key:
                store[key] = cached
        nonce, html = cached
        page_url = str(context.get("page_url", ""))
        following = getattr(publication, "following_pk", None)
        values = {
            "csrf_token": str(context.get("csrf_token", "")),
            "page_url": str(conditional_escape(page_url)),
            "page_url_q": quote(page_url),  # as the urlencode filter
            "following_pk": "" if following is None else str(int(following)),
        }
        for name in FILLED_IN:
            html = html.replace(_marker(nonce, name), values[name])
        # Our own template's output, with our own escaped values filled in.
        return mark_safe(html)  # noqa: S308 # nosec B308, B703


# The context variables a cached queue item gets as markers.
FILLED_IN = ("csrf_token", "page_url", "page_url_q", "following_pk")


def _marker(nonce: str, name: str) -> str:
    # Letters, digits and colons: unchanged by HTML escaping.
    return f"bm:{nonce}:{name}:"


@register.tag
def queue_fragment(parser, token):
    """{% queue_fragment publication %} … {% endqueue_fragment %}"""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("queue_fragment takes one argument")
    nodelist = parser.parse(("endqueue_fragment",))
    parser.delete_first_token()
    return QueueFragmentNode(nodelist, parser.compile_filter(bits[1]))

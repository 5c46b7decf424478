"""A page kept whole for many viewers, with its personal parts filled in per
request (docs/performance.md, "The page copy").

Most of a signed-in page is the same for everyone who may see it, but a few
parts are personal: the main menu's counts and the log-out form's CSRF
token, the messages of this request, the live banner, the language buttons
(this page's address, a token). base.html marks those with
`{% personal "template" %}`. Rendered normally, the tag includes the
template. Rendered for a copy (`render_copy`), it writes a marker instead,
and `fill` renders just those parts for the viewer of the moment, with the
context processors, and puts them in: a kept page costs a few small
templates instead of the whole page.

Markers are HTML comments, which escaped text (every user text is) cannot
contain; the CSRF token elsewhere on the page becomes a random word of the
copy's own. What a caller keeps a copy under must hold everything the rest
of the page depends on (the viewer's rights, the moment); the tests compare
a kept page with the page rendered normally, for every role."""

import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.middleware.csrf import get_token
from django.template import Context, engines
from django.template.context import make_context
from django.utils.translation import get_language

PERSONAL = re.compile(r"<!--bm:p:([0-9]+)-->")
# The context variable that switches `{% personal %}` to writing markers.
RECORDING = "page_copy_parts"


@dataclass
class PageCopy:
    """A rendered page with markers for its personal parts."""

    html: str
    parts: list[str] = field(default_factory=list)
    token_marker: str = ""


def render_copy(request, template_name: str, context: dict) -> PageCopy:
    """`template_name` rendered from `context` for a copy: without context
    processors (all they give is personal, and goes in a marked part), the
    request for the template's own use, and the CSRF token as a marker."""
    template = engines["django"].get_template(template_name).template
    parts: list[str] = []
    token_marker = f"bmcsrf{secrets.token_hex(12)}"
    bound = Context(
        {"request": request, **context, "csrf_token": token_marker, RECORDING: parts},
        autoescape=True,
    )
    bound.request = request
    return PageCopy(html=template.render(bound), parts=parts, token_marker=token_marker)


def _plain(value) -> str:
    """A context value (a lazy dict of counts) as text for a key."""
    return json.dumps(value, sort_keys=True, default=str)


def _menu_key(request, context) -> tuple:
    """What `_nav_personal.html` shows depends on: the viewer (so nothing
    of one person's can reach another, whatever the menu comes to show),
    the page's view and the three sets of counts."""
    user = request.user
    match = getattr(request, "resolver_match", None)
    return (
        user.pk,
        user.is_authenticated and user.is_staff,
        match.view_name if match else "",
        *(_plain(context.get(name)) for name in RENDERED_WITH_COUNTS),
    )


# Context processors' values the menu shows (by name: the apps fill them).
RENDERED_WITH_COUNTS = ("board_new", "conversation_counts", "moderator_counts")

# Personal parts whose rendering is kept in the process, per language and
# what `key(request, context)` names: the menu (links, counts, a token) took
# most of a kept page's time (docs/performance.md). The others are cheap or
# rare (messages, the banner).
KEPT_PARTS: dict[str, Callable] = {
    "_nav_personal.html": _menu_key,
    "_footer_language.html": lambda request, context: (request.get_full_path(),),
}
_PARTS: dict[tuple, str] = {}
PARTS_MAX = 4096
# The CSRF token in a kept part: a word of this process's own.
_PART_TOKEN = f"bmcsrf{secrets.token_hex(12)}"


def _render_part(template, name: str, request, context) -> str:
    key_for = KEPT_PARTS.get(name)
    if key_for is None:
        return str(template.render(context))
    key = (name, get_language(), *key_for(request, context))
    html = _PARTS.get(key)
    if html is None:
        with context.push(csrf_token=_PART_TOKEN):
            html = str(template.render(context))
        if len(_PARTS) >= PARTS_MAX:
            _PARTS.clear()
        _PARTS[key] = html
    return html


def fill(request, copy: PageCopy) -> str:
    """The copy for this request: each personal part rendered with the
    context processors (one context for all of them), and the CSRF token."""
    html = copy.html
    if copy.parts:
        engine = engines["django"].engine
        templates = [engine.get_template(name) for name in copy.parts]
        context = make_context({}, request)
        with context.bind_template(templates[0]):
            rendered = [
                _render_part(template, name, request, context)
                for template, name in zip(templates, copy.parts, strict=True)
            ]
        html = PERSONAL.sub(lambda match: rendered[int(match.group(1))], html)
    for marker in (copy.token_marker, _PART_TOKEN):
        if marker and marker in html:
            html = html.replace(marker, get_token(request))
    return html

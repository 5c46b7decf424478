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

import re
import secrets
from dataclasses import dataclass, field

from django.middleware.csrf import get_token
from django.template import Context, engines
from django.template.context import make_context

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


def fill(request, copy: PageCopy) -> str:
    """The copy for this request: each personal part rendered with the
    context processors (one context for all of them), and the CSRF token."""
    html = copy.html
    if copy.parts:
        engine = engines["django"].engine
        templates = [engine.get_template(name) for name in copy.parts]
        context = make_context({}, request)
        with context.bind_template(templates[0]):
            rendered = [str(template.render(context)) for template in templates]
        html = PERSONAL.sub(lambda match: rendered[int(match.group(1))], html)
    if copy.token_marker and copy.token_marker in html:
        html = html.replace(copy.token_marker, get_token(request))
    return html

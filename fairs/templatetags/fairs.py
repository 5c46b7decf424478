import re

import nh3
from django import template
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

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


URL = re.compile(r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")


@register.filter
def user_text(text) -> str:
    """Text people typed, shown safely: never as HTML. Line breaks are kept,
    web addresses become links (rel="nofollow noopener"), and the result is
    sanitised once more with nh3 (no script, no javascript: links)."""
    escaped = escape(text or "")
    linked = URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
    paragraphs = [
        p for p in re.split(r"\n\s*\n", linked.replace("\r\n", "\n")) if p.strip()
    ]
    html = "".join(f"<p>{p.strip().replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return mark_safe(  # noqa: S308 - escaped above, then sanitised by nh3
        nh3.clean(
            html,
            tags={"p", "br", "a"},
            attributes={"a": {"href"}},
            url_schemes={"http", "https"},
            link_rel="nofollow noopener noreferrer",
        )
    )

"""Text people typed, shown safely (the `user_text` template filter, and the
board's cards in fairs.cards)."""

import re
from functools import lru_cache

import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe

URL = re.compile(r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")


def user_text(text) -> str:
    """Text people typed, shown safely: never as HTML. Line breaks are kept,
    web addresses become links (rel="nofollow noopener"), and the result is
    sanitised once more with nh3 (no script, no javascript: links)."""
    return _user_text(str(text or ""))


# The same texts are shown again and again (every page of a board that is
# not kept whole, every card of the combined board); sanitising one took
# about a tenth of a millisecond. The result depends on the text alone.
@lru_cache(maxsize=4096)
def _user_text(text: str) -> str:
    escaped = escape(text)
    linked = URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
    paragraphs = [
        p for p in re.split(r"\n\s*\n", linked.replace("\r\n", "\n")) if p.strip()
    ]
    html = "".join(f"<p>{p.strip().replace(chr(10), '<br>')}</p>" for p in paragraphs)
    cleaned = nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow noopener noreferrer",
    )
    # Escaped above, then sanitised by nh3: safe to mark (reviewed).
    return mark_safe(cleaned)  # noqa: S308 # nosec B308, B703

from django import template

from ..cards import combined_card as _combined_card
from ..cards import post_card as _post_card
from ..safe_text import user_text
from ..schedule import fair_window_display

register = template.Library()


@register.filter
def fair_when(edition) -> str:
    return fair_window_display(edition.starts_at, edition.ends_at)


register.filter("user_text", user_text)


@register.filter
def board_new_in(board_new, region_id) -> int:
    """How many posts are new for the member on one region's board, from the
    navigation's counts (`fairs.context_processors`): no query of its own."""
    if not board_new:
        return 0
    return next(
        (row["count"] for row in board_new["regions"] if row["id"] == region_id), 0
    )


@register.simple_tag(takes_context=True)
def post_card(context, publication):
    """{% post_card publication %}: the board's card (fairs.cards), with the
    page's `publication_url` and `card_markers`."""
    return _post_card(
        publication,
        publication_url=context["publication_url"],
        card_markers=bool(context.get("card_markers")),
    )


@register.simple_tag
def combined_card(post):
    """{% combined_card post %}: a card of the combined board (fairs.cards)."""
    return _combined_card(post)

"""A post card of the board, written by a function instead of a template.

Twenty cards were most of a board page built afresh: Django's template
engine took about a third of a millisecond per card (an include, two
blocktranslates, two dates; docs/performance.md), this function a tenth of
that. The markup is what the template `fairs/_post_card.html` was
(checked equal on the benchmark's data when it was replaced), and
`tests/fairs/test_cards.py` holds it to the card's parts. Every value from a post is escaped here (format_html, escape) or
by `user_text`; the texts are the same msgids as in the template."""

from django.template.defaultfilters import date as date_filter
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, ngettext

from .models import Post
from .safe_text import user_text

# The labels of a post's choices per field and language: Django's
# get_FOO_display hashes the field's whole list of (lazy) labels on every
# call, translating each, which was a fifth of a page of cards.
_LABELS: dict[tuple[str, str], dict[str, str]] = {}


def choice_label(post: Post, field_name: str) -> str:
    """`post.get_<field_name>_display()`, from a table kept per language."""
    key = (field_name, get_language() or "")
    labels = _LABELS.get(key)
    if labels is None:
        field = Post._meta.get_field(field_name)
        labels = _LABELS[key] = {
            str(value): str(label) for value, label in field.flatchoices
        }
    value = getattr(post, field_name)
    return labels.get(str(value), value)


def post_card(
    publication, *, publication_url: str, card_markers: bool = False
) -> SafeString:
    """The card of `publication` (with its `post`, `reaction_count`, and
    `author_name`, `is_new`, `new_reaction_count` where the page set them).
    `publication_url`: the region's post pages without the id. With
    `card_markers`, the viewer's "New" bits are markers for
    fairs.board_cache."""
    post = publication.post
    pk = publication.pk
    url = f"{escape(publication_url)}{pk}/"
    title = escape(post.title)

    if card_markers:
        new = f"<!--bm:new:{pk}-->"
    elif getattr(publication, "is_new", False):
        new = format_html('<span class="badge badge--new">{}</span> · ', gettext("New"))
    else:
        new = ""
    kind = escape(
        gettext("Vacancy") if post.kind == Post.Kind.VACANCY else gettext("Pitch")
    )
    badges = ""
    if post.banenafspraak:
        badges += format_html(
            ' · <span class="badge">{}</span>', gettext("Banenafspraak")
        )
    if post.speed_date_url:
        badges += format_html(' · <span class="badge">{}</span>', gettext("Speed date"))

    author_name = getattr(publication, "author_name", "")
    if post.kind == Post.Kind.VACANCY:
        by = format_html("{} · ", post.organisation)
    elif post.on_behalf:
        by = format_html("{} · ", gettext("Via a caseworker"))
    elif author_name:
        by = format_html("{} · ", author_name)
    else:
        by = ""
    hours = gettext("%(hours)s hours") % {"hours": post.hours_per_week}

    count = publication.reaction_count
    reactions = ngettext("%(counter)s reaction", "%(counter)s reactions", count) % {
        "counter": count
    }
    if card_markers:
        new_reactions = f"<!--bm:nr:{pk}-->"
    elif getattr(publication, "new_reaction_count", 0):
        number = publication.new_reaction_count
        new_reactions = format_html(
            " ({})",
            ngettext("%(counter)s new reaction", "%(counter)s new reactions", number)
            % {"counter": number},
        )
    else:
        new_reactions = ""
    published = template_localtime(publication.published_at)

    # Every part above is escaped or our own markup.
    return mark_safe(  # noqa: S308 # nosec B308, B703
        f'<article class="post post--{escape(post.kind)}" aria-labelledby="post-{pk}-title">\n'
        f'  <p class="post__kind">{new}{kind}{badges}</p>\n'
        f'  <h2 class="post__title" id="post-{pk}-title"><a href="{url}">{title}</a></h2>\n'
        f'  <p class="post__meta">\n'
        f"    {by}\n"
        f"    {escape(post.place)} · {escape(hours)} · "
        f"{escape(choice_label(post, 'education_level'))} · "
        f"{escape(choice_label(post, 'sector'))}\n"
        f"  </p>\n"
        f'  <div class="post__text">{user_text(Truncator(post.description).chars(280))}</div>\n'
        f'  <p class="post__footer">\n'
        f'    <a href="{url}">{escape(reactions)}{new_reactions}'
        f'<span class="visually-hidden"> – {title}</span></a>\n'
        f'    <span class="muted">· <time datetime="{date_filter(published, "c")}">'
        f"{date_filter(published, 'j F, H:i')}</time></span>\n"
        f"  </p>\n"
        f"</article>"
    )


def combined_card(post) -> SafeString:
    """A card of the combined board (all my regions): `post` with its
    `board_publications` (each with `region`, `edition` and `url`),
    `reaction_count` and `author_name` (`selectors.combined_board_page`).
    The markup the template `fairs/board_combined.html` had inline
    (`tests/fairs/test_cards.py` compares them)."""
    pk = post.pk
    title = escape(post.title)
    is_vacancy = post.kind == Post.Kind.VACANCY
    if is_vacancy:
        by = format_html("{} · ", post.organisation)
    elif post.on_behalf:
        by = format_html("{} · ", gettext("Via a caseworker"))
    elif post.author_name:
        by = format_html("{} · ", post.author_name)
    else:
        by = ""
    regions = ", ".join(
        format_html(
            '<a href="{}">{}<span class="visually-hidden"> – {}</span></a>'
            ' <span class="muted">({})</span>',
            publication.url,
            publication.region.name,
            post.title,
            date_filter(template_localtime(publication.edition.starts_at), "j F Y"),
        )
        for publication in post.board_publications
    )
    count = post.reaction_count
    reactions = ngettext("%(counter)s reaction", "%(counter)s reactions", count) % {
        "counter": count
    }
    kind = gettext("Vacancy") if is_vacancy else gettext("Pitch")
    where = gettext("In:")  # not inside the f-string: makemessages reads no f-strings
    # Every part above is escaped or our own markup.
    return mark_safe(  # noqa: S308 # nosec B308, B703
        f'<article class="post post--{escape(post.kind)}" aria-labelledby="combined-{pk}">\n'
        f'  <p class="post__kind">{escape(kind)}</p>\n'
        f'  <h2 class="post__title" id="combined-{pk}">{title}</h2>\n'
        f'  <p class="post__meta">{by}{escape(post.place)} · '
        f"{escape(choice_label(post, 'education_level'))} · "
        f"{escape(choice_label(post, 'sector'))}</p>\n"
        f'  <div class="post__text">{user_text(Truncator(post.description).chars(200))}</div>\n'
        f'  <p class="post__footer">{escape(where)}\n'
        f"    {regions}\n"
        f"    · {escape(reactions)}\n"
        f"  </p>\n"
        f"</article>"
    )

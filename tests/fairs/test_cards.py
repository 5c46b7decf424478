"""The board's post card and the combined board's card, written by
fairs.cards."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from fairs.cards import combined_card, post_card
from fairs.models import Edition, Post, Publication, Region

pytestmark = pytest.mark.django_db

URL = "/regio/twente/prikbord/"


def _publication(**post_fields) -> Publication:
    fields = {
        "kind": Post.Kind.VACANCY,
        "title": "Heftruckchauffeur",
        "organisation": "Flex & Co",
        "place": "Hengelo",
        "hours_per_week": 32,
        "education_level": "mbo",
        "sector": "logistics",
        "description": "Wij zoeken iemand.\n\nKijk op https://flex.example/vacature",
    } | post_fields
    publication = Publication(
        pk=41,
        post=Post(**fields),
        published_at=datetime(2026, 12, 1, 9, 5, tzinfo=ZoneInfo("UTC")),
    )
    publication.reaction_count = 2
    return publication


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def test_a_vacancy_card_shows_its_parts_escaped():
    html = post_card(
        _publication(title="<script>alert(1)</script>"), publication_url=URL
    )
    assert "<script>" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2  # title, link
    assert f'href="{URL}41/"' in html
    assert "Vacature" in html and "Flex &amp; Co · " in html
    assert "Hengelo · 32 uur · " in html
    assert "2 reacties" in html
    # Amsterdam time, as the template's date filter gave it.
    assert '<time datetime="2026-12-01T10:05:00+01:00">1 december, 10:05</time>' in html
    # The text through user_text: paragraphs, a link with rel.
    assert '<a href="https://flex.example/vacature" rel="nofollow' in html


def test_a_pitch_names_its_author_or_the_caseworker():
    pitch = _publication(kind=Post.Kind.PITCH, organisation="")
    pitch.author_name = "Sanne de Vries"
    assert "Pitch" in post_card(pitch, publication_url=URL)
    assert "Sanne de Vries · " in post_card(pitch, publication_url=URL)
    on_behalf = _publication(kind=Post.Kind.PITCH, organisation="", on_behalf=True)
    on_behalf.author_name = "Klantmanager Kim"
    html = post_card(on_behalf, publication_url=URL)
    assert "Via een klantmanager · " in html and "Kim" not in html


def test_badges_and_the_viewer_s_new_bits():
    publication = _publication(banenafspraak=True, speed_date_url="https://x.example")
    publication.is_new = True
    publication.new_reaction_count = 1
    html = post_card(publication, publication_url=URL)
    assert '<span class="badge badge--new">Nieuw</span> · Vacature' in html
    assert '· <span class="badge">Banenafspraak</span>' in html
    assert '· <span class="badge">Speeddate</span>' in html
    assert "2 reacties (1 nieuwe reactie)" in html


def test_in_a_kept_copy_the_viewer_s_bits_are_markers():
    publication = _publication()
    publication.is_new = True
    publication.new_reaction_count = 1
    html = post_card(publication, publication_url=URL, card_markers=True)
    assert "<!--bm:new:41-->Vacature" in html
    assert "2 reacties<!--bm:nr:41-->" in html
    assert "Nieuw" not in html and "nieuwe" not in html


# The combined board's card as the template had it inline, before
# fairs.cards.combined_card replaced it.
COMBINED_TEMPLATE = Template(
    """{% load i18n fairs %}
        <article class="post post--{{ post.kind }}" aria-labelledby="combined-{{ post.pk }}">
          <p class="post__kind">{% if post.kind == "vacancy" %}{% translate "Vacancy" %}{% else %}{% translate "Pitch" %}{% endif %}</p>
          <h2 class="post__title" id="combined-{{ post.pk }}">{{ post.title }}</h2>
          <p class="post__meta">{% if post.kind == "vacancy" %}{{ post.organisation }} · {% elif post.on_behalf %}{% translate "Via a caseworker" %} · {% elif post.author_name %}{{ post.author_name }} · {% endif %}{{ post.place }} · {{ post.get_education_level_display }} · {{ post.get_sector_display }}</p>
          <div class="post__text">{{ post.description|truncatechars:200|user_text }}</div>
          <p class="post__footer">{% translate "In:" %}
            {% for publication in post.board_publications %}<a href="{{ publication.url }}">{{ publication.region.name }}<span class="visually-hidden"> – {{ post.title }}</span></a> <span class="muted">({{ publication.edition.starts_at|date:"j F Y" }})</span>{% if not forloop.last %}, {% endif %}{% endfor %}
            · {% blocktranslate count counter=post.reaction_count trimmed %}{{ counter }} reaction{% plural %}{{ counter }} reactions{% endblocktranslate %}
          </p>
        </article>"""
)


def _combined(author_name="", reactions=3, **post_fields):
    post = _publication(**post_fields).post
    post.pk = 7
    post.author_name = author_name
    post.reaction_count = reactions
    post.board_publications = []
    for number, (name, slug) in enumerate(
        [("Twente", "twente"), ("Rijk van <Nijmegen>", "nijmegen")]
    ):
        publication = Publication(pk=50 + number, post=post)
        publication.region = Region(name=name, slug=slug)
        # 23:30 UTC is the next day in Amsterdam: the date is local.
        publication.edition = Edition(
            starts_at=datetime(2026, 12, 1 + number, 23, 30, tzinfo=ZoneInfo("UTC"))
        )
        publication.url = f"/regio/{slug}/prikbord/{publication.pk}/"
        post.board_publications.append(publication)
    return post


@pytest.mark.parametrize(
    "post",
    [
        pytest.param(lambda: _combined(), id="vacancy"),
        pytest.param(
            lambda: _combined(
                kind=Post.Kind.PITCH, on_behalf=True, reactions=1, description="x" * 300
            ),
            id="pitch-by-a-caseworker",
        ),
        pytest.param(
            lambda: _combined(author_name="Zoë <b>", kind=Post.Kind.PITCH),
            id="pitch-with-a-name",
        ),
        pytest.param(
            lambda: _combined(kind=Post.Kind.PITCH, title="<script>x</script>"),
            id="pitch-without-a-name",
        ),
    ],
)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_combined_card_is_the_template_s_markup(post, language):
    post = post()
    with translation.override(language):
        expected = COMBINED_TEMPLATE.render(Context({"post": post}))
        got = combined_card(post)
    assert " ".join(got.split()) == " ".join(expected.split())
    assert "<script>" not in got and "<b>" not in got

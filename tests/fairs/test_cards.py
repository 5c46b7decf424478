"""The board's post card, written by fairs.cards.post_card."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from fairs.cards import post_card
from fairs.models import Post, Publication

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

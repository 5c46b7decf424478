"""The board's shared copy (fairs.board_cache, issue 19): one copy of a
board page for every member, dropped at once by every kind of change, with
each viewer's "New" bits filled in per request."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fairs import services
from fairs.models import Edition, Publication
from fairs.moments import recent_editions
from members.services import account_delete
from moderation import services as moderation_services
from moderation.models import Removal

from ..factories import MembershipFactory, RegionRoleFactory
from .conftest import FAIR_LIVE, publish, vacancy_fields

pytestmark = pytest.mark.django_db

# The board's page of cards (newest first); no other query of a live board
# orders publications this way.
PAGE_QUERY = re.compile(r'ORDER BY "fairs_publication"\."published_at" DESC')


@pytest.fixture
def live(fair, time_machine):
    time_machine.move_to(FAIR_LIVE, tick=False)
    return fair


@pytest.fixture
def reader(client, live, seeker):
    client.force_login(seeker)
    return client


def _board(client, region, query="") -> tuple[str, bool]:
    """The page, and whether it was built (its page of cards queried)
    rather than taken from the shared copy."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(
            reverse("fairs:board", kwargs={"slug": region.slug}) + query
        )
    assert response.status_code == 200
    built = any(PAGE_QUERY.search(query["sql"]) for query in captured)
    return response.content.decode(), built


def _warm(client, region, query=""):
    """Build the copy, then check that the next view takes it."""
    _board(client, region, query)
    html, built = _board(client, region, query)
    assert not built
    return html


def test_a_board_page_is_built_once_and_then_shared(live, employer, client):
    twente = live[0]
    publish(employer, [twente], title="Heftruckchauffeur")
    first = MembershipFactory(region=twente).user
    client.force_login(first)
    html, built = _board(client, twente)
    assert built and "Heftruckchauffeur" in html
    # Another member gets the same copy: no page query.
    client.force_login(MembershipFactory(region=twente).user)
    html, built = _board(client, twente)
    assert not built and "Heftruckchauffeur" in html


def test_a_publish_shows_at_once(reader, live, employer):
    twente = live[0]
    publish(employer, [twente], title="Eerste vacature")
    _warm(reader, twente)
    publish(employer, [twente], title="Tweede vacature")
    html, built = _board(reader, twente)
    assert built and "Tweede vacature" in html


def test_an_edit_shows_at_once(reader, live, employer):
    twente = live[0]
    post = publish(employer, [twente], title="Magazijnmedewerker")
    _warm(reader, twente)
    services.post_update(
        post=post, editor=employer, fields={"title": "Magazijnmedewerker (32 uur)"}
    )
    html, built = _board(reader, twente)
    assert built and "Magazijnmedewerker (32 uur)" in html


def test_a_like_drops_the_copy(reader, live, employer):
    twente = live[0]
    post = publish(employer, [twente], title="Kok")
    _warm(reader, twente)
    moderation_services.publication_like(
        publication=post.publications.get(),
        moderator=RegionRoleFactory(region=twente).user,
    )
    assert _board(reader, twente)[1]


def test_a_removed_post_never_shows_after_the_removal(reader, live, employer):
    twente = live[0]
    post = publish(employer, [twente], title="Verdacht aanbod")
    assert "Verdacht aanbod" in _warm(reader, twente)
    moderation_services.publication_remove(
        publication=post.publications.get(),
        moderator=RegionRoleFactory(region=twente).user,
        reason=Removal.Reason.OTHER,
        note="Vraagt om geld vooraf.",
    )
    assert "Verdacht aanbod" not in _board(reader, twente)[0]


def test_a_post_held_for_a_second_moderator_goes_at_once(reader, live, employer):
    twente = live[0]
    post = publish(employer, [twente], title="Koop onze cursus")
    assert "Koop onze cursus" in _warm(reader, twente)
    moderation_services.publication_propose_removal(
        publication=post.publications.get(),
        moderator=RegionRoleFactory(region=twente).user,
    )
    assert "Koop onze cursus" not in _board(reader, twente)[0]


def test_a_withdrawal_shows_at_once(reader, live, employer):
    twente = live[0]
    post = publish(employer, [twente], title="Chauffeur")
    assert "Chauffeur" in _warm(reader, twente)
    services.post_withdraw(post=post, user=employer)
    assert "Chauffeur" not in _board(reader, twente)[0]


def test_a_reaction_counts_at_once(reader, live, employer, seeker):
    twente = live[0]
    post = publish(employer, [twente], title="Schilder")
    assert "0 reacties" in _warm(reader, twente)
    services.reaction_create(
        publication=post.publications.get(), author=seeker, text="Interesse!"
    )
    html, built = _board(reader, twente)
    assert built and "1 reactie" in html


def test_a_member_who_leaves_is_gone_from_the_board_at_once(reader, live, employer):
    twente = live[0]
    publish(employer, [twente], title="Timmerman")
    assert "Timmerman" in _warm(reader, twente)
    services.publications_withdraw_for_member(user=employer, region=twente)
    assert "Timmerman" not in _board(reader, twente)[0]


def test_posts_made_ready_show_when_the_fair_opens(
    client, fair, employer, time_machine
):
    nijmegen = fair[1]
    publish_closed = services.post_create(
        author=employer,
        kind="vacancy",
        regions=[nijmegen],
        fields=vacancy_fields(title="Klaar voor de opening"),
        schedule_when_closed=True,
    )
    assert publish_closed.publications.get().status == Publication.Status.SCHEDULED
    time_machine.move_to(FAIR_LIVE, tick=False)
    client.force_login(MembershipFactory(region=nijmegen).user)
    assert "Klaar voor de opening" not in _warm(client, nijmegen)
    services.publications_publish_due(now=FAIR_LIVE)
    assert "Klaar voor de opening" in _board(client, nijmegen)[0]


def test_an_edition_change_reaches_the_board_at_once(reader, live, employer):
    twente = live[0]
    publish(employer, [twente], title="Monteur")
    _warm(reader, twente)
    edition = Edition.objects.live(now=FAIR_LIVE).get(region=twente)
    services.edition_reschedule(
        edition=edition,
        starts_at=edition.starts_at,
        ends_at=edition.ends_at + timedelta(hours=1),
    )
    html, built = _board(reader, twente)
    assert built and "14:00" in html


def test_the_new_labels_are_the_viewers_own(client, live, employer, time_machine):
    """One copy, built by the author (for whom nothing is new), shows "New"
    to a member who saw the board before the post came."""
    twente = live[0]
    other = MembershipFactory(region=twente).user
    client.force_login(other)
    _board(client, twente)  # the previous visit
    time_machine.move_to(FAIR_LIVE + timedelta(minutes=40), tick=False)
    publish(employer, [twente], title="Nieuwe vacature")
    client.force_login(employer)
    html, built = _board(client, twente)
    assert built and "badge--new" not in html  # your own post is no news
    client.force_login(other)
    html, built = _board(client, twente)
    assert not built
    card = html.split("<article")[1]
    assert "badge--new" in card and "Nieuwe vacature" in card
    assert "<!--bm:" not in html


@pytest.mark.parametrize(
    "query",
    [
        "?q=heftruck",  # free text: one person's search
        "?place=Hengelo",
        "?kind=vacancy&sector=logistics",  # a combination of filters
        "?utm_source=nieuwsbrief",  # unknown: would end up in others' links
        "?page=101",
        "?kind=onzin",  # not a valid filter
    ],
)
def test_searches_and_odd_query_strings_are_not_kept(reader, live, employer, query):
    twente = live[0]
    publish(employer, [twente], title="Heftruckchauffeur", place="Hengelo")
    _board(reader, twente, query)
    assert _board(reader, twente, query)[1]


@pytest.mark.parametrize("query", ["?kind=vacancy", "?page=2", "?sector=logistics"])
def test_one_filter_or_a_page_is_kept(reader, live, employer, query):
    twente = live[0]
    publish(employer, [twente], title="Heftruckchauffeur", sector="logistics")
    _warm(reader, twente, query)


def test_with_the_cache_off_the_page_is_the_same(reader, live, employer, settings):
    twente = live[0]
    publish(employer, [twente], title="Heftruckchauffeur")
    kept = _warm(reader, twente)
    settings.BOARD_CACHE_SECONDS = 0
    html, built = _board(reader, twente)
    assert built and _board(reader, twente)[1]

    def posts(page):
        return page.split('id="board-posts"')[1].split("</ol>")[0]

    assert posts(html) == posts(kept)


def test_a_deleted_account_is_gone_from_the_board_at_once(reader, live, employer):
    twente = live[0]
    publish(employer, [twente], title="Van een verdwenen account")
    assert "Van een verdwenen account" in _warm(reader, twente)
    account_delete(user=employer, by=employer)
    assert "Van een verdwenen account" not in _board(reader, twente)[0]


def test_a_crafted_value_cannot_pass_for_another_page(
    client, live, employer, no_post_limit
):
    """`?banenafspraak=1%26page%3D2` is page 1 with an odd value: it must not
    be kept where page 2 is looked for (nor be kept at all)."""
    twente = live[0]
    for index in range(25):
        publish(employer, [twente], title=f"Vacature-{index:02d}", banenafspraak=True)
    client.force_login(MembershipFactory(region=twente).user)
    _board(client, twente, "?banenafspraak=1%26page%3D2")
    assert _board(client, twente, "?banenafspraak=1%26page%3D2")[1]  # not kept
    html = _board(client, twente, "?banenafspraak=on&page=2")[0]
    assert "Vacature-00" in html and "Vacature-24" not in html


EDITION_QUERY = re.compile(r'FROM "fairs_edition"')


def _combined(client) -> tuple[str, int]:
    """The combined board, and how many queries read the calendar."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("fairs:combined-board"))
    assert response.status_code == 200
    calendar = sum(bool(EDITION_QUERY.search(query["sql"])) for query in captured)
    return response.content.decode(), calendar


def test_the_combined_board_reads_the_kept_calendars(live, employer, client):
    """Its fairs come from each region's kept calendar, the one its board
    keeps, in one round trip: read once, then not again until an edition
    changes, which shows at once."""
    twente, nijmegen = live
    publish(employer, [twente, nijmegen], title="Lasser")
    client.force_login(employer)
    html, calendar = _combined(client)
    assert calendar and "Lasser" in html
    html, calendar = _combined(client)
    assert not calendar and "Lasser" in html
    in_nijmegen = reverse(
        "fairs:publication",
        kwargs={
            "slug": nijmegen.slug,
            "pk": Publication.objects.get(region=nijmegen, post__title="Lasser").pk,
        },
    )
    today = f'<a href="{in_nijmegen}">Rijk van Nijmegen'
    assert re.search(re.escape(today) + r".*?\(1 december 2026\)", html)
    # Cancelled: the post moves on to Nijmegen's next fair, at once.
    edition = Edition.objects.live(now=FAIR_LIVE).get(region=nijmegen)
    services.edition_set_cancelled(edition=edition, cancelled=True)
    html, calendar = _combined(client)
    assert calendar and re.search(re.escape(today) + r".*?\(2 februari 2027\)", html)


def test_recent_editions_are_those_a_board_keeps(live):
    """Per region, in two queries for all: the last four closed (newest
    first) and the next three not closed (soonest first), never a
    cancelled one; the same lists for one region or for several."""
    twente, nijmegen = live
    later = FAIR_LIVE + timedelta(days=190)  # four fairs closed by then
    cancelled = Edition.objects.filter(region=twente, ends_at__gt=later).first()
    services.edition_set_cancelled(edition=cancelled, cancelled=True)
    both = recent_editions(region_ids=[twente.pk, nijmegen.pk], now=later)
    for region in live:
        scheduled = Edition.objects.scheduled().filter(region=region)
        closed = list(
            scheduled.filter(ends_at__lte=later).order_by("-ends_at", "-pk")[:4]
        )
        open_ = list(
            scheduled.filter(ends_at__gt=later).order_by("starts_at", "pk")[:3]
        )
        assert len(closed) == 4 and open_
        assert both[region.pk] == (closed, open_)
        assert recent_editions(region_ids=[region.pk], now=later) == {
            region.pk: (closed, open_)
        }
    assert cancelled not in both[twente.pk][1]

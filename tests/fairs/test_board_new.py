"""What is new on the board since a member's previous visit (fairs.visits),
the counts in the navigation, and the live board's poll for new posts."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.cache.backends.dummy import DummyCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fairs import selectors, services, visits
from fairs.models import Edition, Publication
from members.models import Membership
from members.services import account_delete

from ..factories import MembershipFactory
from .conftest import FAIR_LIVE, publish
from .test_board_views import _bulk_posts


@pytest.fixture
def live(fair, time_machine):
    """The clock stands in the fair (Twente and Rijk van Nijmegen are live)."""
    time_machine.move_to(FAIR_LIVE, tick=False)
    return fair


def _at(time_machine, minutes):
    time_machine.move_to(FAIR_LIVE + timedelta(minutes=minutes), tick=False)


def _board(client, region, query=""):
    return client.get(
        reverse("fairs:board", kwargs={"slug": region.slug}) + query
    ).content.decode()


def _new_titles(html: str) -> list[str]:
    """The titles of the cards that carry the "New" label."""
    titles = []
    for card in html.split("<article")[1:]:
        if "badge--new" in card.split('class="post__title"')[0]:
            titles.append(re.search(r'-title"><a [^>]*>([^<]*)</a>', card)[1])
    return titles


def test_new_since_the_previous_visit_stays_within_a_visit(
    client, live, seeker, employer, time_machine
):
    twente = live[0]
    publish(employer, [twente], title="Van voor het eerste bezoek")
    client.force_login(seeker)
    # The first visit ever marks nothing new.
    assert _new_titles(_board(client, twente)) == []
    _at(time_machine, 5)
    publish(employer, [twente], title="Tijdens het eerste bezoek")
    _at(time_machine, 10)
    assert _new_titles(_board(client, twente)) == []
    _at(time_machine, 20)
    publish(employer, [twente], title="Na het eerste bezoek")
    # A new visit (more than 30 minutes later): new since the last view.
    _at(time_machine, 60)
    assert _new_titles(_board(client, twente)) == ["Na het eerste bezoek"]
    # Reloading and paging within the visit keep the labels.
    _at(time_machine, 65)
    assert _new_titles(_board(client, twente)) == ["Na het eerste bezoek"]
    assert _new_titles(_board(client, twente, "?page=1")) == ["Na het eerste bezoek"]
    # The next visit starts from the last view of this one.
    _at(time_machine, 120)
    assert _new_titles(_board(client, twente)) == []


def test_your_own_post_is_no_news_to_you(client, live, employer, time_machine):
    twente = live[0]
    client.force_login(employer)
    _board(client, twente)
    _at(time_machine, 40)
    publish(employer, [twente], title="Mijn eigen vacature")
    publish(_author_in(live), [twente], title="Van een ander")
    assert visits.new_counts(user=employer)["total"] == 1
    _at(time_machine, 45)
    assert _new_titles(_board(client, twente)) == ["Van een ander"]


def test_visits_are_per_region_and_per_member(
    client, live, seeker, employer, time_machine
):
    twente, nijmegen = live
    client.force_login(employer)
    _board(client, twente)
    _board(client, nijmegen)
    _at(time_machine, 5)
    publish(_author_in(live), [twente, nijmegen], title="In beide regios")
    _at(time_machine, 60)
    assert _new_titles(_board(client, twente)) == ["In beide regios"]
    assert _new_titles(_board(client, nijmegen)) == ["In beide regios"]
    # Someone who never looked sees nothing marked.
    client.force_login(seeker)
    assert _new_titles(_board(client, twente)) == []


def _author_in(regions):
    user = MembershipFactory(
        region=regions[0], kind=Membership.Kind.EMPLOYER, organisation="Werk BV"
    ).user
    MembershipFactory(
        region=regions[1],
        user=user,
        kind=Membership.Kind.EMPLOYER,
        organisation="Werk BV",
    )
    return user


def test_new_reactions_are_counted_on_the_card_and_marked_on_the_post(
    client, live, seeker, employer, time_machine
):
    twente = live[0]
    post = publish(employer, [twente], title="Orderpicker")
    publication = post.publications.get()
    other = MembershipFactory(region=twente).user
    services.reaction_create(publication=publication, author=other, text="Eerder")
    client.force_login(seeker)
    _board(client, twente)
    _at(time_machine, 10)
    services.reaction_create(publication=publication, author=other, text="Later")
    services.reaction_create(publication=publication, author=seeker, text="Van mij")
    _at(time_machine, 60)
    html = _board(client, twente)
    # The card counts the new reactions (the member's own count as well).
    assert "(2 " in html.split("post__footer")[1]
    page = selectors.board_page(
        region=twente,
        edition=publication.edition,
        filters={},
        since=FAIR_LIVE,
    )
    assert (page.items[0].reaction_count, page.items[0].new_reaction_count) == (3, 2)
    # The post page marks the reactions of others placed since the previous
    # visit; the member's own reaction is not news to them.
    detail = client.get(
        reverse("fairs:publication", kwargs={"slug": twente.slug, "pk": publication.pk})
    ).content.decode()
    marked = [
        chunk.split("<div>")[1].split("</div>")[0].strip()
        for chunk in detail.split('class="reaction"')[1:]
        if "badge--new" in chunk.split("<div>")[0]
    ]
    assert [re.sub(r"<[^>]+>", "", m) for m in marked] == ["Later"]


def test_cache_down_marks_nothing_and_breaks_nothing(
    client, live, seeker, employer, time_machine, monkeypatch
):
    twente = live[0]
    monkeypatch.setattr(visits, "cache", DummyCache("down", {}))
    client.force_login(seeker)
    _board(client, twente)
    publish(employer, [twente], title="Nieuw bericht")
    _at(time_machine, 60)
    response = client.get(reverse("fairs:board", kwargs={"slug": twente.slug}))
    assert response.status_code == 200
    assert _new_titles(response.content.decode()) == []
    assert visits.new_counts(user=seeker) == {"total": 0, "regions": []}


def test_navigation_counts_per_region_the_member_may_read(
    client, live, employer, time_machine
):
    twente, nijmegen = live
    client.force_login(employer)
    _board(client, twente)
    _board(client, nijmegen)
    _at(time_machine, 5)
    author = _author_in(live)
    publish(author, [twente, nijmegen], title="In beide")
    publish(author, [twente], title="Alleen Twente")
    counts = visits.new_counts(user=employer)
    assert counts["total"] == 3
    assert [(r["name"], r["count"]) for r in counts["regions"]] == [
        ("Rijk van Nijmegen", 1),
        ("Twente", 2),
    ]
    # The header shows the total, the breakdown for screen readers.
    _at(time_machine, 6)
    html = client.get(reverse("members:dashboard")).content.decode()
    nav = html.split('class="site-nav"')[1].split("</nav>")[0]
    assert '<span class="count">3</span>' in nav
    assert "Twente" in nav and "Rijk van Nijmegen" in nav
    # A region the member may no longer read drops out.
    Membership.objects.filter(user=employer, region=nijmegen).update(
        status=Membership.Status.LEFT
    )
    assert visits.new_counts(user=employer)["total"] == 2
    # Visiting a board clears its count at once, without counting again,
    # in that page's own header too (read ahead before the visit counted).
    html = _board(client, twente)
    cached = visits.counts_cached(employer)
    assert all(r["name"] != "Twente" for r in cached["regions"])
    nav = html.split('class="site-nav"')[1].split("</nav>")[0]
    assert '<span class="count">1</span>' in nav and "Twente" not in nav


def test_combined_board_lists_the_new_count_per_region(
    client, live, employer, time_machine
):
    twente = live[0]
    client.force_login(employer)
    _board(client, twente)
    _at(time_machine, 5)
    publish(_author_in(live), [twente], title="Nieuw in Twente")
    html = client.get(reverse("fairs:combined-board")).content.decode()
    regions = html.split("<h1>")[1].split("</p>")[0]
    assert "badge--new" in regions.split("Twente")[1].split("</a>")[0]


def test_navigation_count_is_cached(live, employer, time_machine):
    twente = live[0]
    visits.board_visit(user=employer, region=live[1], now=FAIR_LIVE)
    visits.board_visit(user=employer, region=twente, now=FAIR_LIVE)
    _at(time_machine, 5)
    publish(_author_in(live), [twente])
    with CaptureQueriesContext(connection) as first:
        counts = visits.counts_cached(employer)
    assert len(first) == 1
    assert counts["total"] == 1
    with CaptureQueriesContext(connection) as second:
        assert visits.counts_cached(employer) == counts
    assert len(second) == 0


def test_no_board_visited_no_count_query(live, employer):
    with CaptureQueriesContext(connection) as queries:
        assert visits.counts_cached(employer)["total"] == 0
    assert len(queries) == 0


def _poll(client, region, after):
    return client.get(
        reverse("fairs:board-newer", kwargs={"slug": region.slug}) + f"?na={after}",
        HTTP_HX_REQUEST="true",
    )


def test_the_live_board_polls_only_on_its_first_unfiltered_page(
    client, live, seeker, time_machine
):
    twente = live[0]
    client.force_login(seeker)
    poll = reverse("fairs:board-newer", kwargs={"slug": twente.slug})
    html = _board(client, twente)
    assert 'id="board-live-status" class="board-live__status" role="status"' in html
    assert f'hx-get="{poll}?na=0"' in html
    assert 'id="board-posts"' in html and 'id="board-empty"' in html
    assert "hx-get" not in _board(client, twente, "?kind=vacancy")
    assert "hx-get" not in _board(client, twente, "?page=2")
    # Between fairs there is nothing to poll for.
    time_machine.move_to(FAIR_LIVE + timedelta(days=10), tick=False)
    assert "board-poller" not in _board(client, twente)


def test_poll_answers_only_newer_posts_of_this_board(
    client, live, seeker, employer, time_machine
):
    twente, nijmegen = live
    first = publish(employer, [twente], title="Eerste").publications.get()
    client.force_login(seeker)
    html = _board(client, twente)
    assert f"?na={first.pk}" in html
    _at(time_machine, 1)
    publish(employer, [twente], title="Tweede")
    publish(employer, [nijmegen], title="Alleen in Nijmegen")
    withdrawn = publish(employer, [twente], title="Ingetrokken")
    services.post_withdraw(post=withdrawn, user=employer)
    response = _poll(client, twente, first.pk)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tweede" in body
    assert "Eerste" not in body
    assert "Alleen in Nijmegen" not in body
    assert "Ingetrokken" not in body
    assert 'hx-swap-oob="afterbegin:#board-posts"' in body
    assert 'hx-swap-oob="innerHTML:#board-live-status"' in body
    assert '<p id="board-empty" hx-swap-oob="true" hidden>' in body
    second = Publication.objects.get(post__title="Tweede")
    assert f"?na={second.pk}" in body
    # Nothing newer: only the poller, still asking.
    body = _poll(client, twente, second.pk).content.decode()
    assert "<article" not in body and f"?na={second.pk}" in body
    # An id from another board answers nothing of this one.
    nijmegen_pub = Publication.objects.get(post__title="Alleen in Nijmegen")
    assert "<article" not in _poll(client, twente, nijmegen_pub.pk).content.decode()


def test_a_burst_between_two_polls_arrives_over_the_next_polls(
    client, live, seeker, employer
):
    """More posts than a poll answers: the oldest of them first, the rest on
    the next poll; none is skipped."""
    twente = live[0]
    first = publish(employer, [twente], title="Eerste").publications.get()
    _bulk_posts(twente, employer, 25)
    burst = list(
        Publication.objects.filter(post__title__startswith="Functie").order_by("pk")
    )
    client.force_login(seeker)
    body = _poll(client, twente, first.pk).content.decode()
    assert body.count("<article") == 20
    assert ">Functie 0</a>" in body and ">Functie 19</a>" in body
    assert ">Functie 20</a>" not in body
    assert f"?na={burst[19].pk}" in body
    body = _poll(client, twente, burst[19].pk).content.decode()
    assert body.count("<article") == 5 and ">Functie 24</a>" in body
    assert f"?na={burst[24].pk}" in body


def test_a_poll_with_a_bad_id_answers_as_for_none(client, live, seeker):
    client.force_login(seeker)
    for value in ("²", "abc", "9" * 40, "-3"):
        assert _poll(client, live[0], value).status_code == 200
    board = reverse("fairs:board", kwargs={"slug": live[0].slug})
    assert client.get(board + "?editie=²").status_code == 200


def test_poll_is_for_the_boards_readers_only(client, live, employer):
    nijmegen = live[1]
    stranger = MembershipFactory(region=live[0]).user
    client.force_login(stranger)
    assert _poll(client, nijmegen, 0).status_code == 403


def test_poll_after_the_fair_stops_polling(client, live, seeker, time_machine):
    client.force_login(seeker)
    time_machine.move_to(FAIR_LIVE + timedelta(days=10), tick=False)
    body = _poll(client, live[0], 0).content.decode()
    assert "hx-get" not in body and "<article" not in body


@pytest.mark.parametrize("count", [10, 5000])
def test_poll_runs_a_constant_number_of_queries(
    client, live, employer, count, django_assert_max_num_queries
):
    twente = live[0]
    _bulk_posts(twente, employer, count)
    edition = Edition.objects.filter(region=twente).not_closed().first()
    oldest = (
        Publication.objects.filter(region=twente, edition=edition)
        .order_by("published_at", "pk")
        .first()
    )
    client.force_login(employer)
    client.get(reverse("fairs:home"))
    # Session and user, the region with the rights, the fair moment (two),
    # the newer posts and their reaction counts.
    with django_assert_max_num_queries(6):
        response = _poll(client, twente, oldest.pk)
    assert response.status_code == 200
    assert response.content.decode().count("<article") == min(count - 1, 20)


@pytest.mark.parametrize("count", [10, 5000])
def test_board_with_visits_in_two_regions_stays_within_budget(
    client, live, employer, count, time_machine, django_assert_max_num_queries
):
    twente, nijmegen = live
    _bulk_posts(twente, employer, count)
    client.force_login(employer)
    _board(client, nijmegen)
    _board(client, twente)
    _at(time_machine, 60)
    client.get(reverse("fairs:home"))  # the session and other counts cached
    cache.delete(visits.nav_key(employer.pk))
    # The board's eight, and the header's count of what is new elsewhere
    # (at most once every 20 seconds).
    with django_assert_max_num_queries(9):
        response = client.get(reverse("fairs:board", kwargs={"slug": twente.slug}))
    assert response.status_code == 200
    with django_assert_max_num_queries(8):
        client.get(reverse("fairs:board", kwargs={"slug": twente.slug}))


def test_dashboard_shows_the_new_count_beside_the_board(
    client, live, seeker, time_machine
):
    twente = live[0]
    client.force_login(seeker)
    _board(client, twente)
    _at(time_machine, 5)
    publish(_author_in(live), [twente], title="Nieuw voor Sanne")
    html = client.get(reverse("members:dashboard")).content.decode()
    board_link = reverse("fairs:board", kwargs={"slug": twente.slug})
    after = html.split(f'class="button" href="{board_link}"')[1].split("</p>")[0]
    assert "badge--new" in after


def test_deleting_the_account_forgets_the_visits(live, seeker):
    visits.board_visit(user=seeker, region=live[0], now=FAIR_LIVE)
    assert cache.get(visits.visits_key(seeker.pk))
    pk = seeker.pk
    account_delete(user=seeker, by=seeker)
    assert cache.get(visits.visits_key(pk)) is None

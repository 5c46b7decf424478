"""The review queue: what each item shows (review in place), and that it
stays a few queries and a keyset page however long the queue is."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fairs import services as fair_services
from fairs.models import Post, Publication
from moderation import selectors, services
from moderation.models import Claim

from ..auth import sign_in_fresh
from ..factories import RegionRoleFactory
from ..fairs.conftest import publish, vacancy_fields

pytestmark = pytest.mark.django_db

LONG_TEXT = (
    "Wij zoeken orderpickers voor de avonddienst. " * 12
    + "<script>alert('x')</script> Tot slot: het einde van de tekst."
)


def _queue(client, twente, query=""):
    url = reverse("moderation:queue", kwargs={"slug": twente.slug})
    response = client.get(url + query)
    assert response.status_code == 200
    return response.content.decode()


def _item(html, publication):
    """The HTML of one queue item."""
    match = re.search(
        rf'<li class="queue-item" id="item-{publication.pk}"[^>]*>(.*?)</li>\s*(?:<li|</ol>)',
        html,
        re.S,
    )
    assert match, f"item {publication.pk} not in the queue"
    return match.group(1)


def test_queue_item_shows_the_whole_text_author_and_regions(
    client, fair, employer, moderator
):
    twente, nijmegen = fair
    post = fair_services.post_create(
        author=employer,
        kind=Post.Kind.VACANCY,
        regions=[twente, nijmegen],
        fields=vacancy_fields(description=LONG_TEXT),
        schedule_when_closed=True,
    )
    publication = post.publications.get(region=twente)
    sign_in_fresh(client, moderator)

    item = _item(_queue(client, twente), publication)

    # The author as this region knows them, with their kind.
    assert "Door <strong>Flex</strong> (Werkgever)" in item
    assert "Flex Nijmegen" not in item
    # Where the text is read: here, and in Nijmegen from the fair.
    assert "Gepubliceerd in: Rijk van Nijmegen (vanaf de beurs), Twente" in item
    # The start of the text at once, all of it behind a <details>.
    assert item.count("Wij zoeken orderpickers") > 1
    details = item[item.index('<details class="queue-item__more"') :]
    assert "Tot slot: het einde van de tekst." in details
    assert "Tot slot" not in item[: item.index("<details")]
    assert "Hele tekst en details" in item
    assert "Petra Jansen" in details and "074 123 45 67" in details
    # Text people typed is never HTML.
    assert "<script>" not in item
    assert "&lt;script&gt;" in item


def test_queue_item_shows_a_pitch_with_its_author_and_cv(
    client, fair, seeker, moderator
):
    twente, _nijmegen = fair
    post = publish(seeker, [twente], kind=Post.Kind.PITCH)
    Post.objects.filter(pk=post.pk).update(cv="cv/test.pdf", cv_filename="cv.pdf")
    publication = post.publications.get()
    sign_in_fresh(client, moderator)

    item = _item(_queue(client, twente), publication)

    assert "Door <strong>Sanne de Vries</strong> (Werkzoekende)" in item
    assert "Ik werk graag met mensen." in item
    assert "Gepubliceerd in: Twente" in item
    cv_url = reverse("fairs:cv", kwargs={"slug": twente.slug, "pk": publication.pk})
    assert f'href="{cv_url}"' in item
    assert "Cv openen" in item
    # A read CV needs no check: no "CV checked" button.
    assert "cv-checked" not in item


def test_queue_item_shows_its_flags(client, fair, employer, moderator, member):
    twente, _nijmegen = fair
    first = publish(employer, [twente], title="Eerste vacature").publications.get()
    second = publish(employer, [twente], title="Tweede vacature").publications.get()
    Publication.objects.filter(pk=second.pk).update(bsn_flag=True)
    services.report_create(
        publication=second, reporter=member, reason="Dit lijkt <b>reclame</b>"
    )
    services.publication_like(publication=first, moderator=moderator)
    fair_services.post_update(
        post=first.post,
        editor=employer,
        fields={"title": "Eerste vacature, nieuw"},
    )
    sign_in_fresh(client, moderator)
    html = _queue(client, twente)

    edited = _item(html, first)
    assert "Nieuwe organisatie" in edited  # the first vacancy of Flex here
    assert "Veranderd na beoordeling" in edited
    assert "<del>Eerste vacature</del> <ins>Eerste vacature, nieuw</ins>" in edited
    assert "Mogelijk BSN" not in edited and "Gemeld" not in edited

    flagged = _item(html, second)
    assert "Mogelijk BSN" in flagged
    # Flex's second vacancy (published in the same second: the lower id is
    # the first) is no longer new.
    assert "Nieuwe organisatie" not in flagged
    assert "Gemeld" in flagged
    assert "Dit lijkt &lt;b&gt;reclame&lt;/b&gt;" in flagged
    assert "Nieuwe organisatie" not in flagged
    assert "Veranderd na beoordeling" not in flagged


def _bulk_publications(twente, author, count, *, start=None, same_moment=False):
    """`count` unreviewed vacancies in one go, a second apart (or all at the
    same moment, to test the tie on pk)."""
    edition = twente.editions.not_closed().first()
    start = start or timezone.now() - timedelta(days=1)
    posts = Post.objects.bulk_create(
        Post(
            author=author,
            kind="vacancy",
            title=f"Bulk {i}",
            description="Tekst " * 80,
            sector="care",
            education_level="mbo",
            hours_per_week=20,
            place="Hengelo",
            organisation=f"Org {i % 7}",
        )
        for i in range(count)
    )
    return Publication.objects.bulk_create(
        Publication(
            post=post,
            region=twente,
            edition=edition,
            status="published",
            published_at=start if same_moment else start + timedelta(seconds=i),
        )
        for i, post in enumerate(posts)
    )


def test_queue_runs_the_same_queries_with_20_and_with_thousands(
    client, fair, employer, seeker, moderator, django_assert_max_num_queries
):
    twente, _nijmegen = fair
    _bulk_publications(twente, employer, 18)
    publish(seeker, [twente], kind=Post.Kind.PITCH)
    reviewed = publish(employer, [twente]).publications.get()
    services.publication_like(publication=reviewed, moderator=moderator)
    fair_services.post_update(
        post=reviewed.post, editor=employer, fields={"title": "Nieuw"}
    )
    sign_in_fresh(client, moderator)
    _queue(client, twente)  # the session and such, once

    # Measured with nothing in the cache (the navigation's count and today's
    # share are kept there for a few seconds).
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        html = _queue(client, twente)
    assert "20 berichten wachten" in html
    assert "20 berichten te beoordelen" in html

    _bulk_publications(twente, employer, 3000)
    cache.clear()
    with (
        django_assert_max_num_queries(len(small.captured_queries)),
        CaptureQueriesContext(connection) as large,
    ):
        html = _queue(client, twente)
    assert "Meer dan 500 berichten wachten" in html
    # The navigation's count is capped the same way.
    assert '<span class="count">500+</span>' in html
    assert "meer dan 500 berichten te beoordelen" in html
    assert len(large.captured_queries) == len(small.captured_queries)
    # Nothing counts or skips the whole queue: no OFFSET, no bare COUNT.
    queue_sql = [
        q["sql"] for q in large.captured_queries if "fairs_publication" in q["sql"]
    ]
    assert not any(" OFFSET " in sql for sql in queue_sql)


def _walk(client, twente, on_each_page=None):
    """Every page of the queue through its "Next" links: the item ids in
    order."""
    seen, query = [], ""
    for _page in range(100):
        html = _queue(client, twente, query)
        ids = [int(pk) for pk in re.findall(r'id="item-(\d+)"', html)]
        seen += ids
        if on_each_page:
            on_each_page(ids)
        match = re.search(r'href="(\?na=[^"]+)" rel="next"', html)
        if not match:
            return seen, html
        query = match.group(1).replace("&amp;", "&")
    raise AssertionError("the queue never ends")


def test_queue_pages_by_keyset_without_repeats_or_gaps(
    client, fair, employer, moderator
):
    twente, _nijmegen = fair
    # Half of them at the same moment: the order falls back on pk.
    early = _bulk_publications(twente, employer, 60, same_moment=True)
    late = _bulk_publications(
        twente, employer, 70, start=timezone.now() - timedelta(hours=1)
    )
    sign_in_fresh(client, moderator)

    seen, last = _walk(client, twente)

    expected = [p.pk for p in sorted(early, key=lambda p: p.pk)] + [p.pk for p in late]
    assert seen == expected
    assert 'rel="first"' in last and "Eerste" in last


def test_queue_pages_stay_whole_when_items_are_reviewed_between_requests(
    client, fair, employer, moderator
):
    twente, _nijmegen = fair
    publications = _bulk_publications(twente, employer, 130)
    by_pk = {p.pk: p for p in publications}
    sign_in_fresh(client, moderator)

    def review_the_page(ids):
        # Another moderator reviews everything on this page meanwhile.
        for pk in ids:
            services.publication_like(publication=by_pk[pk], moderator=moderator)

    seen, _last = _walk(client, twente, on_each_page=review_the_page)

    assert seen == [p.pk for p in publications]
    assert len(seen) == len(set(seen)) == 130


def test_queue_ignores_a_cursor_that_is_not_one(client, fair, employer, moderator):
    twente, _nijmegen = fair
    publication = publish(employer, [twente]).publications.get()
    sign_in_fresh(client, moderator)
    for junk in (
        "?na=gisteren",
        "?na=2026-01-01T00:00:00,abc",
        "?na=,5",
        "?na=2026-01-01T00:00:00Z," + "9" * 30,
    ):
        html = _queue(client, twente, junk)
        assert f'id="item-{publication.pk}"' in html
        assert 'rel="first"' not in html


def test_queue_cursor_round_trips():
    publication = Publication(
        pk=42, published_at=timezone.now().replace(microsecond=123456)
    )
    moment, pk = selectors.queue_cursor_parse(selectors.queue_cursor(publication))
    assert (moment, pk) == (publication.published_at, 42)
    assert selectors.queue_cursor_parse("2026-01-01T00:00:00,3") is None  # naive


def test_todays_share_is_counted_once_per_half_minute(
    fair, employer, moderator, time_machine, django_assert_num_queries
):
    twente, _nijmegen = fair
    publication = publish(employer, [twente]).publications.get()
    Publication.objects.filter(pk=publication.pk).update(published_at=timezone.now())
    assert selectors.activity(region=twente)["today_reviewed"] == 0
    services.publication_like(publication=publication, moderator=moderator)

    # Within the half minute: the cached figures, without counting again.
    with django_assert_num_queries(2):  # who is active, the oldest post
        assert selectors.activity(region=twente)["today_reviewed"] == 0

    time_machine.shift(timedelta(seconds=selectors.TODAY_SECONDS + 1))
    after = selectors.activity(region=twente)
    assert (after["today_reviewed"], after["today_total"]) == (1, 1)


def test_a_cached_item_shows_every_change(client, fair, employer, moderator, member):
    """The item's text is kept in the cache under the post's version, its
    review, its reports and its author's name: each change shows at once."""
    twente, _nijmegen = fair
    publication = publish(employer, [twente], title="Eerste titel").publications.get()
    sign_in_fresh(client, moderator)
    assert "Eerste titel" in _item(_queue(client, twente), publication)

    fair_services.post_update(
        post=publication.post, editor=employer, fields={"title": "Tweede titel"}
    )
    item = _item(_queue(client, twente), publication)
    assert "Tweede titel" in item and "Eerste titel" not in item

    services.report_create(publication=publication, reporter=member, reason="Nep?")
    item = _item(_queue(client, twente), publication)
    assert "Gemeld" in item and "Nep?" in item

    services.publication_like(publication=publication, moderator=moderator)
    fair_services.post_update(
        post=publication.post, editor=employer, fields={"title": "Derde titel"}
    )
    item = _item(_queue(client, twente), publication)
    assert "Veranderd na beoordeling" in item and "Derde titel" in item


def test_a_page_reads_its_items_from_the_cache_in_one_round_trip(
    client, fair, employer, moderator, monkeypatch
):
    """A hung Redis costs the page two round trips (one get_many, one
    set_many), not two per item."""
    from django.core.cache import cache as real_cache

    from moderation import views

    twente, _nijmegen = fair
    _bulk_publications(twente, employer, 30)
    calls = []

    class Counting:
        def __getattr__(self, name):
            calls.append(name)
            return getattr(real_cache, name)

    monkeypatch.setattr(views, "cache", Counting())
    sign_in_fresh(client, moderator)
    _queue(client, twente)
    assert calls == ["get_many", "set_many"]
    calls.clear()
    html = _queue(client, twente)
    assert calls == ["get_many"]  # all 25 from the cache, nothing to store
    assert html.count('class="queue-item"') == 25


def test_a_cached_item_gets_this_request_s_token_page_and_next_item(
    fair, employer, moderator, project_team
):
    """The whole item comes from the cache; what differs per request is
    filled in: a form that works with this session's CSRF token, the queue
    page (and filter) to return to, the item after it on this page, and the
    link only the project team has."""
    from django.test import Client

    twente, _nijmegen = fair
    first, second, third = _bulk_publications(twente, employer, 3)
    # Only the first and third are an organisation's first vacancy.
    Post.objects.filter(pk=second.post_id).update(organisation=first.post.organisation)
    anna, joost = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    sign_in_fresh(joost, project_team)
    sign_in_fresh(anna, moderator)
    _queue(joost, twente)  # stores the items
    html = _queue(anna, twente, "?alleen=new_org")  # the same items, kept

    item = _item(html, first)
    assert "alleen=new_org" in re.search(r'name="next" value="([^"]*)"', item)[1]
    assert "alleen%3Dnew_org" in item  # the remove link's encoded next
    # On this filtered page the third follows the first, not the second.
    assert f'name="volgende" value="{third.pk}"' in item
    assert "Toelichting toevoegen" not in item  # project team only
    assert "Toelichting toevoegen" in _item(_queue(joost, twente), first)

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', item)[1]
    response = anna.post(
        reverse("moderation:like", kwargs={"slug": twente.slug, "pk": first.pk}),
        {"csrfmiddlewaretoken": token, "next": _queue_url_of(twente)},
    )
    assert response.status_code == 302
    assert hasattr(Publication.objects.get(pk=first.pk), "review")


def _queue_url_of(twente):
    return reverse("moderation:queue", kwargs={"slug": twente.slug})


def test_a_post_cannot_fill_in_a_cached_item_s_markers(
    client, fair, employer, moderator
):
    """The markers of a kept item carry a random part: a post's text that
    looks like one stays text."""
    from moderation.templatetags.moderation import FILLED_IN, _marker

    twente, _nijmegen = fair
    looks_like = " ".join(_marker("0" * 16, name) for name in FILLED_IN)
    publication = publish(employer, [twente], title=looks_like).publications.get()
    sign_in_fresh(client, moderator)
    _queue(client, twente)
    item = _item(_queue(client, twente), publication)
    assert looks_like in item
    assert "bm:" not in item.replace(looks_like, "")


@pytest.mark.parametrize(
    "organisation", ["Bakkerij Jansen", "ΑΘΗΝΑΣ", "İŞKUR", "École"]
)
def test_the_first_vacancy_of_an_organisation_is_marked_whatever_its_letters(
    fair, employer, organisation
):
    """Lowered by the database on both sides: Python's lower() differs from
    SQLite's and PostgreSQL's for some letters."""
    twente, _nijmegen = fair
    publish(employer, [twente], title="Eerste", organisation=organisation)
    publish(employer, [twente], title="Tweede", organisation=organisation)
    items = selectors.review_queue_page(region=twente).items
    assert [(item.post.title, item.is_new_org) for item in items] == [
        ("Eerste", True),
        ("Tweede", False),
    ]


def _page_facts(page):
    return (
        [
            (
                p.pk,
                p.post.title,
                p.is_reported,
                p.report_reasons,
                p.author_name,
                p.author_kind_label,
                p.is_new_org,
                p.region_names,
                getattr(p, "review", None) and p.review.pk,
            )
            for p in page.items
        ],
        page.count,
        page.next_cursor,
        page.after,
        [p.pk for p in page.claimed],
    )


@pytest.mark.parametrize("only", ["", *selectors.QUEUE_FILTERS])
@pytest.mark.parametrize("claims", [0, 3, 40])
def test_the_compiled_first_page_is_the_queue_s(
    fair, employer, seeker, moderator, only, claims
):
    """The first page and its count come from queries compiled once per
    process; for every filter, with others' claims to leave out (and with
    more than it reads ahead, when the ordinary queryset takes over), they
    hold what the ordinary querysets hold."""
    twente, _nijmegen = fair
    publications = _bulk_publications(twente, employer, 60)
    Post.objects.filter(pk=publications[1].post_id).update(
        cv="cv/scan.pdf", cv_filename="scan.pdf", cv_state=Post.CvState.MODERATOR
    )
    Publication.objects.filter(pk=publications[2].pk).update(bsn_flag=True)
    services.report_create(
        publication=publications[3], reporter=seeker, reason="Lijkt op reclame"
    )
    services.publication_like(publication=publications[4], moderator=moderator)
    other = RegionRoleFactory(region=twente).user
    Claim.objects.bulk_create(
        Claim(publication=p, moderator=other, claimed_at=timezone.now())
        for p in publications[5 : 5 + claims]
    )
    compiled = selectors.review_queue_page(
        region=twente, only=only, moderator=moderator
    )
    ordinary = selectors.review_queue_page(
        region=twente, only=only, moderator=moderator, compiled=False
    )
    assert _page_facts(compiled) == _page_facts(ordinary)
    assert compiled.items or only in ("bsn", "reported", "cv")

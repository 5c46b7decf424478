"""The public fair page (docs/fair-page.md): a national fair day and each
region's edition, before, during and after the fair; nothing personal on it;
one shared cached copy for anonymous visitors."""

import re
import struct
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from fairs import fair_page, services
from fairs.fair_page_views import BUILDING_SECONDS, SHARED_SECONDS, countdown
from fairs.models import Edition, Post, Publication
from fairs.schedule import AMSTERDAM
from members.models import Membership
from moderation import services as moderation_services
from moderation.models import Report

from ..factories import MembershipFactory, RegionRoleFactory, UserFactory
from .conftest import FAIR_LIVE, publish

BEFORE = datetime(2026, 11, 30, 9, tzinfo=AMSTERDAM)
AFTER = datetime(2026, 12, 1, 15, tzinfo=AMSTERDAM)
DAY = "2026-12-01"

# What no public page may ever show: a job seeker's name, email and pitch,
# a reaction's text, a vacancy's contact person, email and phone.
PERSONAL = [
    "Zwanhilde Pitchauteur",
    "zwanhilde@prive.example",
    "Geheime pitchtitel",
    "Mijn geheime verhaal",
    "Geheime reactietekst",
    "Petra Jansen",
    "petra@flex.example",
    "074 123 45 67",
]


@pytest.fixture
def seeded(fair, employer, time_machine):
    """At the fair of 1 December: a vacancy and a pitch in Twente, a reaction
    on the vacancy, the author's answer (followed up), and a removed
    vacancy. The clock then stands before the fair again."""
    twente, _nijmegen = fair
    time_machine.move_to(FAIR_LIVE, tick=False)
    seeker = MembershipFactory(
        region=twente,
        display_name="Zwanhilde Pitchauteur",
        user=UserFactory(name="Zwanhilde Pitchauteur", email="zwanhilde@prive.example"),
        kind=Membership.Kind.JOB_SEEKER,
    )
    vacancy = publish(employer, [twente], title="Heftruckchauffeur").publications.get()
    # Seen by a moderator: only such vacancies are shown beyond the members.
    moderator = RegionRoleFactory(region=twente, role="moderator").user
    moderation_services.publication_like(publication=vacancy, moderator=moderator)
    publish(employer, [twente], title="Nog niet bekeken vacature")
    publish(
        seeker.user,
        [twente],
        kind=Post.Kind.PITCH,
        title="Geheime pitchtitel",
        description="Mijn geheime verhaal",
    )
    removed = publish(employer, [twente], title="Weggehaalde vacature")
    removed.publications.update(status=Publication.Status.REMOVED)
    reaction = services.reaction_create(
        publication=vacancy, author=seeker.user, text="Geheime reactietekst"
    )
    services.reaction_create(
        publication=vacancy, author=employer, text="Bel me even", parent=reaction
    )
    time_machine.move_to(BEFORE, tick=False)
    return twente


def _edition(region):
    return Edition.objects.get(region=region, scheduled_date=DAY)


def _urls(region):
    edition = _edition(region)
    page = reverse("fairs:fair", kwargs={"slug": region.slug, "pk": edition.pk})
    day = reverse("fairs:fair-day", kwargs={"day": DAY})
    return [
        page,
        page + "tellers/",
        day,
        day + "tellers/",
        reverse("fairs:fair-now"),
    ]


@pytest.mark.parametrize("moment", [BEFORE, FAIR_LIVE, AFTER])
def test_no_personal_data_in_any_phase(client, seeded, time_machine, moment):
    time_machine.move_to(moment, tick=False)
    for url in _urls(seeded):
        html = client.get(url).content.decode()
        for text in PERSONAL:
            assert text not in html, (url, text)


def test_before_the_fair_a_countdown_and_how_to_take_part(client, seeded):
    html = client.get(_urls(seeded)[0]).content.decode()
    assert "data-opens-at" in html
    assert reverse("fairs:pitch-create") in html
    assert reverse("members:join", kwargs={"slug": seeded.slug}) in html.replace(
        "%2F", "/"
    )
    assert "fair-counters" not in html


def test_the_countdown_works_without_javascript():
    opens = datetime(2026, 12, 1, 10, tzinfo=AMSTERDAM)
    with translation.override("en"):
        assert countdown(opens, opens - timedelta(hours=25)) == "1 day"
        assert countdown(opens, opens - timedelta(days=9)) == "9 days"
        assert countdown(opens, opens - timedelta(minutes=121)) == (
            "2 hours and 1 minute"
        )
        assert countdown(opens, opens - timedelta(seconds=150)) == "2 minutes"
        assert countdown(opens, opens) == "0 minutes"


def test_live_counters_and_a_teaser_of_published_vacancies(
    client, seeded, time_machine
):
    time_machine.move_to(FAIR_LIVE, tick=False)
    html = client.get(_urls(seeded)[0]).content.decode()
    assert 'class="badge badge--live"' in html
    assert 'hx-trigger="every 20s"' in html
    assert '<dd data-counter="vacancies">2</dd>' in html
    assert '<dd data-counter="pitches">1</dd>' in html
    assert '<dd data-counter="reactions">1</dd>' in html
    assert "Heftruckchauffeur" in html and "Flex Uitzendbureau" in html
    assert "Weggehaalde vacature" not in html
    assert "Nog niet bekeken vacature" not in html  # counted, not shown
    national = client.get(_urls(seeded)[2]).content.decode()
    assert '<dd data-counter="regions">2</dd>' in national
    assert "Heftruckchauffeur" in national


def test_the_teaser_shows_only_vacancies_a_moderator_has_seen(
    client, seeded, employer, time_machine
):
    """The board is reviewed after posting: an unreviewed vacancy, one edited
    since its like and one with an open report stay among the members."""
    time_machine.move_to(FAIR_LIVE, tick=False)

    def teaser():
        cache.clear()
        page = fair_page.edition_fair(slug=seeded.slug, pk=_edition(seeded).pk)
        return [row["title"] for row in fair_page.fair_figures(page=page)["teaser"]]

    assert teaser() == ["Heftruckchauffeur"]  # not "Nog niet bekeken vacature"
    liked = Publication.objects.get(post__title="Heftruckchauffeur")
    report = Report.objects.create(
        publication=liked, reporter=MembershipFactory(region=seeded).user, reason="Nep"
    )
    assert teaser() == []
    Report.objects.filter(pk=report.pk).update(handled_at=FAIR_LIVE)
    assert teaser() == ["Heftruckchauffeur"]
    Post.objects.filter(pk=liked.post_id).update(version=liked.post.version + 1)
    assert teaser() == []


def test_the_teaser_holds_only_this_editions_vacancies(client, seeded, time_machine):
    """A vacancy already placed for the next fair is not on this fair's page."""
    time_machine.move_to(FAIR_LIVE, tick=False)
    next_fair = Edition.objects.filter(region=seeded, starts_at__gt=AFTER).first()
    publication = Publication.objects.filter(post__title="Heftruckchauffeur").get()
    publication.pk = None
    publication.edition = next_fair
    publication.post = Post.objects.get(title="Weggehaalde vacature")
    Publication.objects.filter(post=publication.post).delete()
    publication.save()
    teaser = fair_page.fair_figures(
        page=fair_page.edition_fair(slug=seeded.slug, pk=_edition(seeded).pk)
    )["teaser"]
    assert [row["title"] for row in teaser] == ["Heftruckchauffeur"]
    assert set(teaser[0]) == {
        "title",
        "organisation",
        "place",
        "sector",
        "education_level",
        "region",
        "sector_label",
        "education_level_label",
    }


def test_after_the_fair_the_results_with_the_follow_up_rate(
    client, seeded, time_machine
):
    time_machine.move_to(AFTER, tick=False)
    html = client.get(_urls(seeded)[0]).content.decode()
    assert '<dd data-counter="follow-up">100%</dd>' in html
    assert "hx-trigger" not in html
    assert "Heftruckchauffeur" not in html  # the teaser is for the live fair


def test_a_cancelled_edition_says_so(client, seeded):
    edition = _edition(seeded)
    Edition.objects.filter(pk=edition.pk).update(is_cancelled=True)
    html = client.get(_urls(seeded)[0]).content.decode()
    assert "fair-hero--cancelled" in html
    assert "fair-counters" not in html


def test_the_national_page_is_the_fair_that_matters_now(client, seeded, time_machine):
    response = client.get(reverse("fairs:fair-now"))
    assert reverse("fairs:fair-day", kwargs={"day": DAY}) in response.content.decode()
    time_machine.move_to(AFTER, tick=False)
    # Once it closed, the next fair (the shared copy of the page before the
    # fair is not served after it); the results stay at the day's address.
    after = client.get(reverse("fairs:fair-now")).content.decode()
    assert reverse("fairs:fair-day", kwargs={"day": "2027-02-02"}) in after
    results = client.get(reverse("fairs:fair-day", kwargs={"day": DAY}))
    assert "fair-hero--after" in results.content.decode()
    assert (
        client.get(reverse("fairs:fair-day", kwargs={"day": "2026-12-02"})).status_code
        == 404
    )
    assert client.get("/beurs/geen-datum/").status_code == 404


def test_anonymous_visitors_share_one_cached_copy(
    client, seeded, time_machine, django_assert_num_queries
):
    from django.test import Client

    time_machine.move_to(FAIR_LIVE, tick=False)
    for url in _urls(seeded):
        first = client.get(url)
        assert first["Cache-Control"].startswith("public, max-age=")
        assert "csrfmiddlewaretoken" not in first.content.decode()
        with django_assert_num_queries(0):
            second = Client().get(url + "?utm_source=linkedin")
        assert second.content == first.content
        assert second.cookies == {} or "sessionid" not in second.cookies


def test_the_shared_copy_is_refreshed_after_its_seconds(
    client, seeded, employer, time_machine
):
    time_machine.move_to(FAIR_LIVE, tick=False)
    url = _urls(seeded)[0]
    assert '<dd data-counter="vacancies">2</dd>' in client.get(url).content.decode()
    another = publish(employer, [seeded], title="Nog een vacature")
    moderation_services.publication_like(
        publication=another.publications.get(),
        moderator=RegionRoleFactory(region=seeded, role="moderator").user,
    )
    assert '<dd data-counter="vacancies">2</dd>' in client.get(url).content.decode()
    time_machine.shift(timedelta(seconds=SHARED_SECONDS + 1))
    html = client.get(url).content.decode()
    assert '<dd data-counter="vacancies">3</dd>' in html
    assert "Nog een vacature" in html


def _lock(url):
    return f"fairs:shared-page:testserver:{url}:{translation.get_language()}:building"


def _building(url):
    """As if another request were building the next copy of `url`'s page."""
    assert cache.add(_lock(url), 1, BUILDING_SECONDS)


def test_while_one_request_builds_the_next_copy_the_others_get_the_last(
    client, seeded, employer, time_machine, django_assert_num_queries
):
    time_machine.move_to(FAIR_LIVE, tick=False)
    url = _urls(seeded)[0]
    old = client.get(url).content
    another = publish(employer, [seeded], title="Nog een vacature")
    moderation_services.publication_like(
        publication=another.publications.get(),
        moderator=RegionRoleFactory(region=seeded, role="moderator").user,
    )
    time_machine.shift(timedelta(seconds=SHARED_SECONDS + 1))
    _building(url)
    with django_assert_num_queries(0):
        stale = client.get(url)
    assert stale.content == old
    assert stale["Cache-Control"] == "public, max-age=0"
    # The builder is done (its lock gone): the next visitor builds anew.
    cache.delete(_lock(url))
    assert "Nog een vacature" in client.get(url).content.decode()


def test_an_expired_copy_is_not_served_past_the_opening(client, seeded, time_machine):
    """Even while someone else builds the next copy: the countdown's copy is
    never shown once the fair is open."""
    time_machine.move_to(FAIR_LIVE.replace(hour=9, minute=59, second=50), tick=False)
    url = _urls(seeded)[0]
    assert "fair-counters" not in client.get(url).content.decode()
    time_machine.move_to(FAIR_LIVE.replace(hour=10, minute=0, second=1), tick=False)
    _building(url)
    assert "fair-counters" in client.get(url).content.decode()


def test_a_signed_in_member_gets_their_own_header_with_the_same_figures(
    client, seeded, employer, time_machine
):
    time_machine.move_to(FAIR_LIVE, tick=False)
    client.force_login(employer)
    response = client.get(_urls(seeded)[0])
    html = response.content.decode()
    assert reverse("account_logout") in html
    assert '<dd data-counter="vacancies">2</dd>' in html
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("count", [5, 300])
def test_a_constant_number_of_queries(
    client,
    fair,
    employer,
    time_machine,
    no_post_limit,
    count,
    django_assert_max_num_queries,
):
    twente, _nijmegen = fair
    time_machine.move_to(FAIR_LIVE, tick=False)
    for index in range(count):
        publish(employer, [twente], title=f"Vacature {index}")
    edition = _edition(twente)
    with django_assert_max_num_queries(8):
        client.get(reverse("fairs:fair", kwargs={"slug": "twente", "pk": edition.pk}))
    with django_assert_max_num_queries(9):
        client.get(reverse("fairs:fair-now"))
    client.force_login(employer)
    with django_assert_max_num_queries(16):
        client.get(reverse("fairs:fair-day", kwargs={"day": DAY}))


def test_open_graph_tags_and_the_qr_code(client, seeded):
    edition = _edition(seeded)
    html = client.get(_urls(seeded)[0]).content.decode()
    # The site's own address (SITE_URL), whatever host the request came in on.
    page_url = f"{settings.SITE_URL}/regio/twente/beurs/{edition.pk}/"
    for tag in ("og:title", "og:description", "og:type", "og:site_name"):
        assert f'property="{tag}"' in html
    assert f'<meta property="og:url" content="{page_url}">' in html
    # The card social sites show: a PNG of 1200 x 630 pixels, with its text.
    image = re.search(r'<meta property="og:image" content="([^"]+)">', html)
    assert image and image.group(1).startswith(f"{settings.SITE_URL}/static/img/og-")
    assert 'property="og:image:alt" content="Banenmarkt: ' in html
    png = (settings.BASE_DIR / "static/img/og-banenmarkt.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1200, 630)
    assert 'class="qr" role="img"' in html
    svg = client.get(
        reverse("fairs:fair-qr", kwargs={"slug": "twente", "pk": edition.pk})
    )
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<svg")
    from banenmarkt.qr import qr_svg_response_body

    assert svg.content == qr_svg_response_body(page_url)


def test_the_live_banner_points_to_the_fair_page(client, seeded, time_machine):
    assert "live-banner" not in client.get(reverse("fairs:calendar")).content.decode()
    time_machine.move_to(FAIR_LIVE, tick=False)
    html = client.get(reverse("fairs:calendar")).content.decode()
    assert 'class="live-banner"' in html
    assert f'href="{reverse("fairs:fair-now")}"' in html


def test_the_language_switch_of_a_shared_page_needs_no_token(client, seeded):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("fairs:language"), {"language": "en", "next": _urls(seeded)[0]}
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"

"""The live dashboard of a fair morning (placements/live.py): each figure for
a seeded edition at a frozen moment during the fair, the 10-minute buckets,
only this edition and region counted, the national totals and their cache,
a constant number of queries, the final figures after the fair (and the
report's first section), and polling only while the fair is live."""

import re
from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from banenmarkt.audit import audit_record
from fairs.models import CvView, Edition, Post, Publication, Reaction
from fairs.schedule import AMSTERDAM
from members.models import Membership, RegionRole
from moderation.models import Review
from placements.live import national_figures, region_figures

from ..auth import sign_in_fresh
from ..factories import MembershipFactory, RegionFactory, RegionRoleFactory

pytestmark = pytest.mark.django_db

DURING = datetime(2026, 12, 1, 10, 35, tzinfo=AMSTERDAM)
AFTER = datetime(2026, 12, 1, 13, 30, tzinfo=AMSTERDAM)
HTMX = {"HTTP_HX_REQUEST": "true"}


def at(hour, minute, second=0):
    return datetime(2026, 12, 1, hour, minute, second, tzinfo=AMSTERDAM)


def edition_of(region) -> Edition:
    return region.editions.get(starts_at=at(10, 0))


def publish(region, author, moments, *, kind="vacancy", status="published"):
    """Posts of `kind` published in `region`'s fair at `moments`, in bulk."""
    posts = Post.objects.bulk_create(
        Post(
            author=author,
            kind=kind,
            title=f"Post {i}",
            description="x",
            sector="logistics",
            education_level="mbo",
            hours_per_week=32,
            place="Hengelo",
            organisation=f"Org {i}",
            organisation_kind="employer",
        )
        for i in range(len(moments))
    )
    return Publication.objects.bulk_create(
        Publication(
            post=post,
            region=region,
            edition=edition_of(region),
            status=status,
            published_at=moment,
        )
        for post, moment in zip(posts, moments, strict=True)
    )


def cv_view(region, post, viewer, moment):
    view = CvView.objects.create(region=region, post=post, viewer=viewer)
    CvView.objects.filter(pk=view.pk).update(viewed_at=moment)


def member(region, status=Membership.Status.ACTIVE, decided_at=None):
    return MembershipFactory(region=region, status=status, decided_at=decided_at)


@pytest.fixture
def seeded(fair, employer, seeker, time_machine):
    """Twente and Rijk van Nijmegen at 10:35 on the fair day, with posts,
    reactions, new members, CV downloads and a moderator at work."""
    twente, nijmegen = fair
    time_machine.move_to(DURING, tick=False)
    vacancies = publish(
        twente,
        employer,
        [at(10, 0), at(10, 0), at(10, 9, 59), at(10, 10), at(10, 25)],
    )
    pitches = publish(twente, seeker, [at(10, 31)], kind="pitch")
    # Removed by a moderator: not counted as posted (as in the report).
    publish(twente, employer, [at(10, 5)], status="removed")
    theirs = publish(nijmegen, employer, [at(10, 15), at(10, 45)])
    for publication, followed in ((vacancies[0], True), (vacancies[1], True)):
        reaction = Reaction.objects.create(
            publication=publication,
            author=seeker,
            text="Hoi",
            followed_up_at=DURING if followed else None,
        )
    Reaction.objects.create(publication=vacancies[2], author=seeker, text="Hoi")
    # A reply is part of a conversation, not a reaction of its own.
    Reaction.objects.create(
        publication=vacancies[1], author=employer, text="Dag", parent=reaction
    )
    Reaction.objects.create(
        publication=theirs[0], author=seeker, text="Hoi", followed_up_at=DURING
    )
    member(twente, decided_at=at(10, 5))
    member(twente, decided_at=at(10, 20))
    member(twente, status=Membership.Status.LEFT, decided_at=at(10, 21))
    member(twente, decided_at=at(9, 0))  # before the fair opened
    member(twente, status=Membership.Status.PENDING)
    member(twente, status=Membership.Status.PENDING)
    member(nijmegen, status=Membership.Status.PENDING)
    member(nijmegen, decided_at=at(10, 10))
    cv_view(twente, pitches[0].post, employer, at(10, 10))
    cv_view(twente, pitches[0].post, employer, at(10, 30))
    cv_view(twente, pitches[0].post, employer, at(9, 50))  # before the fair
    cv_view(nijmegen, pitches[0].post, employer, at(10, 15))
    moderator = RegionRoleFactory(region=twente, role=RegionRole.Role.MODERATOR).user
    Review.objects.create(
        publication=vacancies[0],
        reviewed_by=moderator,
        reviewed_at=DURING,
        post_version=vacancies[0].post.version,
    )
    audit_record(
        action="moderation.publication.liked",
        actor=moderator,
        region=twente,
        target=vacancies[0],
    )
    cache.clear()
    return twente, nijmegen


def live_url(region, **kwargs):
    if kwargs:
        return reverse(
            "placements:live-edition", kwargs={"slug": region.slug, **kwargs}
        )
    return reverse("placements:live", kwargs={"slug": region.slug})


def project_team(region):
    return RegionRoleFactory(region=region, role=RegionRole.Role.PROJECT_TEAM).user


def figure(html, name) -> str:
    match = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert match, name
    return match.group(1).strip()


def test_each_figure_of_the_region_during_the_fair(seeded):
    twente, _ = seeded
    figures = region_figures(region=twente, edition=edition_of(twente), now=DURING)
    assert figures.is_live
    assert (figures.vacancies, figures.pitches, figures.posts) == (5, 1, 6)
    assert (figures.reactions, figures.answered, figures.answered_share) == (3, 2, 67)
    assert figures.new_members == 3  # 10:05, 10:20 and the one who left since
    assert figures.joins_waiting == 2
    assert figures.cv_downloads == 2
    # Six published, one reviewed (the removed one left the queue).
    assert figures.unreviewed == 5
    assert not figures.unreviewed_capped
    assert figures.oldest_wait_minutes == 35
    assert figures.moderators_active == 1


def test_posts_per_ten_minutes_with_the_boundary_in_the_next_bucket(seeded):
    twente, _ = seeded
    figures = region_figures(region=twente, edition=edition_of(twente), now=DURING)
    assert len(figures.buckets) == 18
    assert figures.buckets[0].starts_at == at(10, 0)
    assert figures.buckets[-1].starts_at == at(12, 50)
    # 10:00, 10:00, 10:09:59 | 10:10 exactly | 10:25 | 10:31
    assert [b.posts for b in figures.buckets[:5]] == [3, 1, 1, 1, 0]
    assert sum(b.posts for b in figures.buckets) == 6
    # Heights in percent of the busiest bucket, in steps of 5.
    assert [b.height for b in figures.buckets[:5]] == [100, 35, 35, 35, 0]


def test_only_this_edition_and_region_count(seeded, employer):
    twente, nijmegen = seeded
    earlier = (
        Edition.objects.filter(region=twente, ends_at__lt=at(10, 0))
        .order_by("-starts_at")
        .first()
    )
    if earlier is None:
        earlier = Edition.objects.create(
            region=twente,
            starts_at=at(10, 0) - timedelta(days=61),
            ends_at=at(13, 0) - timedelta(days=61),
        )
    post = Post.objects.create(
        author=employer,
        kind="vacancy",
        title="Oud",
        description="x",
        sector="logistics",
        education_level="mbo",
        hours_per_week=32,
        place="Hengelo",
        organisation="Oud",
        organisation_kind="employer",
    )
    Publication.objects.create(
        post=post,
        region=twente,
        edition=earlier,
        status="published",
        published_at=earlier.starts_at,
    )
    figures = region_figures(region=twente, edition=edition_of(twente), now=DURING)
    assert figures.posts == 6
    theirs = region_figures(region=nijmegen, edition=edition_of(nijmegen), now=DURING)
    assert (theirs.posts, theirs.reactions, theirs.answered_share) == (2, 1, 100)
    assert (theirs.new_members, theirs.cv_downloads, theirs.joins_waiting) == (1, 1, 1)


def test_national_totals_sum_every_region_of_the_fair_day_and_are_cached(
    seeded, django_assert_num_queries
):
    twente, _ = seeded
    edition = edition_of(twente)
    national = national_figures(edition=edition, now=DURING)
    totals = national["figures"]
    assert national["regions"] == 2
    assert (totals.vacancies, totals.pitches, totals.posts) == (7, 1, 8)
    assert (totals.reactions, totals.answered, totals.answered_share) == (4, 3, 75)
    assert totals.new_members == 4
    assert totals.cv_downloads == 3
    # One cache entry for every project team: the second read asks nothing.
    with django_assert_num_queries(0):
        again = national_figures(edition=edition, now=DURING)
    assert again["figures"] == totals


def test_the_page_shows_the_figures_and_polls_while_live(client, seeded):
    twente, _ = seeded
    client.force_login(project_team(twente))
    html = client.get(live_url(twente)).content.decode()
    assert figure(html, "posts") == "6"
    assert figure(html, "reactions") == "3"
    assert figure(html, "new-members") == "3"
    assert figure(html, "cv-downloads") == "2"
    assert figure(html, "unreviewed") == "5"
    assert figure(html, "moderators") == "1"
    assert figure(html, "joins-waiting") == "2"
    assert "35" in figure(html, "oldest")
    assert figure(html, "national-posts") == "8"
    assert figure(html, "national-cv-downloads") == "3"
    assert 'hx-trigger="every 15s"' in html
    assert "data-polling" in html
    assert 'aria-live="off"' in html
    assert "10:35" in html.split("</title>")[0]  # the title says when
    assert 'class="projector"' not in html
    # The polled fragment: only the figures, with the page title for htmx.
    fragment = client.get(live_url(twente), {"deel": "cijfers"}, **HTMX)
    text = fragment.content.decode()
    assert text.lstrip().startswith("<title>")
    assert 'id="live-figures"' in text
    assert "<main" not in text
    assert figure(text, "posts") == "6"


def test_the_projector_view_keeps_its_class_when_it_polls(client, seeded):
    twente, _ = seeded
    client.force_login(project_team(twente))
    html = client.get(live_url(twente), {"weergave": "scherm"}).content.decode()
    assert '<body class="projector">' in html
    assert "deel=cijfers&amp;weergave=scherm" in html
    assert 'class="subnav"' not in html


def test_the_second_request_counts_no_national_figures(client, seeded):
    twente, _ = seeded
    client.force_login(project_team(twente))
    url = live_url(twente)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        client.get(url)

    # The fair day's window over all regions is read only the first time.
    def national(queries):
        return [q for q in queries if 'MIN("fairs_edition"."starts_at")' in q["sql"]]

    assert len(national(first.captured_queries)) == 1
    assert national(second.captured_queries) == []


@pytest.mark.parametrize("posts", [5, 300])
def test_a_constant_number_of_queries(
    client, fair, employer, seeker, time_machine, posts, django_assert_max_num_queries
):
    twente, nijmegen = fair
    time_machine.move_to(DURING, tick=False)
    moments = [at(10, 0) + timedelta(seconds=20 * i) for i in range(posts)]
    publications = publish(twente, employer, moments)
    publish(nijmegen, employer, moments)
    Reaction.objects.bulk_create(
        Reaction(publication=p, author=seeker, text="Hoi") for p in publications
    )
    for i in range(min(posts, 20)):
        member(twente, decided_at=at(10, 1) + timedelta(minutes=i))
    user = project_team(twente)
    client.force_login(user)
    cache.clear()
    # Session, user, region, access, the fair moment (2), the region's figures
    # (posts with their buckets, reactions, members, CV downloads), the
    # queue's meter (moderators, today, oldest, waiting), the national
    # figures (5), the header's counts and whether a fair is live (the banner):
    # 26 at 5 posts as at 300.
    with django_assert_max_num_queries(26):
        response = client.get(live_url(twente))
    assert figure(response.content.decode(), "posts") == str(posts)
    # The refresh: the national figures and the header's counts are cached.
    with django_assert_max_num_queries(12):
        client.get(live_url(twente), {"deel": "cijfers"}, **HTMX)


def test_who_gets_the_page(client, seeded):
    twente, _ = seeded
    url = live_url(twente)
    assert client.get(url).status_code == 302
    client.force_login(member(twente).user)
    assert client.get(url).status_code == 403
    client.force_login(RegionRoleFactory(region=twente, role="moderator").user)
    assert client.get(url).status_code == 403
    client.force_login(RegionRoleFactory(region=twente, role="staff").user)
    assert client.get(url).status_code == 200
    other = RegionFactory(name="Elders", slug="elders")
    client.force_login(project_team(other))
    assert client.get(url).status_code == 403
    client.force_login(project_team(twente))
    other_edition = Edition.objects.create(
        region=other, starts_at=at(10, 0), ends_at=at(13, 0)
    )
    assert client.get(live_url(twente, pk=other_edition.pk)).status_code == 404


def test_after_the_fair_the_final_figures_without_polling(client, seeded, time_machine):
    twente, _ = seeded
    time_machine.move_to(AFTER, tick=False)
    cache.clear()
    client.force_login(project_team(twente))
    html = client.get(live_url(twente)).content.decode()
    assert "hx-trigger" not in html
    assert "data-polling" not in html
    assert 'data-figure="unreviewed"' not in html
    assert figure(html, "posts") == "6"
    assert figure(html, "cv-downloads") == "2"
    assert figure(html, "national-posts") == "8"
    report = reverse(
        "placements:report", kwargs={"slug": twente.slug, "pk": edition_of(twente).pk}
    )
    assert f'href="{report}"' in html
    # The next fair is named.
    assert "live__next" in html


def test_the_report_opens_with_the_morning_in_figures(client, seeded, time_machine):
    twente, _ = seeded
    time_machine.move_to(AFTER, tick=False)
    client.force_login(project_team(twente))
    report = reverse(
        "placements:report", kwargs={"slug": twente.slug, "pk": edition_of(twente).pk}
    )
    html = client.get(report).content.decode()
    morning = html.index('id="morning"')
    assert morning < html.index('id="totals-title"')
    assert figure(html, "posts") == "6"
    assert figure(html, "answered-share").startswith("67")
    assert figure(html, "new-members") == "3"
    assert figure(html, "cv-downloads") == "2"
    assert html.count("buckets__bar ") == 18
    assert "bar--h100" in html


def test_a_region_without_a_fair_yet(client, db, time_machine):
    time_machine.move_to(DURING, tick=False)
    region = RegionFactory(name="Nieuw", slug="nieuw")
    client.force_login(project_team(region))
    html = client.get(live_url(region)).content.decode()
    assert 'id="live-figures"' not in html


def test_the_dashboard_puts_the_live_fair_on_top(client, seeded, time_machine):
    twente, _ = seeded
    user = project_team(twente)
    sign_in_fresh(client, user)
    html = client.get(reverse("members:dashboard")).content.decode()
    queues = html[html.index('class="work__queues"') :]
    first_link = re.search(r'<a href="([^"]+)"', queues).group(1)
    assert first_link == live_url(twente)
    time_machine.move_to(AFTER, tick=False)
    sign_in_fresh(client, user)  # a new session: the old one went idle
    html = client.get(reverse("members:dashboard")).content.decode()
    queues = html[html.index('class="work__queues"') :]
    assert re.search(r'<a href="([^"]+)"', queues).group(1) != live_url(twente)
    assert f'href="{live_url(twente)}"' in html

"""Right at every moment of the calendar (docs/fair-calendar.md): the demo
is loaded at a set of moments, and the definitions of "the fair that matters
now", the demo's boards and after-fair work, the report and the main pages
for every role are checked there. Each test travels to its moment itself, so
the suite passes on any date (and under BANENMARKT_TEST_NOW)."""

import os
from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from demo.accounts import PASSWORD
from fairs.models import Edition, Post, Publication, Region
from fairs.moments import fair_moment, fair_moments
from fairs.schedule import AMSTERDAM
from members.models import Membership, User
from placements.models import CallBack, Placement
from placements.report import edition_report

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)


MOMENTS = {
    "fair day 09:59": at("2026-12-01T09:59"),
    "fair day 10:00": at("2026-12-01T10:00"),
    "fair day 12:59": at("2026-12-01T12:59"),
    "fair day 13:00": at("2026-12-01T13:00"),
    "fair day 15:00": at("2026-12-01T15:00"),
    "day after a fair": at("2026-12-02T09:00"),
    "a week before a fair": at("2027-01-26T12:00"),
    "April fair (first after summer time starts)": at("2027-04-06T11:30"),
    "October fair afternoon (last before winter time)": at("2026-10-06T14:00"),
    "31 December 23:59": at("2026-12-31T23:59"),
    "29 February 2028": at("2028-02-29T12:00"),
}
DEMO_REGIONS = ("twente", "rijk-van-nijmegen")


@pytest.fixture(params=list(MOMENTS.values()), ids=list(MOMENTS))
def moment(request):
    with time_machine.travel(request.param, tick=False):
        yield request.param


@pytest.fixture
def demo(moment):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return {r.slug: r for r in Region.objects.all()}


def _expected(region, now):
    """The definitions, computed the plain way over every edition."""
    editions = list(Edition.objects.filter(region=region, is_cancelled=False))
    live = [e for e in editions if e.starts_at <= now < e.ends_at]
    closed = [e for e in editions if e.ends_at <= now]
    ahead = [e for e in editions if e.starts_at > now]
    return (
        live[0] if live else None,
        max(closed, key=lambda e: e.ends_at) if closed else None,
        min(ahead, key=lambda e: e.starts_at) if ahead else None,
    )


# --- The definitions -------------------------------------------------------------


def test_fair_moment_agrees_with_the_calendar(demo, moment):
    moments = fair_moments(region_ids=[r.pk for r in demo.values()], now=moment)
    for region in demo.values():
        live, last_closed, upcoming = _expected(region, moment)
        found = fair_moment(region=region, now=moment)
        assert (found.live, found.last_closed, found.upcoming) == (
            live,
            last_closed,
            upcoming,
        )
        assert moments[region.pk] == found
        assert found.board == (live or last_closed or upcoming)
        assert found.staff == last_closed
        # Every demo region holds fairs before and after any moment.
        assert last_closed is not None and upcoming is not None


@pytest.mark.parametrize(
    ("when", "live", "last_closed", "upcoming"),
    [
        ("2026-12-01T09:59", None, "2026-10-06", "2026-12-01"),
        ("2026-12-01T10:00", "2026-12-01", "2026-10-06", "2027-02-02"),
        ("2026-12-01T12:59", "2026-12-01", "2026-10-06", "2027-02-02"),
        ("2026-12-01T13:00", None, "2026-12-01", "2027-02-02"),
        ("2026-12-01T15:00", None, "2026-12-01", "2027-02-02"),
        ("2027-04-06T10:00", "2027-04-06", "2027-02-02", "2027-06-01"),
        ("2027-04-06T13:00", None, "2027-04-06", "2027-06-01"),
        ("2028-02-29T12:00", None, "2028-02-01", "2028-04-04"),
    ],
)
def test_fair_moment_at_named_moments(when, live, last_closed, upcoming):
    """The table in docs/fair-calendar.md, by date. 10:00 is open and 13:00
    closed on the wall clock, in summer time as in winter time."""
    now = at(when)
    with time_machine.travel(now, tick=False):
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    found = fair_moment(region=Region.objects.get(slug="twente"), now=now)

    def day(edition):
        return edition and edition.scheduled_date.isoformat()

    assert (day(found.live), day(found.last_closed), day(found.upcoming)) == (
        live,
        last_closed,
        upcoming,
    )
    assert found.board == (found.live or found.last_closed)


def test_a_new_region_lands_on_its_first_fair(moment):
    from fairs.services import editions_generate

    region = Region.objects.create(name="Nieuw", slug="nieuw", contact_email="a@b.nl")
    editions_generate(now=moment)
    # Generated from today on: on a fair-day afternoon today's has closed.
    Edition.objects.filter(region=region, ends_at__lte=moment).delete()
    found = fair_moment(region=region, now=moment)
    assert found.last_closed is None and found.staff is None
    assert found.board in (found.live, found.upcoming)
    assert found.board is not None


def test_cancelled_editions_never_count(demo, moment):
    twente = demo["twente"]
    before = fair_moment(region=twente, now=moment)
    Edition.objects.filter(pk__in=[before.board.pk, before.upcoming.pk]).update(
        is_cancelled=True
    )
    after = fair_moment(region=twente, now=moment)
    assert before.board not in (after.live, after.last_closed, after.upcoming)
    assert before.upcoming not in (after.live, after.last_closed, after.upcoming)


# --- The demo fits the moment ------------------------------------------------------


def test_demo_boards_have_posts_for_the_fair_that_matters_now(demo, moment):
    for slug in DEMO_REGIONS:
        found = fair_moment(region=demo[slug], now=moment)
        on_board = Publication.objects.on_board().filter(
            region=demo[slug], edition=found.board
        )
        assert on_board.filter(post__kind=Post.Kind.VACANCY).exists(), slug
        assert on_board.filter(post__kind=Post.Kind.PITCH).exists(), slug
        # Nothing on a board was published in the future.
        assert not on_board.filter(published_at__gt=moment).exists()
        if found.live is None:
            # Twente has posts already placed for the next fair; Rijk van
            # Nijmegen (fair only) one made ready for the opening.
            next_status = (
                Publication.Status.PUBLISHED
                if slug == "twente"
                else Publication.Status.SCHEDULED
            )
            assert Publication.objects.filter(
                region=demo[slug], edition=found.upcoming, status=next_status
            ).exists(), slug


def test_demo_has_after_fair_work_on_the_last_closed_fair(demo, moment):
    twente, nijmegen = demo["twente"], demo["rijk-van-nijmegen"]
    twente_last = fair_moment(region=twente, now=moment).staff
    nijmegen_last = fair_moment(region=nijmegen, now=moment).staff
    umbrella = Placement.objects.get(edition=twente_last)
    assert umbrella.region.booking_mode == Region.BookingMode.UMBRELLA
    assert twente_last.umbrella_vacancy_number
    assert Placement.objects.filter(
        edition=nijmegen_last, region__booking_mode=Region.BookingMode.PER_PLACEMENT
    ).exists()
    calls = CallBack.objects.filter(edition=nijmegen_last)
    assert calls.filter(called_at__isnull=False).exists()
    assert calls.filter(called_at__isnull=True).exists()  # in progress
    assert not calls.filter(called_at__gt=moment).exists()


def test_demo_reports_add_up(demo, moment):
    for slug in DEMO_REGIONS:
        region = demo[slug]
        edition = fair_moment(region=region, now=moment).staff
        report = edition_report(region=region, edition=edition)
        authors = set(
            Publication.objects.filter(region=region, edition=edition)
            .exclude(status=Publication.Status.SCHEDULED)
            .values_list("post__author", flat=True)
        )
        # Everyone who posted at the fair was a member by then.
        assert report["members"] >= len(authors) > 0, slug
        assert Membership.objects.filter(
            region=region, user__in=authors, decided_at__lte=edition.starts_at
        ).count() == len(authors)
        assert 0 <= report["new_members"] <= report["members"]
        assert report["vacancies"] > 0 and report["pitches"] > 0
        for breakdown, total in (
            (report["by_level"], report["vacancies"]),
            (report["by_kind"], report["vacancies"]),
            (report["by_corner"], report["pitches"]),
        ):
            assert sum(count for _label, count, _pct in breakdown.rows) == total
        assert report["reactions"] > 0
        assert 0 < report["follow_up_rate"] < 100
        assert report["calls"] <= report["organisations"]
        assert report["new_employers"] <= report["organisations"]


def test_loading_the_demo_twice_changes_nothing(demo, moment):
    def counts():
        return {
            model.__name__: model.objects.count()
            for model in (User, Membership, Edition, Post, Publication, CallBack)
        }

    before = counts()
    joined = set(Membership.objects.values_list("pk", "decided_at"))
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert counts() == before
    assert set(Membership.objects.values_list("pk", "decided_at")) == joined


# --- The main pages, for every role -----------------------------------------------


def _url(name, slug=None):
    return reverse(name, kwargs={"slug": slug} if slug else None)


PUBLIC = [
    _url("fairs:home"),
    _url("fairs:calendar"),
    _url("fairs:region", "twente"),
    _url("fairs:privacy"),
]
MEMBER = [
    _url("members:dashboard"),
    _url("fairs:board", "twente"),
    _url("fairs:board", "rijk-van-nijmegen"),
    _url("fairs:theme-corners", "twente"),
    _url("fairs:combined-board"),
    _url("fairs:my-posts"),
]
STAFF = [
    _url("placements:after-fair", "twente"),
    _url("placements:after-fair", "rijk-van-nijmegen"),
]
QUEUE = _url("moderation:queue", "twente")
ROLES = {
    "werkzoekende@demo.nl": MEMBER,
    "werkgever@demo.nl": MEMBER,
    "uitzendbureau@demo.nl": MEMBER,
    "klantmanager@demo.nl": [
        *MEMBER,
        _url("placements:pitches-without-reaction", "twente"),
    ],
    "beheerder@demo.nl": [*MEMBER, QUEUE],
    "projectteam@demo.nl": [*MEMBER, *STAFF, QUEUE],
    "wsp@demo.nl": [*MEMBER, *STAFF],
    "admin@demo.nl": [*STAFF, QUEUE, _url("fairs:combined-board")],
}


def test_main_pages_answer_for_every_role(client, demo, moment):
    for path in PUBLIC:
        assert client.get(path).status_code == 200, path
    for email, paths in ROLES.items():
        client.force_login(User.objects.get(email=email))
        for path in PUBLIC + paths:
            assert client.get(path).status_code == 200, (email, path)
        client.logout()


def test_staff_pages_for_the_last_fair_answer(client, demo, moment):
    client.force_login(User.objects.get(email="projectteam@demo.nl"))
    for slug in DEMO_REGIONS:
        edition = fair_moment(region=demo[slug], now=moment).staff
        for name in ("call-backs", "placements", "report"):
            url = reverse(f"placements:{name}", kwargs={"slug": slug, "pk": edition.pk})
            assert client.get(url).status_code == 200, (slug, name)


def test_boards_open_on_the_fair_that_matters_now(client, demo, moment):
    client.force_login(User.objects.get(email="werkzoekende@demo.nl"))
    for slug in DEMO_REGIONS:
        found = fair_moment(region=demo[slug], now=moment)
        response = client.get(reverse("fairs:board", kwargs={"slug": slug}))
        assert response.context["edition"] == found.board
        assert response.context["page"].items
        html = response.content.decode()
        if found.live is None:
            # Between fairs: closed, reactions go on, the next fair beside it.
            assert "Deze banenmarkt is gesloten" in html
            assert response.context["next_fair"] == found.upcoming
            if slug == "twente":
                assert response.context["next_posts"].items
            else:
                assert response.context["next_posts"] is None
        else:
            assert "Nu open" in html
            assert response.context["next_fair"] is None
        corners = client.get(reverse("fairs:theme-corners", kwargs={"slug": slug}))
        assert corners.context["edition"] == found.board
        assert corners.context["pitch_count"] > 0


def test_after_fair_page_opens_on_the_last_closed_fair(client, demo, moment):
    client.force_login(User.objects.get(email="wsp@demo.nl"))
    for slug in DEMO_REGIONS:
        found = fair_moment(region=demo[slug], now=moment)
        response = client.get(reverse("placements:after-fair", kwargs={"slug": slug}))
        assert response.context["moment"].staff == found.staff
        rows = {e.pk: e for e in response.context["editions"]}
        last = rows[found.staff.pk]
        assert last.vacancy_count > 0 and last.reaction_count > 0
        if slug == "rijk-van-nijmegen":
            assert last.calls_done == 1
        if found.live is not None:
            assert rows[found.live.pk].vacancy_count > 0


def test_demo_accounts_log_in_with_the_demo_password(client, demo, moment):
    response = client.post(
        reverse("account_login"),
        {"login": "werkzoekende@demo.nl", "password": PASSWORD},
    )
    assert response.status_code == 302


def test_dashboard_names_the_fair_that_matters_now(client, demo, moment):
    client.force_login(User.objects.get(email="werkzoekende@demo.nl"))
    html = client.get(reverse("members:dashboard")).content.decode()
    found = fair_moment(region=demo["twente"], now=moment)
    if found.live:
        assert "De banenmarkt is nu open:" in html
    else:
        assert "Laatste banenmarkt:" in html
    assert "Volgende banenmarkt:" in html


def test_combined_board_has_the_fair_of_now_and_the_next(client, demo, moment):
    client.force_login(User.objects.get(email="werkzoekende@demo.nl"))
    page = client.get(reverse("fairs:combined-board")).context["page"]
    shown = {p.edition_id for post in page.items for p in post.board_publications}
    for slug in DEMO_REGIONS:
        found = fair_moment(region=demo[slug], now=moment)
        assert found.board.pk in shown, slug
        assert found.last_closed.pk not in shown or found.board == found.last_closed
    twente = fair_moment(region=demo["twente"], now=moment)
    if twente.live is None:
        assert twente.upcoming.pk in shown


def test_dashboard_and_after_fair_queries_do_not_grow_with_editions(
    client, django_assert_max_num_queries
):
    """Figures per edition and the fair moments come from fixed queries."""
    from datetime import timedelta

    now = at("2026-12-01T15:00")
    with time_machine.travel(now, tick=False):
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        nijmegen = Region.objects.get(slug="rijk-van-nijmegen")
        for weeks in range(30, 60):
            start = now - timedelta(weeks=weeks)
            Edition.objects.create(
                region=nijmegen, starts_at=start, ends_at=start + timedelta(hours=3)
            )
        client.force_login(User.objects.get(email="projectteam@demo.nl"))
        client.get(reverse("fairs:home"))
        with django_assert_max_num_queries(8):
            response = client.get(
                reverse("placements:after-fair", kwargs={"slug": nijmegen.slug})
            )
        assert len(response.context["editions"]) == 12
        with django_assert_max_num_queries(9):
            assert client.get(reverse("members:dashboard")).status_code == 200


def test_an_earlier_fair_picked_while_a_fair_is_open_points_to_the_open_one(client):
    now = at("2026-12-01T11:00")
    with time_machine.travel(now, tick=False):
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        nijmegen = Region.objects.get(slug="rijk-van-nijmegen")
        found = fair_moment(region=nijmegen, now=now)
        client.force_login(User.objects.get(email="werkzoekende@demo.nl"))
        url = reverse("fairs:board", kwargs={"slug": nijmegen.slug})
        response = client.get(f"{url}?editie={found.last_closed.pk}")
    html = response.content.decode()
    assert response.context["edition"] == found.last_closed
    assert response.context["next_fair"] is None  # not February: today is open
    assert "De banenmarkt is nu open:" in html
    assert f'href="?editie={found.live.pk}"' in html
    assert "klaarzetten" not in html


def test_posts_count_for_the_fair_the_board_shows_when_editions_overlap():
    """An extra edition open beside the regular one: posting, the board and
    the next fair all follow the one definition."""
    from datetime import timedelta

    from fairs.services import edition_add_extra, posting_edition

    now = at("2026-12-01T11:00")
    with time_machine.travel(now, tick=False):
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        twente = Region.objects.get(slug="twente")
        before = fair_moment(region=twente, now=now)
        edition_add_extra(
            region=twente,
            starts_at=before.live.starts_at,
            ends_at=before.live.ends_at + timedelta(hours=1),
            title="Omgekeerde banenmarkt",
        )
        found = fair_moment(region=twente, now=now)
        assert posting_edition(region=twente, now=now) == (found.live, True)
        assert found.board == found.live
        assert found.upcoming == before.upcoming  # February stays in view


def test_the_demo_leaves_other_regions_alone():
    other = Region.objects.create(
        name="Noord", slug="noord", contact_email="noord@example.nl"
    )
    now = at("2026-12-09T12:00")
    with time_machine.travel(now, tick=False):
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not Edition.objects.filter(region=other, starts_at__lt=now).exists()
    assert fair_moment(region=other, now=now).last_closed is None

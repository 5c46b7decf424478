from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from fairs import services
from fairs.schedule import AMSTERDAM

from ..factories import AdminFactory, MembershipFactory, RegionFactory, UserFactory

NOW = datetime(2026, 11, 21, 12, tzinfo=AMSTERDAM)

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_regions(time_machine):
    time_machine.move_to(NOW)
    regions = [
        RegionFactory(name="Twente", slug="twente"),
        RegionFactory(
            name="Rijk van Nijmegen",
            slug="rijk-van-nijmegen",
            posting_policy="fair_only",
        ),
        RegionFactory(name="Zuid-Holland Centraal", slug="zuid-holland-centraal"),
    ]
    services.editions_generate()
    return regions


def parse(response) -> Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


PUBLIC_PAGES = [
    ("fairs:home", {}),
    ("fairs:calendar", {}),
    ("fairs:region", {"slug": "twente"}),
    ("fairs:feed", {}),
    ("fairs:region-feed", {"slug": "twente"}),
    ("fairs:privacy", {}),
    ("fairs:accessibility", {}),
]


@pytest.mark.parametrize("role", ["anonymous", "user", "member", "admin"])
@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES)
def test_public_pages_open_to_every_role(client, three_regions, role, name, kwargs):
    if role == "user":
        client.force_login(UserFactory())
    elif role == "member":
        client.force_login(MembershipFactory(region=three_regions[0]).user)
    elif role == "admin":
        client.force_login(AdminFactory())
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200


def test_home_shows_next_fair_in_dutch_and_every_region(client, three_regions):
    response = client.get(reverse("fairs:home"))
    html = response.content.decode()
    assert "dinsdag 1 december 2026, 10:00–13:00" in html
    for region in three_regions:
        assert region.name in html
        assert region.get_absolute_url() in html
    assert 'lang="nl"' in html
    assert "Volgende banenmarkt" in html


def test_home_shows_live_fair_as_open(client, three_regions, time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 10, 15, tzinfo=AMSTERDAM))
    html = client.get(reverse("fairs:home")).content.decode()
    assert "dinsdag 1 december 2026, 10:00–13:00" in html
    assert "Nu open" in html


def test_home_moves_on_after_closing(client, three_regions, time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 13, 0, tzinfo=AMSTERDAM))
    html = client.get(reverse("fairs:home")).content.decode()
    assert "dinsdag 1 december 2026" not in html
    assert "dinsdag 2 februari 2027, 10:00–13:00" in html


def test_home_without_editions(client):
    html = client.get(reverse("fairs:home")).content.decode()
    assert "Er is nog geen banenmarkt gepland." in html


def test_region_page_shows_description_editions_members_and_join(client, three_regions):
    twente = three_regions[0]
    MembershipFactory.create_batch(3, region=twente)
    MembershipFactory(region=twente, status="left")  # left: not counted
    MembershipFactory(region=twente, status="pending")  # not yet a member
    MembershipFactory(region=three_regions[1])  # another region

    response = client.get(twente.get_absolute_url())
    html = response.content.decode()

    assert twente.description in html
    assert "Deze regio heeft 3 leden." in html
    assert "dinsdag 1 december 2026, 10:00–13:00" in html
    assert "dinsdag 2 februari 2027, 10:00–13:00" in html
    assert "Lid worden van Twente" in html
    assert f"{reverse('account_signup')}?next=%2Fregio%2Ftwente%2Flid-worden%2F" in html
    assert "ook tussen banenmarkten door" in html
    assert reverse("fairs:region-feed", kwargs={"slug": "twente"}) in html


def test_region_page_shows_posting_policy_fair_only(client, three_regions):
    html = client.get(three_regions[1].get_absolute_url()).content.decode()
    assert "alleen berichten plaatsen als de banenmarkt open is" in html


def test_region_page_marks_moved_and_hides_cancelled(client, three_regions):
    twente = three_regions[0]
    feb = twente.editions.get(scheduled_date=date(2027, 2, 2))
    starts_at = datetime(2027, 2, 9, 10, tzinfo=AMSTERDAM)
    services.edition_reschedule(
        edition=feb, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3)
    )
    services.edition_set_cancelled(
        edition=twente.editions.get(scheduled_date=date(2027, 4, 6)), cancelled=True
    )
    html = client.get(twente.get_absolute_url()).content.decode()
    assert "dinsdag 9 februari 2027, 10:00–13:00" in html
    assert "Verplaatst" in html
    assert "6 april 2027" not in html


def test_unknown_region_is_404_in_dutch(client, three_regions):
    response = client.get("/regio/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_calendar_groups_regions_per_fair_day(client, three_regions):
    html = client.get(reverse("fairs:calendar")).content.decode()
    assert html.count("dinsdag 1 december 2026, 10:00–13:00") == 1
    for region in three_regions:
        assert reverse("fairs:region-feed", kwargs={"slug": region.slug}) in html
    assert reverse("fairs:feed") in html


def test_region_feed_parses_with_icalendar(client, three_regions):
    twente = three_regions[0]
    cal = parse(client.get(reverse("fairs:region-feed", kwargs={"slug": "twente"})))

    events = cal.walk("VEVENT")
    assert len(events) == twente.editions.count() == 7
    first = min(events, key=lambda e: e.decoded("dtstart"))
    start, end = first.decoded("dtstart"), first.decoded("dtend")
    assert start == datetime(2026, 12, 1, 10, tzinfo=AMSTERDAM)
    assert str(start.tzinfo) == "Europe/Amsterdam"
    assert end - start == timedelta(hours=3)
    assert "Twente" in str(first["summary"])
    assert str(first["url"]).endswith("/regio/twente/")
    assert len({str(e["uid"]) for e in events}) == len(events)
    assert cal.walk("VTIMEZONE")[0]["tzid"] == "Europe/Amsterdam"
    # Summer edition: still 10:00 local.
    june = next(e for e in events if e.decoded("dtstart").month == 6)
    assert june.decoded("dtstart").hour == 10
    assert june.decoded("dtstart").utcoffset() == timedelta(hours=2)


def test_region_feed_publishes_moves_and_cancellations(client, three_regions):
    twente = three_regions[0]
    url = reverse("fairs:region-feed", kwargs={"slug": "twente"})
    edition = twente.editions.get(scheduled_date=date(2027, 2, 2))
    uid = f"edition-{edition.pk}@banenmarkt"
    before = next(e for e in parse(client.get(url)).walk("VEVENT") if e["uid"] == uid)

    starts_at = datetime(2027, 2, 9, 10, tzinfo=AMSTERDAM)
    services.edition_reschedule(
        edition=edition, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3)
    )
    services.edition_set_cancelled(
        edition=twente.editions.get(scheduled_date=date(2027, 4, 6)), cancelled=True
    )
    events = parse(client.get(url)).walk("VEVENT")
    moved = next(e for e in events if e["uid"] == uid)

    assert moved.decoded("dtstart") == starts_at
    assert moved["sequence"] >= before["sequence"]
    statuses = {e.decoded("dtstart").date(): str(e["status"]) for e in events}
    assert statuses[date(2027, 4, 6)] == "CANCELLED"
    assert statuses[date(2027, 2, 9)] == "CONFIRMED"


def test_national_feed_has_one_event_per_fair_day(client, three_regions):
    twente = three_regions[0]
    starts_at = datetime(2027, 3, 16, 10, tzinfo=AMSTERDAM)
    services.edition_add_extra(
        region=twente,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        title="Techniek",
    )
    cal = parse(client.get(reverse("fairs:feed")))

    events = cal.walk("VEVENT")
    assert len(events) == 8  # seven shared fair days and one extra
    december = next(
        e for e in events if e.decoded("dtstart").date() == date(2026, 12, 1)
    )
    description = str(december["description"])
    for region in three_regions:
        assert region.name in description
    extra = next(e for e in events if e.decoded("dtstart") == starts_at)
    assert "Twente" in str(extra["description"])
    assert "Zuid-Holland" not in str(extra["description"])


def test_unknown_region_feed_is_404(client, three_regions):
    assert client.get("/regio/onbekend/kalender.ics").status_code == 404


def test_english_through_the_language_switch(client, three_regions):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/"}, follow=True
    )
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Tuesday 1 December 2026, 10:00–13:00" in html
    assert "Next fair" in html
    assert (
        client.get(reverse("fairs:privacy")).content.decode().count("Privacy statement")
        >= 1
    )


def test_statements_are_in_dutch_by_default(client):
    assert "Privacyverklaring" in client.get(reverse("fairs:privacy")).content.decode()
    html = client.get(reverse("fairs:accessibility")).content.decode()
    assert "Toegankelijkheidsverklaring" in html
    assert "WCAG 2.1" in html


@pytest.mark.parametrize("count", [1, 40])
def test_public_pages_run_a_constant_number_of_queries(
    client, django_assert_max_num_queries, time_machine, count
):
    time_machine.move_to(NOW)
    for _ in range(count):
        region = RegionFactory()
        MembershipFactory.create_batch(2, region=region)
    services.editions_generate()
    # The first page also asks whether a fair is live (the banner; then
    # cached for everyone for 30 s).
    with django_assert_max_num_queries(4):
        client.get(reverse("fairs:home"))
    with django_assert_max_num_queries(2):
        client.get(reverse("fairs:calendar"))
    with django_assert_max_num_queries(1):
        client.get(reverse("fairs:feed"))
    with django_assert_max_num_queries(3):
        client.get(reverse("fairs:region", kwargs={"slug": region.slug}))
    with django_assert_max_num_queries(2):
        client.get(reverse("fairs:region-feed", kwargs={"slug": region.slug}))


def test_public_pages_write_nothing_for_anonymous_visitors(client, three_regions):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        for name, kwargs in PUBLIC_PAGES:
            client.get(reverse(name, kwargs=kwargs))
    writes = [
        q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert writes == []
    assert "sessionid" not in client.cookies


def test_dutch_also_for_an_english_browser(client, three_regions):
    response = client.get(
        reverse("fairs:home"), headers={"accept-language": "en-US,en"}
    )
    assert 'lang="nl"' in response.content.decode()
    assert response["Content-Language"] == "nl"

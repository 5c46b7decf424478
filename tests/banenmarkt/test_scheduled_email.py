"""Each scheduled email at its moment, with the clock moved (time-machine),
on both sides of a DST change; running a job twice sends nothing twice."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.core import mail

from banenmarkt import scheduler
from banenmarkt.models import JobRun, Notification
from fairs.models import Reaction
from fairs.schedule import AMSTERDAM
from members.models import Membership, RegionRole

from ..factories import (
    EditionFactory,
    MembershipFactory,
    RegionFactory,
    RegionRoleFactory,
)
from ..fairs.conftest import publish

pytestmark = pytest.mark.django_db

# Tuesdays right after a DST change: autumn (25 Oct 2026, clocks back) and
# spring (28 Mar 2027, clocks forward). The week-before reminder falls on the
# other side of the change than the fair.
DST_FAIRS = [date(2026, 10, 27), date(2027, 3, 30)]


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)


@pytest.fixture
def tick(time_machine, django_capture_on_commit_callbacks):
    """Move the clock to `moment`, run the beat tick, return the new emails
    as (recipient, subject) pairs."""

    def run(moment: datetime) -> list[tuple[str, str]]:
        time_machine.move_to(moment, tick=False)
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            scheduler.tick()
        return sorted((m.to[0], m.subject) for m in mail.outbox[before:])

    return run


@pytest.fixture
def people(time_machine):
    """A region with a fair on a DST Tuesday (set per test), a job seeker, an
    employer who is also in a second region with a fair the same day, a
    moderator, a staff member and a member who left."""
    time_machine.move_to(datetime(2026, 9, 1, 12, tzinfo=AMSTERDAM), tick=False)
    twente = RegionFactory(name="Twente", slug="twente")
    nijmegen = RegionFactory(name="Rijk van Nijmegen", slug="rijk-van-nijmegen")
    seeker = MembershipFactory(region=twente, display_name="Sanne").user
    employer = MembershipFactory(
        region=twente,
        kind=Membership.Kind.EMPLOYER,
        organisation="Flex",
        display_name="Flex Twente",
    ).user
    MembershipFactory(
        region=nijmegen,
        user=employer,
        kind=Membership.Kind.EMPLOYER,
        organisation="Flex",
        display_name="Flex Nijmegen",
    )
    moderator = RegionRoleFactory(region=twente).user
    staff = RegionRoleFactory(region=twente, role=RegionRole.Role.STAFF).user
    MembershipFactory(region=twente, status=Membership.Status.LEFT)
    return {
        "twente": twente,
        "nijmegen": nijmegen,
        "seeker": seeker,
        "employer": employer,
        "moderator": moderator,
        "staff": staff,
    }


def emails_of(people, *names):
    return sorted(people[name].email for name in names)


@pytest.mark.parametrize("day", DST_FAIRS, ids=["autumn", "spring"])
def test_every_job_at_its_moment_across_dst(people, tick, time_machine, day):
    edition = EditionFactory(region=people["twente"], day=day)
    EditionFactory(region=people["nijmegen"], day=day)
    everyone = emails_of(people, "seeker", "employer", "moderator", "staff")

    # A week before, 10:00 on the wall clock (the UTC offset changed since).
    week = local(day - timedelta(days=7), 10)
    assert tick(week - timedelta(minutes=1)) == []
    sent = tick(week)
    assert sorted(to for to, subject in sent if "Volgende week" in subject) == everyone
    assert [to for to, subject in sent if "privacy" in subject] == [
        people["seeker"].email
    ]
    assert len(sent) == len(everyone) + 1
    # The employer takes part in two regions that day: one email naming both.
    body = next(m.body for m in mail.outbox if m.to == [people["employer"].email])
    assert "Twente" in body and "Rijk van Nijmegen" in body
    assert tick(week + timedelta(minutes=1)) == []  # the next tick: nothing twice

    # The day before, 10:00.
    before = local(day - timedelta(days=1), 10)
    assert tick(before - timedelta(minutes=1)) == []
    assert [to for to, _subject in tick(before)] == everyone

    # At the opening (10:00): "de banenmarkt is open".
    assert tick(local(day, 9, 59)) == []
    opened = tick(local(day, 10))
    assert [to for to, _subject in opened] == everyone
    assert all("open" in subject for _to, subject in opened)

    # Just before the closing the seeker reacts to the employer's vacancy.
    assert tick(local(day, 12, 59)) == []
    vacancy = publish(people["employer"], [people["twente"]]).publications.get()
    assert vacancy.edition == edition
    Reaction.objects.create(publication=vacancy, author=people["seeker"], text="Hoi!")

    # At the closing (13:00): the region's staff get the lists (a link).
    closed = tick(local(day, 13))
    assert [to for to, _subject in closed] == [people["staff"].email]
    message = mail.outbox[-1]
    assert "/na-afloop/" in message.body and not message.attachments

    # The day after, 10:00: the survey to the job seeker who took part.
    survey = local(day + timedelta(days=1), 10)
    assert tick(survey - timedelta(minutes=1)) == []
    assert [to for to, _subject in tick(survey)] == [people["seeker"].email]

    # Two days after the reaction (12:59 on the fair day): the nudge goes at
    # the first hourly tick after that, to the employer who did not answer.
    assert tick(local(day + timedelta(days=2), 12)) == []
    nudged = tick(local(day + timedelta(days=2), 13))
    assert [to for to, _subject in nudged] == [people["employer"].email]
    assert tick(local(day + timedelta(days=2), 14)) == []  # once per edition

    # Every email: Dutch, plain text and HTML, an unsubscribe link.
    for message in mail.outbox:
        assert message.alternatives[0].mimetype == "text/html"
        assert message.extra_headers["List-Unsubscribe"].startswith("<http")
        assert message.extra_headers["List-Unsubscribe-Post"] == (
            "List-Unsubscribe=One-Click"
        )
        assert "Afmelden met één klik" in message.body


def test_a_nudge_is_not_sent_when_the_author_answered(people, tick):
    day = date(2026, 12, 1)
    EditionFactory(region=people["twente"], day=day)
    tick(local(day, 10, 30))
    vacancy = publish(people["employer"], [people["twente"]]).publications.get()
    first = Reaction.objects.create(
        publication=vacancy, author=people["seeker"], text="Ik wil graag reageren."
    )
    from fairs import services

    services.reaction_create(
        publication=vacancy, author=people["employer"], text="Bel me!", parent=first
    )
    first.refresh_from_db()
    assert first.followed_up_at is not None
    for hour in range(9, 20):
        sent = tick(local(day + timedelta(days=3), hour))
        assert not [subject for _to, subject in sent if "antwoord" in subject]
    assert not Notification.objects.filter(kind="follow_up").exists()


def test_no_nudge_at_night(people, tick):
    day = date(2026, 12, 1)
    EditionFactory(region=people["twente"], day=day)
    tick(local(day, 10, 30))
    vacancy = publish(people["employer"], [people["twente"]]).publications.get()
    Reaction.objects.create(publication=vacancy, author=people["seeker"], text="Hoi")

    def nudges(moment):
        return [to for to, subject in tick(moment) if "antwoord" in subject]

    assert nudges(local(day + timedelta(days=2), 23)) == []
    assert nudges(local(day + timedelta(days=3), 8)) == []
    assert nudges(local(day + timedelta(days=3), 9)) == [people["employer"].email]


def test_a_cancelled_edition_sends_no_reminders(people, tick):
    day = date(2026, 12, 1)
    EditionFactory(region=people["twente"], day=day, is_cancelled=True)
    assert tick(local(day - timedelta(days=7), 10)) == []
    assert tick(local(day, 10)) == []


def subjects(sent) -> list[str]:
    """The subjects without the site prefix and the fair's date."""
    return sorted({s.split("] ", 1)[-1].split(" (")[0] for _to, s in sent})


def test_a_missed_moment_is_made_up_for_while_its_words_are_true(people, tick):
    """Beat was down at 10:00 a week before: the reminder ("in one week") goes
    at the next tick up to a day late, the tips ("next week") up to two days
    before the fair, "tomorrow" until midnight."""
    day = date(2026, 12, 1)
    EditionFactory(region=people["twente"], day=day)
    sent = tick(local(day - timedelta(days=6), 9, 59))
    assert len(sent) == 5  # 4 reminders + the tips
    assert tick(local(day - timedelta(days=6), 10)) == []

    later = date(2027, 2, 2)
    EditionFactory(region=people["twente"], day=later)
    sent = tick(local(later - timedelta(days=6), 10))  # a day and a minute late
    assert subjects(sent) == [
        "Tips voor de online banenmarkt: je privacy en je profiel"
    ]
    assert tick(local(later - timedelta(days=1), 23, 59)) != []  # "Morgen"

    last = date(2027, 4, 6)
    EditionFactory(region=people["twente"], day=last)
    assert tick(local(last - timedelta(days=2), 10)) == []  # too late for both
    assert tick(local(last, 0, 0)) == []  # "tomorrow" is not true any more
    sent = tick(local(last, 10))
    assert len(sent) == 4 and all("open" in s for _to, s in sent)


def test_an_edition_moved_to_another_day_gets_its_reminders_again(people, tick):
    from fairs import services

    day = date(2026, 12, 1)
    edition = EditionFactory(region=people["twente"], day=day)
    assert len(tick(local(day - timedelta(days=7), 10))) == 5
    # The day before, the fair is moved on by a week (a holiday, say).
    tick(local(day - timedelta(days=1), 9))
    later = day + timedelta(days=7)
    services.edition_reschedule(
        edition=edition, starts_at=local(later, 10), ends_at=local(later, 13)
    )
    assert tick(local(day - timedelta(days=1), 10)) == []  # no "tomorrow"
    # On the old day nothing opens; a week before the new day the reminders
    # go again: the old day's reminder does not count for the new day.
    sent = tick(local(day, 10))
    assert subjects(sent) == [
        "Tips voor de online banenmarkt: je privacy en je profiel",
        "Volgende week: de online banenmarkt",
    ]
    assert len(sent) == 5
    assert all("8 december" in s for _to, s in sent if "Volgende week" in s)
    assert len(tick(local(later - timedelta(days=1), 10))) == 4  # "Morgen"


@pytest.mark.parametrize(
    "monday", [date(2026, 10, 26), date(2027, 3, 29)], ids=["autumn", "spring"]
)
def test_weekly_join_request_digest_for_moderators(people, tick, monday):
    MembershipFactory(region=people["twente"], status=Membership.Status.PENDING)
    other = RegionRoleFactory(region=people["nijmegen"]).user  # nothing waiting
    project_team = RegionRoleFactory(
        region=people["twente"], role=RegionRole.Role.PROJECT_TEAM
    ).user
    assert tick(local(monday, 8, 59)) == []
    sent = tick(local(monday, 9))
    assert [to for to, _s in sent] == sorted(
        [people["moderator"].email, project_team.email]
    )
    assert "1 aanmelding wacht" in sent[0][1]
    assert other.email not in [to for to, _s in sent]
    assert tick(local(monday + timedelta(days=2), 9)) == []  # once a week
    assert len(tick(local(monday + timedelta(days=7), 9))) == 2


def test_no_digest_when_nothing_waits(people, tick):
    assert tick(local(date(2026, 11, 23), 9)) == []
    assert JobRun.objects.filter(job="join_digest").get().recipients == 0


def test_running_a_job_twice_sends_nothing_twice(
    people, time_machine, django_capture_on_commit_callbacks
):
    day = date(2026, 12, 1)
    edition = EditionFactory(region=people["twente"], day=day)
    time_machine.move_to(local(day, 10), tick=False)
    key = f"edition:{edition.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduler.job_start("fair_open", key) == 4
        assert scheduler.job_start("fair_open", key) is None  # started before
    assert len(mail.outbox) == 4
    # The chunk task delivered twice (acks_late): nobody gets a second email.
    ids = [people[name].pk for name in ("seeker", "employer", "moderator", "staff")]
    assert scheduler.send_chunk("fair_open", key, ids) == 0
    assert len(mail.outbox) == 4
    assert (
        Notification.objects.filter(
            kind="fair_open", status=Notification.Status.SENT
        ).count()
        == 4
    )


def test_large_sends_go_in_chunks(
    people, time_machine, monkeypatch, django_capture_on_commit_callbacks
):
    from banenmarkt import notifications

    monkeypatch.setattr(notifications, "CHUNK_SIZE", 3)
    for _ in range(7):
        MembershipFactory(region=people["twente"])
    day = date(2026, 12, 1)
    edition = EditionFactory(region=people["twente"], day=day)
    time_machine.move_to(local(day, 10), tick=False)
    with django_capture_on_commit_callbacks() as callbacks:
        assert scheduler.job_start("fair_open", f"edition:{edition.pk}") == 11
    assert len(callbacks) == 4  # one task per chunk of 3, after the commit
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 11


def test_chunk_sizes(people):
    from banenmarkt.notifications import chunks
    from members.models import User

    for _ in range(5):
        MembershipFactory(region=people["twente"])
    ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    assert list(chunks(User.objects.all(), size=4)) == [
        ids[i : i + 4] for i in range(0, len(ids), 4)
    ]


def test_staff_lists_prepare_the_call_back_list(people, tick):
    from placements.models import CallBack

    day = date(2026, 12, 1)
    EditionFactory(region=people["twente"], day=day)
    tick(local(day, 10, 5))
    publish(people["employer"], [people["twente"]], organisation="Flex")
    publish(people["employer"], [people["twente"]], organisation=" flex ")
    publish(people["employer"], [people["twente"]], organisation="Bakkerij Jansen")
    assert not CallBack.objects.exists()
    sent = tick(local(day, 13))
    assert [to for to, _s in sent] == [people["staff"].email]
    assert sorted(CallBack.objects.values_list("key", flat=True)) == [
        "bakkerij jansen",
        "flex",
    ]
    body = mail.outbox[-1].body
    assert "3 vacatures" in body and "2 werkgevers" in body
    links = re.findall(r"https?://\S+", body)
    assert any(link.endswith("vacaturelijst.xlsx") for link in links)

"""A pitch and its CV are deleted the region's months after its author's last
fair, after a warning a week before with a link to keep it
(fairs/retention.py, docs/privacy.md)."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from banenmarkt import retention
from banenmarkt.models import AuditEntry
from banenmarkt.privacy import retention as retention_period
from fairs import services
from fairs.models import Post, Reaction
from fairs.retention import pitch_keep_token
from members.models import User
from moderation.services import publication_remove
from placements.report import edition_report

from ..factories import RegionRoleFactory
from .conftest import publish
from .documents import pdf_with_text

pytestmark = pytest.mark.django_db

KEY = "fairs.pitches_after_last_fair"


@pytest.fixture
def pitch(fair, seeker):
    post = publish(
        seeker,
        [fair[0]],
        kind=Post.Kind.PITCH,
        cv=SimpleUploadedFile("cv.pdf", pdf_with_text("Mijn cv")),
    )
    post.refresh_from_db()
    assert post.cv
    return post


def last_fair(post):
    return post.publications.get().edition


def run(time_machine, capture, now):
    """The daily job at `now`, twice: the second run does nothing more."""
    time_machine.move_to(now, tick=False)
    with capture(execute=True):
        first = retention.sweeps_run(now=now)
    with capture(execute=True):
        second = retention.sweeps_run(now=now)
    assert second[KEY] == 0, second
    return first[KEY]


def keep_link(message) -> str:
    (line,) = [w for w in message.body.split() if "/pitch-bewaren/" in w]
    return line[line.index("/pitch-bewaren/") :]


def test_a_pitch_is_warned_a_week_before_and_deleted_a_year_after_the_last_fair(
    fair, pitch, employer, time_machine, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    edition = last_fair(pitch)
    twente = fair[0]
    publication = pitch.publications.get()
    time_machine.move_to(edition.starts_at + timedelta(minutes=30), tick=False)
    services.reaction_create(
        publication=publication, author=employer, text="Kom je langs?"
    )
    storage, name = pitch.cv.storage, pitch.cv.name
    deadline = edition.ends_at + relativedelta(months=12)

    assert run(time_machine, capture, deadline - timedelta(days=8)) == 0
    assert mail.outbox == []

    assert run(time_machine, capture, deadline - timedelta(days=6)) == 1
    (warning,) = mail.outbox
    assert warning.to == [pitch.author.email]
    assert warning.subject.endswith("Wil je je pitch bewaren?")
    assert pitch.title in warning.body
    assert "/pitch-bewaren/" in warning.body

    before = edition_report(region=twente, edition=edition)
    # A day after the deadline the warning is only six days old: not yet.
    assert run(time_machine, capture, deadline + timedelta(days=0.5)) == 0
    assert Post.objects.filter(pk=pitch.pk).exists()

    assert run(time_machine, capture, deadline + timedelta(days=1.5)) == 1
    assert not Post.objects.filter(pk=pitch.pk).exists()
    assert not Reaction.objects.filter(publication_id=publication.pk).exists()
    assert not storage.exists(name)
    after = edition_report(region=twente, edition=edition)
    for figure in ("pitches", "reactions", "members", "vacancies"):
        assert after[figure] == before[figure], figure
    assert len(mail.outbox) == 1


def test_taking_part_in_a_later_fair_moves_the_clock(
    fair, pitch, employer, time_machine, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    twente = fair[0]
    first = last_fair(pitch)
    later = twente.editions.filter(starts_at__gt=first.ends_at).order_by("starts_at")[2]
    time_machine.move_to(later.starts_at + timedelta(minutes=5), tick=False)
    vacancy = publish(employer, [twente]).publications.get(region=twente)
    assert vacancy.edition == later
    services.reaction_create(
        publication=vacancy, author=pitch.author, text="Ik wil graag reageren"
    )
    # A year after the first fair: the author reacted at a later one.
    assert run(time_machine, capture, first.ends_at + relativedelta(months=12)) == 0
    assert mail.outbox == []
    soon = later.ends_at + relativedelta(months=12) - timedelta(days=3)
    assert run(time_machine, capture, soon) == 1
    assert len(mail.outbox) == 1


def test_the_link_keeps_the_pitch_for_another_period(
    client, pitch, time_machine, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    deadline = last_fair(pitch).ends_at + relativedelta(months=12)
    run(time_machine, capture, deadline - timedelta(days=6))
    url = keep_link(mail.outbox[0])

    page = client.get(url)  # a link checker opening it keeps nothing
    assert page.status_code == 200
    assert "Ja, bewaar mijn pitch" in page.text
    pitch.refresh_from_db()
    assert pitch.kept_at is None

    page = client.post(url)
    assert "we bewaren je pitch" in page.text
    pitch.refresh_from_db()
    kept_at = pitch.kept_at
    assert kept_at is not None
    # An active member (else the account's own retention takes over).
    User.objects.filter(pk=pitch.author_id).update(last_login=kept_at)

    # The old warning no longer counts: nothing goes after the deadline ...
    assert run(time_machine, capture, deadline + timedelta(days=10)) == 0
    assert Post.objects.filter(pk=pitch.pk).exists()
    # ... and a new period starts from keeping it, with a new warning.
    soon = kept_at + relativedelta(months=12) - timedelta(days=2)
    assert run(time_machine, capture, soon) == 1
    assert len(mail.outbox) == 2
    assert run(time_machine, capture, soon + timedelta(days=8)) == 1
    assert not Post.objects.filter(pk=pitch.pk).exists()


def test_a_region_sets_its_own_months(
    fair, pitch, time_machine, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    twente = fair[0]
    twente.pitch_retention_months = 6
    twente.save()
    deadline = last_fair(pitch).ends_at + relativedelta(months=6)
    assert run(time_machine, capture, deadline - timedelta(days=8)) == 0
    assert run(time_machine, capture, deadline - timedelta(days=6)) == 1
    assert run(time_machine, capture, deadline + timedelta(days=2)) == 1
    assert not Post.objects.filter(pk=pitch.pk).exists()


def test_vacancies_stay(
    fair, employer, time_machine, django_capture_on_commit_callbacks
):
    vacancy = publish(employer, [fair[0]])
    later = last_fair(vacancy).ends_at + relativedelta(months=30)
    assert run(time_machine, django_capture_on_commit_callbacks, later) == 0
    assert Post.objects.filter(pk=vacancy.pk).exists()


def test_a_keep_link_that_is_wrong_old_or_of_a_deleted_pitch(
    client, pitch, time_machine
):
    assert client.get(reverse("fairs:pitch-keep", args=["nonsense"])).status_code == 400
    url = reverse("fairs:pitch-keep", args=[pitch_keep_token(pitch)])
    time_machine.shift(timedelta(days=61))
    assert client.post(url).status_code == 400
    time_machine.shift(timedelta(days=-61))
    services.pitch_delete(post=pitch, now=pitch.created_at)
    page = client.get(url)
    assert page.status_code == 404
    assert "bestaat niet meer" in page.text


def test_a_warning_to_someone_whose_pitch_went_meanwhile_is_not_sent(
    fair, pitch, time_machine, django_capture_on_commit_callbacks
):
    deadline = last_fair(pitch).ends_at + relativedelta(months=12)
    time_machine.move_to(deadline - timedelta(days=6), tick=False)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert retention.sweeps_run()[KEY] == 1
    services.pitch_delete(post=pitch, now=deadline)
    for callback in queued:
        callback()
    assert mail.outbox == []


def test_a_removed_pitch_is_kept_as_the_record_for_the_audit_period(
    fair, pitch, time_machine, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    moderator = RegionRoleFactory(region=fair[0]).user
    publication_remove(
        publication=pitch.publications.get(),
        moderator=moderator,
        reason="other",
        note="Dubbel geplaatst",
    )
    entry = AuditEntry.objects.get(action="moderation.publication.removed")
    ends = last_fair(pitch).ends_at
    User.objects.filter(pk=pitch.author_id).update(last_login=ends)
    # No warning and no deletion a year on: the text is the record.
    assert run(time_machine, capture, ends + relativedelta(months=13)) == 0
    assert mail.outbox == []
    assert Post.objects.filter(pk=pitch.pk).exists()
    # After the audit period the pitch and the entry about it go, unwarned.
    later = ends + timedelta(days=retention_period("audit").days + 1)
    User.objects.filter(pk=pitch.author_id).update(last_login=later)
    time_machine.move_to(later, tick=False)
    with capture(execute=True):
        counts = retention.sweeps_run(now=later)
    assert counts[KEY] == 1
    assert counts["audit_log"] >= 1
    assert not Post.objects.filter(pk=pitch.pk).exists()
    assert not AuditEntry.objects.filter(pk=entry.pk).exists()
    assert [m for m in mail.outbox if pitch.author.email in m.to] == []

"""Nothing kept longer than needed: the daily sweeps (banenmarkt/retention.py)
at a set of moments, each run twice."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from banenmarkt import retention
from banenmarkt.celery import app
from banenmarkt.models import AuditEntry, Notification
from fairs import services as fair_services
from fairs.models import Post, Publication
from moderation import services as moderation_services
from placements import services as placement_services
from placements.models import CallBack, SurveyAnswer, SurveyInvitation

from ..factories import MembershipFactory, RegionRoleFactory
from ..fairs.conftest import publish
from ..fairs.documents import pdf_with_text

pytestmark = pytest.mark.django_db


def pitch_with_cv(author, region):
    post = publish(
        author,
        [region],
        kind=Post.Kind.PITCH,
        cv=SimpleUploadedFile("cv.pdf", pdf_with_text("Mijn cv")),
    )
    post.refresh_from_db()
    assert post.cv
    return post


def run_twice(time_machine, now):
    """The daily job at `now` (the clock moved there), twice."""
    time_machine.move_to(now, tick=False)
    first = retention.sweeps_run(now=now)
    second = retention.sweeps_run(now=now)
    assert all(count == 0 for count in second.values()), second
    return first


def test_every_app_registers_its_sweeps():
    assert set(retention.sweeps()) == {
        "notifications",
        "audit_log",
        "fairs.cvs_of_withdrawn_pitches",
        "fairs.pitches_after_last_fair",
        "fairs.pitch_drafts",
        "placements.call_back_notes",
        "placements.survey_links",
        "members.accounts_never_joined",
        "members.accounts_inactive",
    }


def test_the_sweep_runs_daily_on_the_beat_schedule():
    entries = {e["task"]: e for e in app.conf.beat_schedule.values()}
    schedule = entries["banenmarkt.tasks.retention_sweep"]["schedule"]
    assert (schedule.hour, schedule.minute) == ({4}, {45})


def test_a_withdrawn_pitch_loses_its_cv_file_at_once(
    fair, seeker, django_capture_on_commit_callbacks
):
    post = pitch_with_cv(seeker, fair[0])
    storage, name = post.cv.storage, post.cv.name
    with django_capture_on_commit_callbacks(execute=True):
        fair_services.post_withdraw(post=post, user=seeker)
    post.refresh_from_db()
    assert not post.cv and post.withdrawn_at
    assert not storage.exists(name)


def test_a_pitch_removed_from_every_board_loses_its_cv_in_the_sweep(
    fair, seeker, time_machine, django_capture_on_commit_callbacks
):
    twente = fair[0]
    moderator = RegionRoleFactory(region=twente).user
    removed = pitch_with_cv(seeker, twente)
    kept = pitch_with_cv(MembershipFactory(region=twente).user, twente)
    storage, name = removed.cv.storage, removed.cv.name
    moderation_services.publication_remove(
        publication=removed.publications.get(),
        moderator=moderator,
        reason="other",
        note="Dubbel",
    )
    with django_capture_on_commit_callbacks(execute=True):
        counts = run_twice(time_machine, timezone.now())
    assert counts["fairs.cvs_of_withdrawn_pitches"] == 1
    removed.refresh_from_db()
    kept.refresh_from_db()
    assert not removed.cv and not storage.exists(name)
    assert kept.cv and kept.cv.storage.exists(kept.cv.name)
    assert removed.publications.get().status == Publication.Status.REMOVED


@pytest.mark.parametrize(
    ("months_after", "cleared"), [(1, False), (23, False), (25, True), (36, True)]
)
def test_call_back_notes_go_after_24_months(fair, time_machine, months_after, cleared):
    twente = fair[0]
    edition = twente.editions.order_by("starts_at").first()
    staff = RegionRoleFactory(region=twente, role="staff").user
    placement_services.call_back_record(
        region=twente,
        edition=edition,
        organisation="Flex Uitzendbureau",
        caller=staff,
        outcome=CallBack.Outcome.REACHED,
        placements_reported=2,
        placement_names="Sanne de Vries, Ahmed B.",
        notes="Sanne begint maandag",
    )
    now = edition.ends_at + timedelta(days=30.5 * months_after)
    run_twice(time_machine, now)
    call_back = CallBack.objects.get()
    assert (call_back.notes == "" and call_back.placement_names == "") is cleared
    assert call_back.placements_reported == 2  # the figure stays
    assert call_back.outcome == CallBack.Outcome.REACHED
    entries = AuditEntry.objects.filter(action="banenmarkt.retention.swept")
    assert entries.filter(data__sweep="placements.call_back_notes").exists() is cleared


def test_survey_links_go_after_six_months_and_answers_stay(fair, time_machine):
    twente = fair[0]
    membership = MembershipFactory(region=twente)
    edition = twente.editions.order_by("starts_at").first()
    answered = SurveyInvitation.objects.create(
        edition=edition, membership=membership, token="beantwoord"
    )
    placement_services.survey_answer(
        token=answered.token,
        anonymous=False,
        had_contact=True,
        had_interview=False,
        found_job=False,
        improvement="",
        recommend=7,
    )
    SurveyInvitation.objects.create(
        edition=edition, membership=MembershipFactory(region=twente), token="open"
    )
    start = timezone.now()
    run_twice(time_machine, start + timedelta(days=150))
    assert SurveyInvitation.objects.count() == 2
    run_twice(time_machine, start + timedelta(days=190))
    assert not SurveyInvitation.objects.exists()
    answer = SurveyAnswer.objects.get()
    assert answer.invitation is None and answer.recommend == 7


def test_the_email_log_goes_after_24_months(fair, seeker, time_machine):
    Notification.objects.create(user=seeker, kind="fair_week", key="oud")
    start = timezone.now()
    run_twice(time_machine, start + timedelta(days=700))
    assert Notification.objects.filter(key="oud").exists()
    run_twice(time_machine, start + timedelta(days=740))
    assert not Notification.objects.filter(key="oud").exists()


def test_a_failing_sweep_does_not_stop_the_others(
    fair, seeker, monkeypatch, time_machine
):
    Notification.objects.create(user=seeker, kind="fair_week", key="oud")
    time_machine.shift(timedelta(days=800))

    def broken(now):
        raise RuntimeError("database says no")

    monkeypatch.setitem(retention._SWEEPS, "broken", broken)
    counts = retention.sweeps_run(now=timezone.now())
    assert counts["broken"] == -1
    assert counts["notifications"] == 1

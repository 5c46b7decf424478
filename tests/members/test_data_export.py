"""Download my data (issue 14; docs/privacy.md): a member who used every
feature gets every kind of record the registry holds about them, their CV
files and a README, in a ZIP built in the background, announced by email,
downloadable by them alone after reauthentication, and gone after 7 days."""

import io
import json
import os
import zipfile
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from banenmarkt.data_export import README, _json_default, entry_filename
from banenmarkt.models import AuditEntry, Notification
from banenmarkt.privacy import registry
from fairs import services as fair_services
from fairs.models import Post, Region
from fairs.schedule import AMSTERDAM
from members import services
from members.models import DataExport, Membership
from members.tasks import data_export_ready_notify, data_exports_delete_expired
from moderation import services as moderation_services
from placements import services as placement_services
from placements.models import SurveyInvitation

from ..auth import sign_in_fresh
from ..factories import (
    TOTP_SECRET,
    MembershipFactory,
    RegionFactory,
    RegionRoleFactory,
    UserFactory,
    second_factor_add,
)
from ..fairs.conftest import pitch_fields, vacancy_fields
from ..fairs.documents import pdf_with_text

BETWEEN_FAIRS = datetime(2026, 11, 21, 12, tzinfo=AMSTERDAM)
CV_BYTES = pdf_with_text("Sanne de Vries, verkoopster")
NAME = "Sanne de Vries"
PROFILE = {
    "display_name": NAME,
    "kind": Membership.Kind.JOB_SEEKER,
    "organisation": "",
    "town": "Hengelo",
    "linkedin_url": "",
    "introduction": "Ik zoek werk in de verkoop.",
}
# The registry's models this member has rows of: the factory below is meant
# to exercise them all (a new feature with personal data joins here).
EXERCISED = {
    "account.EmailAddress",
    "mfa.Authenticator",
    "members.User",
    "members.Membership",
    "members.DataExport",
    "fairs.Post",
    "fairs.Publication",
    "fairs.Reaction",
    "fairs.CvView",
    "moderation.Report",
    "moderation.Review",
    "moderation.Removal",
    "moderation.Clarification",
    "moderation.StaffNote",
    "banenmarkt.AuditEntry",
    "banenmarkt.Notification",
    "banenmarkt.EmailOptOut",
    "banenmarkt.BsnFlag",
    "placements.Placement",
    "placements.SurveyInvitation",
    "placements.SurveyAnswer",
}


@pytest.fixture
def everything(db, time_machine):
    """A job seeker who used every feature, in two regions."""
    time_machine.move_to(BETWEEN_FAIRS, tick=False)
    twente = RegionFactory(
        name="Twente", slug="twente", booking_mode=Region.BookingMode.PER_PLACEMENT
    )
    nijmegen = RegionFactory(name="Rijk van Nijmegen", slug="rijk-van-nijmegen")
    fair_services.editions_generate()
    user = UserFactory(name=NAME, email="sanne@example.nl")
    second_factor_add(user)
    moderator = RegionRoleFactory(region=twente, role="project_team").user
    nijmegen_moderator = RegionRoleFactory(region=nijmegen, role="moderator").user
    staff = RegionRoleFactory(region=twente, role="staff").user
    employer = MembershipFactory(region=twente, display_name="Flex").user
    other = MembershipFactory(region=twente, display_name="Piet Recruiter").user

    # Two regions: one with a question from the moderator and an answer.
    twente_membership, nijmegen_membership = sorted(
        services.membership_request(user=user, regions=[twente, nijmegen], **PROFILE),
        key=lambda m: m.region.name != "Twente",
    )
    services.membership_approve(membership=twente_membership, moderator=moderator)
    services.membership_ask_question(
        membership=nijmegen_membership,
        moderator=nijmegen_moderator,
        question="Wat voor werk zoek je?",
    )
    services.membership_request_update(
        membership=nijmegen_membership, user=user, answer="Verkoop", **PROFILE
    )
    services.membership_approve(
        membership=nijmegen_membership, moderator=nijmegen_moderator
    )

    # A vacancy in both regions (liked, removed, clarified) and a pitch with a CV.
    vacancy = fair_services.post_create(
        author=user,
        kind=Post.Kind.VACANCY,
        regions=[twente, nijmegen],
        fields=vacancy_fields(title="Verkoper gezocht"),
    )
    in_twente = vacancy.publications.get(region=twente)
    moderation_services.publication_like(publication=in_twente, moderator=moderator)
    moderation_services.clarification_add(
        publication=in_twente, author=moderator, question="Hoeveel uur?", answer="32"
    )
    moderation_services.publication_remove(
        publication=vacancy.publications.get(region=nijmegen),
        moderator=nijmegen_moderator,
        reason="inappropriate",
    )
    pitch = fair_services.post_create(
        author=user,
        kind=Post.Kind.PITCH,
        regions=[twente],
        fields={**pitch_fields(), "cv": SimpleUploadedFile("cv.pdf", CV_BYTES)},
    )
    pitch_in_twente = pitch.publications.get()

    # Reactions given and received; CVs viewed both ways; a report.
    theirs = fair_services.post_create(
        author=employer,
        kind=Post.Kind.VACANCY,
        regions=[twente],
        fields=vacancy_fields(title="Kassamedewerker"),
    ).publications.get()
    other_pitch = fair_services.post_create(
        author=other,
        kind=Post.Kind.PITCH,
        regions=[twente],
        fields={
            **pitch_fields(title="Recruiter"),
            "cv": SimpleUploadedFile("cv.pdf", pdf_with_text("Piet")),
        },
    )
    fair_services.reaction_create(
        publication=theirs,
        author=user,
        text="Bel me op 111222333",
        bsn_flagged=["text"],
    )
    fair_services.reaction_create(
        publication=pitch_in_twente, author=other, text="Leuke pitch!"
    )
    fair_services.cv_view_record(post=pitch, region=twente, viewer=other)
    fair_services.cv_view_record(post=other_pitch, region=twente, viewer=user)
    moderation_services.report_create(
        publication=theirs, reporter=user, reason="Lijkt op reclame"
    )
    moderation_services.staff_note_add(
        region=twente,
        author=moderator,
        text="Belde over haar cv",
        membership=twente_membership,
    )

    # Email: a notification sent, a kind switched off.
    Notification.objects.create(user=user, kind="fair_week", key="2026-12-01")
    services.email_unsubscribe(user=user, kind="fair_day")

    # After the fair: a survey answered with her name, a placement linked to
    # her account, one by name only, and a call-back note naming her.
    edition = twente.editions.order_by("starts_at").first()
    invitation = SurveyInvitation.objects.create(
        edition=edition, membership=twente_membership, token="survey-sanne"
    )
    placement_services.survey_answer(
        token=invitation.token,
        anonymous=False,
        had_contact=True,
        had_interview=True,
        found_job=True,
        improvement="Meer vacatures in de zorg",
        recommend=8,
    )
    placement = {
        "employer": "Flex Uitzendbureau",
        "start_date": date(2026, 12, 14),
        "recorded_by_organisation": "uwv",
        "source": "call_back",
        "booking_reference": "V-1",
    }
    placement_services.placement_record(
        region=twente, edition=edition, recorded_by=staff, job_seeker=user, **placement
    )
    placement_services.placement_record(
        region=twente,
        edition=edition,
        recorded_by=staff,
        job_seeker_name="sanne de vries",
        **placement,
    )
    placement_services.placement_record(  # a namesake by first name only: not her
        region=twente,
        edition=edition,
        recorded_by=staff,
        job_seeker_name="Sannes Bakkerij",
        **placement,
    )
    placement_services.call_back_record(
        region=twente,
        edition=edition,
        organisation="Flex Uitzendbureau",
        caller=staff,
        outcome="reached",
        placements_reported=1,
        placement_names="Sanne de Vries",
        notes="Sanne de Vries begint maandag.",
    )
    placement_services.call_back_record(
        region=twente,
        edition=edition,
        organisation="Bakkerij Jansen",
        caller=staff,
        outcome="reached",
        notes="Geen plaatsingen.",
    )
    return {"user": user, "pitch": pitch, "other": other, "twente": twente}


def build(user, django_capture_on_commit_callbacks) -> DataExport:
    with django_capture_on_commit_callbacks(execute=True):
        services.data_export_request(user=user, now=timezone.now())
    return DataExport.objects.get(user=user)


def read_zip(export: DataExport) -> zipfile.ZipFile:
    with export.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def as_json(rows) -> list:
    return json.loads(json.dumps(rows, default=_json_default))


def test_the_download_holds_every_kind_of_record(
    everything, django_capture_on_commit_callbacks
):
    user = everything["user"]
    export = build(user, django_capture_on_commit_callbacks)
    assert export.ready_at is not None
    archive = read_zip(export)
    names = set(archive.namelist())

    with_rows = set()
    for entry in registry():
        rows = list(entry.rows_of(user).order_by("pk").values(*entry.fields))
        if not rows:
            continue
        with_rows.add(entry.model)
        name = entry_filename(entry)
        assert name in names, entry.model
        written = json.loads(archive.read(name))
        if entry.model == "members.DataExport":
            # Read while it was being built; ready since.
            assert written[0]["ready_at"] is None
        else:
            assert written == as_json(rows), entry.model
    assert with_rows >= EXERCISED, EXERCISED - with_rows

    # The CV, byte for byte.
    cvs = [n for n in names if n.startswith("files/")]
    assert len(cvs) == 1
    assert archive.read(cvs[0]) == CV_BYTES

    # What the registry cannot find by owner.
    def section(name):
        [path] = [n for n in names if n.endswith(f"/{name}.json")]
        return json.loads(archive.read(path))

    [view] = section("cv-views-of-your-cv")
    assert view["viewed_by"] == "Piet Recruiter"
    assert view["post"] == everything["pitch"].title
    [received] = section("reactions-to-your-posts")
    assert received["from"] == "Piet Recruiter"
    assert received["text"] == "Leuke pitch!"
    [call_back] = section("call-back-notes-naming-you")
    assert call_back["notes"] == "Sanne de Vries begint maandag."
    [by_name] = section("placements-naming-you")
    assert by_name["job_seeker_name"] == "sanne de vries"
    about = section("audit-about-you")
    actions = {row["action"] for row in about}
    assert {
        "members.membership.approved",
        "members.membership.question_asked",
        "moderation.publication.liked",
        "moderation.publication.removed",
    } <= actions
    assert all("actor" not in row for row in about)
    assert AuditEntry.objects.filter(actor=user).exists()  # those are in the log file

    # A README in plain words, naming every file.
    readme = archive.read(README).decode("utf-8")
    for name in names - {README}:
        if not name.startswith("files/"):
            assert name in readme, name
    assert cvs[0] in readme

    # Never a secret.
    everything_written = b"".join(archive.read(n) for n in names if n not in cvs)
    assert user.password.encode() not in everything_written
    assert TOTP_SECRET.encode() not in everything_written
    assert b"pbkdf2" not in everything_written and b"md5$" not in everything_written


def test_ready_email_links_to_the_page_and_the_file_is_private(
    everything, django_capture_on_commit_callbacks
):
    user = everything["user"]
    export = build(user, django_capture_on_commit_callbacks)
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    assert reverse("members:data-export") in message.body
    assert not message.attachments
    assert export.expires_at == export.ready_at + timedelta(days=7)
    path = storages["private"].path(export.file.name)
    assert os.stat(path).st_mode & 0o777 == 0o600
    # A redelivered task builds and sends nothing again.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.data_export_build(export_id=export.pk, now=timezone.now()) is (
            False
        )
    data_export_ready_notify(export.pk)
    assert mail.outbox == []


def test_a_second_click_makes_no_second_download(
    client, user, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(BETWEEN_FAIRS, tick=False)
    client.force_login(user)
    url = reverse("members:data-export")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(url).status_code == 302
        assert client.post(url).status_code == 302
    assert DataExport.objects.filter(user=user).count() == 1
    assert len(callbacks) == 1  # one build queued
    # Ready, and asked again the same day: refused with the reason.
    for callback in callbacks:
        callback()
    assert client.post(url).status_code == 302
    assert DataExport.objects.filter(user=user).count() == 1
    # The next day a new one replaces the old one and its file.
    old = DataExport.objects.get(user=user)
    assert storages["private"].exists(old.file.name)
    time_machine.shift(timedelta(days=1, minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    new = DataExport.objects.get(user=user)
    assert new.pk != old.pk and new.is_ready
    assert not storages["private"].exists(old.file.name)


def test_the_page_shows_the_state(client, user, time_machine):
    time_machine.move_to(BETWEEN_FAIRS, tick=False)
    client.force_login(user)
    url = reverse("members:data-export")
    ask = f'method="post" action="{url}"'
    assert ask in client.get(url).content.decode()
    # Being built: no button to ask again.
    export = DataExport.objects.create(user=user, requested_at=timezone.now())
    assert ask not in client.get(url).content.decode()
    export.ready_at = timezone.now()
    export.expires_at = export.ready_at + timedelta(days=7)
    export.save()
    download = reverse("members:data-export-download", kwargs={"pk": export.pk})
    assert download in client.get(url).content.decode()
    # The dashboard and the account pages lead here.
    assert url in client.get(reverse("members:dashboard")).content.decode()
    assert url in client.get(reverse("account_email")).content.decode()


def test_the_page_runs_a_fixed_number_of_queries(
    client, user, django_assert_max_num_queries
):
    sign_in_fresh(client, user)
    DataExport.objects.create(
        user=user,
        requested_at=timezone.now(),
        ready_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=7),
    )
    with django_assert_max_num_queries(8):
        assert client.get(reverse("members:data-export")).status_code == 200


def test_download_asks_for_the_password_again_and_is_the_owners_only(
    client, everything, django_capture_on_commit_callbacks
):
    user = everything["user"]
    export = build(user, django_capture_on_commit_callbacks)
    url = reverse("members:data-export-download", kwargs={"pk": export.pk})
    client.force_login(user)  # signed in, but not just now
    assert client.get(url).url.startswith(reverse("account_reauthenticate"))
    sign_in_fresh(client, everything["other"])
    assert client.get(url).status_code == 404
    sign_in_fresh(client, user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "application/zip"
    body = b"".join(response.streaming_content)
    assert README in zipfile.ZipFile(io.BytesIO(body)).namelist()
    export.refresh_from_db()
    assert export.downloaded_at is not None


def test_after_seven_days_file_and_row_are_gone(
    everything, django_capture_on_commit_callbacks, time_machine, client
):
    user = everything["user"]
    export = build(user, django_capture_on_commit_callbacks)
    name = export.file.name
    assert storages["private"].exists(name)
    time_machine.shift(timedelta(days=6, hours=23))
    data_exports_delete_expired()
    assert DataExport.objects.filter(pk=export.pk).exists()
    time_machine.shift(timedelta(hours=1, minutes=1))
    sign_in_fresh(client, user)
    url = reverse("members:data-export-download", kwargs={"pk": export.pk})
    assert client.get(url).status_code == 404  # expired, before the cleanup ran
    data_exports_delete_expired()
    data_exports_delete_expired()  # idempotent
    assert not DataExport.objects.filter(pk=export.pk).exists()
    assert not storages["private"].exists(name)


def test_a_build_that_failed_for_good_is_cleared(user, time_machine):
    time_machine.move_to(BETWEEN_FAIRS, tick=False)
    DataExport.objects.create(user=user, requested_at=timezone.now())
    time_machine.shift(timedelta(days=1, minutes=1))
    assert services.data_exports_delete_expired(now=timezone.now()) == 1
    services.data_export_request(user=user, now=timezone.now())

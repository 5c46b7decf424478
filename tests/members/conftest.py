from datetime import date, datetime

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core.files.uploadedfile import SimpleUploadedFile

from banenmarkt.models import Notification
from fairs import services as fair_services
from fairs.models import Edition, Post
from fairs.schedule import AMSTERDAM
from members import services
from members.models import Membership
from moderation import services as moderation_services
from placements import services as placement_services
from placements.models import CallBack, Placement, SurveyInvitation

from ..factories import (
    MembershipFactory,
    RegionFactory,
    RegionRoleFactory,
    UserFactory,
    second_factor_add,
)
from ..fairs.conftest import FAIR_LIVE, pitch_fields, vacancy_fields
from ..fairs.documents import pdf_with_text

# A week after the fair of 1 December 2026: that edition is closed.
AFTER_FAIR = datetime(2026, 12, 9, 12, tzinfo=AMSTERDAM)
# Everything that could name the person: the test scans every table for it.
EMAIL = "ilse.vermeulenhof@example.nl"
NAME = "Ilse Vermeulenhof"
DISPLAY_NAMES = ("IlseWerkt", "Ilse V. uit Hengelo")
NEEDLES = (EMAIL, NAME, *DISPLAY_NAMES, "ilse.vermeulenhof")


@pytest.fixture
def everything(db, time_machine, settings):
    """A member who used every feature, in two regions, at the fair of
    1 December 2026 (closed by AFTER_FAIR, where the clock stands)."""
    settings.CV_OCR_TESSERACT = "/nonexistent/tesseract"
    time_machine.move_to(FAIR_LIVE, tick=False)
    twente = RegionFactory(name="Twente", slug="twente")
    nijmegen = RegionFactory(name="Rijk van Nijmegen", slug="rijk-van-nijmegen")
    fair_services.editions_generate()
    moderator = RegionRoleFactory(region=twente, role="project_team").user
    staff = RegionRoleFactory(region=twente, role="staff").user
    employer = MembershipFactory(
        region=twente,
        kind=Membership.Kind.STAFFING_AGENCY,
        organisation="Flex Uitzendbureau",
        display_name="Flex",
        decided_at=FAIR_LIVE,
    )
    MembershipFactory(
        region=nijmegen, user=employer.user, display_name="Flex", decided_at=FAIR_LIVE
    )

    person = UserFactory(email=EMAIL, name=NAME)
    second_factor_add(person)
    SocialAccount.objects.create(
        user=person, provider="openid_connect", uid="li-123", extra_data={"name": NAME}
    )
    requested = services.membership_request(
        user=person,
        regions=[twente],
        display_name=DISPLAY_NAMES[0],
        kind=Membership.Kind.JOB_SEEKER,
        town="Hengelo",
        introduction=f"Ik ben {NAME} en zoek werk.",
    )
    services.membership_approve(membership=requested[0], moderator=moderator)
    MembershipFactory(
        region=nijmegen,
        user=person,
        display_name=DISPLAY_NAMES[1],
        decided_at=FAIR_LIVE,
    )
    # A role: a moderator of Nijmegen (their own deletion takes it along).
    services.role_give(region=nijmegen, email=EMAIL, role="moderator", by=moderator)

    pitch = fair_services.post_create(
        author=person,
        kind=Post.Kind.PITCH,
        regions=[twente, nijmegen],
        fields={
            **pitch_fields(title=f"{NAME} zoekt werk in de verkoop"),
            "cv": SimpleUploadedFile("cv.pdf", pdf_with_text(f"CV van {NAME}")),
        },
    )
    vacancy = fair_services.post_create(
        author=person,
        kind=Post.Kind.VACANCY,
        regions=[twente],
        fields=vacancy_fields(
            title="Hulp in de winkel",
            organisation="Winkel Vermeulenhof",
            contact_person=NAME,
            contact_email=EMAIL,
        ),
    )
    pitch_here = pitch.publications.get(region=twente)
    moderation_services.publication_like(publication=pitch_here, moderator=moderator)
    moderation_services.publication_remove(
        publication=vacancy.publications.get(),
        moderator=moderator,
        reason="other",
        note=f"Dubbel geplaatst door {NAME}",
    )
    other_vacancy = fair_services.post_create(
        author=employer.user,
        kind=Post.Kind.VACANCY,
        regions=[twente, nijmegen],
        fields=vacancy_fields(),
    )
    theirs = other_vacancy.publications.get(region=twente)
    # Reactions given, received and followed up.
    given = fair_services.reaction_create(
        publication=theirs, author=person, text=f"Groet, {NAME}"
    )
    fair_services.reaction_create(
        publication=theirs, author=employer.user, text="Bel ons!", parent=given
    )
    received = fair_services.reaction_create(
        publication=pitch_here, author=employer.user, text=f"Dag {DISPLAY_NAMES[0]}"
    )
    fair_services.reaction_create(
        publication=pitch_here, author=person, text="Graag!", parent=received
    )
    # As a moderator of Nijmegen: a review of someone else's post.
    moderation_services.publication_like(
        publication=other_vacancy.publications.get(region=nijmegen),
        moderator=person,
    )
    fair_services.cv_view_record(post=pitch, region=twente, viewer=employer.user)
    moderation_services.report_create(
        publication=theirs, reporter=person, reason=f"Gemeld door {NAME}"
    )
    moderation_services.staff_note_add(
        region=twente, author=moderator, text="Belt graag.", membership=requested[0]
    )
    moderation_services.staff_note_add(
        region=twente,
        author=moderator,
        text=f"Werkgever kent {NAME} al.",
        publication=theirs,
    )
    Notification.objects.create(user=person, kind="reaction", key="1")
    services.email_unsubscribe(user=person, kind="fair_week")

    time_machine.move_to(AFTER_FAIR, tick=False)
    edition = Edition.objects.get(pk=pitch_here.edition_id)
    edition.umbrella_vacancy_number = "U-2026-12"
    edition.save()
    invitation = SurveyInvitation.objects.create(
        edition=edition, membership=requested[0], token="survey-ilse"
    )
    placement_services.survey_answer(
        token=invitation.token,
        anonymous=False,
        had_contact=True,
        had_interview=True,
        found_job=True,
        improvement=f"Groeten van {NAME}",
        recommend=9,
    )
    placed = placement_services.placement_record(
        region=twente,
        edition=edition,
        recorded_by=staff,
        job_seeker=person,
        employer="Flex Uitzendbureau",
        start_date=date(2026, 12, 14),
        recorded_by_organisation=Placement.RecordedBy.UWV,
        source=Placement.Source.CALL_BACK,
        booking_reference="U-2026-12",
    )
    placement_services.placement_record(
        region=twente,
        edition=edition,
        recorded_by=staff,
        job_seeker_name=NAME,
        employer="Bakkerij",
        start_date=date(2026, 12, 15),
        recorded_by_organisation=Placement.RecordedBy.GEMEENTE,
        source=Placement.Source.STAFF,
        booking_reference="U-2026-12",
    )
    call_back = placement_services.call_back_record(
        region=twente,
        edition=edition,
        organisation="Flex Uitzendbureau",
        caller=staff,
        outcome=CallBack.Outcome.REACHED,
        placements_reported=1,
        placement_names=f"{NAME}, en nog iemand",
        notes=f"{NAME.upper()} begint op 14 december.",
    )
    return {
        "person": person,
        "twente": twente,
        "nijmegen": nijmegen,
        "edition": edition,
        "moderator": moderator,
        "staff": staff,
        "employer": employer.user,
        "pitch": pitch,
        "placement": placed,
        "call_back": call_back,
        "cv_name": pitch.cv.name,
    }

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from banenmarkt.models import AuditEntry
from members import services
from members.models import Membership, RegionRole

from ..factories import MembershipFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=False)

PROFILE = {
    "display_name": "Sanne de Vries",
    "kind": Membership.Kind.JOB_SEEKER,
    "organisation": "",
    "town": "Hengelo",
    "linkedin_url": "",
    "introduction": "Ik zoek werk in de logistiek.",
}


def actions(target=None):
    entries = AuditEntry.objects.order_by("pk")
    if target is not None:
        entries = entries.filter(target_type="members.membership", target_id=target.pk)
    return list(entries.values_list("action", flat=True))


@pytest.fixture
def moderator():
    return UserFactory(name="Anna Beheerder")


@pytest.fixture
def pending(region):
    return MembershipFactory(
        region=region, status=Membership.Status.PENDING, display_name="Piet"
    )


def test_request_several_regions_at_once(user):
    twente, nijmegen = RegionFactory(slug="twente"), RegionFactory(slug="nijmegen")
    created = services.membership_request(
        user=user, regions=[twente, nijmegen], **PROFILE
    )

    assert {m.region for m in created} == {twente, nijmegen}
    assert all(m.status == Membership.Status.PENDING for m in created)
    assert actions() == ["members.membership.requested"] * 2


def test_one_open_request_per_person_per_region(user, region):
    services.membership_request(user=user, regions=[region], **PROFILE)
    assert services.membership_request(user=user, regions=[region], **PROFILE) == []
    assert Membership.objects.filter(user=user, region=region).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, region=region, **PROFILE)


def test_organisation_required_except_for_job_seekers(user, region):
    with pytest.raises(ValidationError) as excinfo:
        services.membership_request(
            user=user, regions=[region], **{**PROFILE, "kind": Membership.Kind.EMPLOYER}
        )
    assert "organisation" in excinfo.value.message_dict
    services.membership_request(
        user=user,
        regions=[region],
        **{**PROFILE, "kind": Membership.Kind.EMPLOYER, "organisation": "Bakkerij"},
    )


def test_approve_makes_a_member_and_emails_in_dutch(
    pending, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_approve(membership=pending, moderator=moderator)

    pending.refresh_from_db()
    assert pending.status == Membership.Status.ACTIVE
    assert pending.decided_by == moderator
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [pending.user.email]
    assert (
        message.subject
        == f"[Online Banenmarkt] Je bent nu lid van de online banenmarkt {pending.region.name}"
    )
    assert "Hallo Piet," in message.body
    assert f"/regio/{pending.region.slug}/prikbord/" in message.body
    assert message.alternatives[0].mimetype == "text/html"
    assert actions(pending) == ["members.membership.approved"]


def test_approve_twice_is_refused(pending, moderator):
    services.membership_approve(membership=pending, moderator=moderator)
    with pytest.raises(services.MembershipStateError):
        services.membership_approve(membership=pending, moderator=UserFactory())
    assert actions(pending) == ["members.membership.approved"]


def test_bulk_approve_a_hundred(region, moderator, django_capture_on_commit_callbacks):
    requests = MembershipFactory.create_batch(
        100, region=region, status=Membership.Status.PENDING
    )
    handled = requests[0]
    services.membership_decline(membership=handled, moderator=moderator, reason="spam")
    other_region = MembershipFactory(status=Membership.Status.PENDING)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        count = services.membership_approve_many(
            region=region,
            moderator=moderator,
            ids=[m.pk for m in requests] + [other_region.pk],
        )

    assert count == 99
    assert Membership.objects.filter(region=region, status="active").count() == 99
    assert Membership.objects.get(pk=handled.pk).status == Membership.Status.DECLINED
    assert (
        Membership.objects.get(pk=other_region.pk).status == Membership.Status.PENDING
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        m.user.email for m in requests[1:]
    )
    assert AuditEntry.objects.filter(action="members.membership.approved").count() == 99


def test_question_answer_approve_loop(
    pending, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_ask_question(
            membership=pending, moderator=moderator, question="Waarom deze naam?"
        )
    pending.refresh_from_db()
    assert pending.status == Membership.Status.QUESTION
    message = mail.outbox[-1]
    assert message.to == [pending.user.email]
    assert "Een vraag over je aanmelding" in message.subject
    assert "Waarom deze naam?" in message.body
    assert f"/mijn-banenmarkt/aanmelding/{pending.pk}/" in message.body

    services.membership_request_update(
        membership=pending,
        user=pending.user,
        answer="Ik had slechte ervaringen.",
        display_name="Werkzoekende Hengelo",
    )
    pending.refresh_from_db()
    assert pending.status == Membership.Status.PENDING
    assert pending.display_name == "Werkzoekende Hengelo"
    assert pending.answer == "Ik had slechte ervaringen."

    services.membership_approve(membership=pending, moderator=moderator)
    assert actions(pending) == [
        "members.membership.question_asked",
        "members.membership.answered",
        "members.membership.approved",
    ]


def test_only_the_person_updates_their_request(pending):
    with pytest.raises(PermissionError):
        services.membership_request_update(
            membership=pending, user=UserFactory(), answer="x"
        )


def test_decline_needs_a_reason_and_tells_it(
    pending, moderator, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        services.membership_decline(membership=pending, moderator=moderator, reason="")
    with pytest.raises(ValidationError):
        services.membership_decline(
            membership=pending, moderator=moderator, reason="other"
        )

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_decline(
            membership=pending,
            moderator=moderator,
            reason="fake_account",
            note="Geen echt profiel.",
        )
    pending.refresh_from_db()
    assert pending.status == Membership.Status.DECLINED
    message = mail.outbox[-1]
    assert message.to == [pending.user.email]
    assert "niet goedgekeurd" in message.subject
    assert "Nepaccount" in message.body
    assert "Geen echt profiel." in message.body
    assert actions(pending) == ["members.membership.declined"]


def test_leave_is_recorded_and_allows_a_new_request(region):
    membership = MembershipFactory(region=region)
    services.membership_leave(membership=membership, user=membership.user)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LEFT
    assert membership.ended_at is not None
    assert actions(membership) == ["members.membership.left"]

    again = services.membership_request(
        user=membership.user, regions=[region], **PROFILE
    )
    assert len(again) == 1


def test_end_membership_needs_a_reason_and_emails(
    region, moderator, django_capture_on_commit_callbacks
):
    membership = MembershipFactory(region=region)
    with pytest.raises(ValidationError):
        services.membership_end(membership=membership, moderator=moderator, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_end(
            membership=membership,
            moderator=moderator,
            reason="Plaatste steeds reclame.",
        )
    membership.refresh_from_db()
    assert (membership.status, membership.ended_by) == (
        Membership.Status.ENDED,
        moderator,
    )
    assert mail.outbox[-1].to == [membership.user.email]
    assert "Plaatste steeds reclame." in mail.outbox[-1].body
    assert (
        AuditEntry.objects.get(action="members.membership.ended").reason
        == "Plaatste steeds reclame."
    )


def test_roles_appointed_once_and_removed_with_audit(region, admin_user, user):
    first = services.role_appoint(
        region=region, user=user, role="moderator", by=admin_user
    )
    again = services.role_appoint(
        region=region, user=user, role="moderator", by=admin_user
    )
    assert first.pk == again.pk
    services.role_remove(region_role=first, by=admin_user)
    assert not RegionRole.objects.exists()
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "members.role.appointed",
        "members.role.removed",
    ]


def test_audit_entries_cannot_be_changed_or_deleted(pending, moderator):
    services.membership_approve(membership=pending, moderator=moderator)
    entry = AuditEntry.objects.get()
    entry.reason = "anders"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.get().reason == ""

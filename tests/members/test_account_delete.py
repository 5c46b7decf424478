"""Deleting an account (issue 14, docs/privacy.md): the registry of personal
data drives it; afterwards no table and no private file holds anything of
the person, what stays for the public bodies' records keeps no name, and the
report of a past fair shows the same figures."""

import os
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from banenmarkt.models import AuditEntry
from banenmarkt.privacy import ERASED_NAME
from members import services
from members.models import Membership, User
from moderation.models import Removal, Review, StaffNote
from placements.models import CallBack, EditionFigures, Placement, SurveyAnswer
from placements.report import edition_report, trend

from ..auth import sign_in_fresh
from ..factories import AdminFactory, MembershipFactory, RegionRoleFactory
from .conftest import NEEDLES

TEXT = (models.CharField, models.TextField, models.JSONField)


def rows_naming_the_person() -> list[str]:
    """Every table (every model Django knows, ours and the libraries'), every
    text, char and JSON column, searched for each of NEEDLES."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT):
                continue
            for needle in NEEDLES:
                lookup = {f"{field.attname}__icontains": needle}
                for pk in model._default_manager.filter(**lookup).values_list(
                    "pk", flat=True
                ):
                    found.append(f"{model._meta.label}#{pk}.{field.name}: {needle}")
    return found


def private_files() -> set[str]:
    root = Path(storages["private"].location)
    return {
        str(Path(folder, name).relative_to(root))
        for folder, _dirs, files in os.walk(root)
        for name in files
    }


def test_the_scan_finds_the_person_before(everything):
    """The scan is real: before deletion it finds the person in many tables."""
    found = {row.split("#")[0] for row in rows_naming_the_person()}
    assert {
        "members.User",
        "members.Membership",
        "fairs.Post",
        "fairs.Reaction",
        "banenmarkt.AuditEntry",
        "placements.CallBack",
        "moderation.StaffNote",
        "account.EmailAddress",
        "socialaccount.SocialAccount",
    } <= found
    assert everything["cv_name"] in private_files()


def test_after_deletion_no_row_and_no_file_holds_the_person(
    everything, client, django_capture_on_commit_callbacks
):
    person = everything["person"]
    # A download of their data, built: its ZIP in private storage goes too.
    export = services.data_export_request(user=person, now=timezone.now())
    services.data_export_build(export_id=export.pk, now=timezone.now())
    export.refresh_from_db()
    assert export.file.name in private_files()
    client.force_login(person)
    assert Session.objects.count() >= 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.account_delete(user=person, by=person) is True

    assert rows_naming_the_person() == []
    assert everything["cv_name"] not in private_files()
    assert export.file.name not in private_files()
    assert not User.objects.filter(pk=person.pk).exists()
    store = Session.get_session_store_class()
    assert [
        s
        for s in Session.objects.all()
        if store().decode(s.session_data).get(SESSION_KEY) == str(person.pk)
    ] == []
    # The old session is no longer signed in.
    assert client.get(reverse("members:dashboard")).status_code == 302


def test_what_stays_keeps_no_name(everything, django_capture_on_commit_callbacks):
    person = everything["person"]
    entries_by = list(
        AuditEntry.objects.filter(actor=person).values_list("pk", flat=True)
    )
    assert entries_by
    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete(user=person, by=person)

    for entry in AuditEntry.objects.filter(pk__in=entries_by):
        assert entry.actor_id is None
        assert entry.actor_erased
        assert entry.actor_label == gettext("deleted member")
    placement = Placement.objects.get(pk=everything["placement"].pk)
    assert (placement.job_seeker_id, placement.job_seeker_name) == (None, "")
    assert placement.anonymous
    named = Placement.objects.get(employer="Bakkerij")
    assert named.job_seeker_name == ERASED_NAME
    call_back = CallBack.objects.get(pk=everything["call_back"].pk)
    assert call_back.placement_names == f"{ERASED_NAME}, en nog iemand"
    assert call_back.notes == f"{ERASED_NAME} begint op 14 december."
    answer = SurveyAnswer.objects.get()
    assert answer.invitation_id is None
    assert answer.improvement == f"Groeten van {ERASED_NAME}"
    # The review the person did as a moderator stays, without them.
    assert Review.objects.filter(reviewed_by__isnull=True).count() == 1
    assert StaffNote.objects.filter(text__contains=ERASED_NAME).count() == 1
    deleted = AuditEntry.objects.get(action="members.account.deleted")
    assert (deleted.actor_id, deleted.region_id, deleted.reason) == (None, None, "")
    assert deleted.target_label == ERASED_NAME


def test_past_report_figures_are_the_same(
    everything, django_capture_on_commit_callbacks
):
    region, edition = everything["twente"], everything["edition"]
    before = edition_report(region=region, edition=edition)
    trend_before = trend(region=region, until=edition)
    assert before["members"] >= 2
    assert before["pitches"] == 1
    assert before["reactions"] == 2
    assert before["placements"] == 2
    assert before["removals"].rows

    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete(user=everything["person"], by=everything["person"])

    after = edition_report(region=region, edition=edition)
    assert after.pop("frozen_at") is not None
    before.pop("frozen_at")
    assert after == before
    assert trend(region=region, until=edition) == trend_before
    nijmegen = everything["nijmegen"]
    assert EditionFigures.objects.filter(edition__region=nijmegen).exists()


def test_deleting_twice_does_nothing(everything):
    person = everything["person"]
    assert services.account_delete(user=person, by=person) is True
    assert services.account_delete(user=person, by=person) is False
    assert AuditEntry.objects.filter(action="members.account.deleted").count() == 1


def test_without_the_service_the_database_refuses(everything):
    """A plain delete would cascade posts without the erase: refused."""
    with pytest.raises(ProtectedError):
        everything["person"].delete()


def test_a_moderator_deletes_with_the_reason(
    everything, django_capture_on_commit_callbacks
):
    region, moderator = everything["twente"], everything["moderator"]
    member = MembershipFactory(region=region, display_name="Kees Belt").user
    with pytest.raises(ValidationError):
        services.account_delete(user=member, by=moderator, region=region, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete(
            user=member, by=moderator, region=region, reason="Kees Belt belde 9 dec."
        )
    entry = AuditEntry.objects.get(action="members.account.deleted")
    assert (entry.actor, entry.region) == (moderator, region)
    assert entry.reason == f"{ERASED_NAME} belde 9 dec."
    assert not Membership.objects.filter(display_name="Kees Belt").exists()


def test_an_account_without_anything_is_deleted(db):
    user = MembershipFactory().user
    services.account_delete(user=user, by=user)
    assert not User.objects.filter(pk=user.pk).exists()


def test_a_staff_account_deleted_by_an_admin_leaves_its_decisions(everything):
    moderator = everything["moderator"]
    assert Removal.objects.filter(proposed_by=moderator).exists()
    services.account_delete(user=moderator, by=AdminFactory(), reason="left the job")
    assert Removal.objects.filter(proposed_by__isnull=True).exists()
    assert StaffNote.objects.filter(author__isnull=True).count() == 2


# --- Pages ------------------------------------------------------------------


def test_the_page_asks_for_reauthentication(client, db):
    user = MembershipFactory().user
    client.force_login(user)
    response = client.get(reverse("members:account-delete"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_self_service_deletion_signs_out(client, db):
    user = MembershipFactory().user
    sign_in_fresh(client, user)
    page = client.get(reverse("members:account-delete"))
    assert page.status_code == 200
    assert b'method="post"' in page.content
    response = client.post(reverse("members:account-delete"))
    assert response.status_code == 302
    assert response.url == reverse("members:account-deleted")
    assert not User.objects.filter(pk=user.pk).exists()
    assert client.get(response.url).status_code == 200
    assert client.get(reverse("members:dashboard")).status_code == 302


def test_the_dashboard_links_to_the_page(client, db):
    user = MembershipFactory().user
    client.force_login(user)
    page = client.get(reverse("members:dashboard"))
    assert reverse("members:account-delete").encode() in page.content


def test_a_moderator_deletes_on_the_members_page(client, region):
    moderator = RegionRoleFactory(region=region, role="moderator").user
    membership = MembershipFactory(region=region)
    url = reverse(
        "members:member-account-delete",
        kwargs={"slug": region.slug, "pk": membership.pk},
    )
    sign_in_fresh(client, moderator)
    assert (
        url.encode()
        in client.get(
            reverse("members:member-list", kwargs={"slug": region.slug})
        ).content
    )
    assert client.post(url, {"reason": ""}).status_code == 200
    assert User.objects.filter(pk=membership.user_id).exists()
    response = client.post(url, {"reason": "Belde op 9 december."})
    assert response.status_code == 302
    assert not User.objects.filter(pk=membership.user_id).exists()
    entry = AuditEntry.objects.get(action="members.account.deleted")
    assert (entry.actor, entry.reason) == (moderator, "Belde op 9 december.")


def test_a_moderator_cannot_delete_someone_with_a_role(client, region):
    moderator = RegionRoleFactory(region=region, role="moderator").user
    staff = RegionRoleFactory(region=region, role="staff").user
    membership = MembershipFactory(region=region, user=staff)
    url = reverse(
        "members:member-account-delete",
        kwargs={"slug": region.slug, "pk": membership.pk},
    )
    sign_in_fresh(client, moderator)
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Op verzoek."}).status_code == 403
    assert User.objects.filter(pk=staff.pk).exists()


def test_a_moderator_page_asks_for_reauthentication(client, region):
    moderator = RegionRoleFactory(region=region, role="moderator").user
    membership = MembershipFactory(region=region)
    client.force_login(moderator)
    response = client.get(
        reverse(
            "members:member-account-delete",
            kwargs={"slug": region.slug, "pk": membership.pk},
        )
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_the_audit_log_shows_a_deleted_member(client, everything):
    person, region = everything["person"], everything["twente"]
    services.account_delete(user=person, by=person)
    sign_in_fresh(client, everything["moderator"])
    page = client.get(reverse("moderation:audit-log", kwargs={"slug": region.slug}))
    assert page.status_code == 200
    csv = client.get(reverse("moderation:audit-log-csv", kwargs={"slug": region.slug}))
    body = b"".join(csv.streaming_content) if csv.streaming else csv.content
    assert ERASED_NAME.encode() in body
    for needle in NEEDLES:
        assert needle.lower().encode() not in body.lower()

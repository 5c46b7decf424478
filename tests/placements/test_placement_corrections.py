"""A placement can be corrected or deleted by whoever may record placements,
audited; the form shows the member list or the name as chosen, and ignores
the other one."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from banenmarkt.models import AuditEntry, BsnFlag
from fairs.models import Reaction
from members.models import Membership
from placements import services
from placements.models import Placement

from ..auth import sign_in_fresh
from ..factories import RegionRoleFactory
from ..fairs.conftest import FAIR_LIVE, publish
from ..roles import ROLES, expected, make_actor

pytestmark = pytest.mark.django_db

EXPORTERS = {"staff", "project_team", "admin"}


@pytest.fixture
def vacancy(fair, employer, seeker, time_machine):
    """Twente, a vacancy record per placement; the seeker reacted."""
    time_machine.move_to(FAIR_LIVE, tick=False)
    vacancy = publish(employer, [fair[0]], title="Orderpicker").publications.get()
    Reaction.objects.create(publication=vacancy, author=seeker, text="Ik wil graag")
    return vacancy


@pytest.fixture
def staff(vacancy):
    return RegionRoleFactory(region=vacancy.region, role="staff").user


@pytest.fixture
def placement(vacancy, staff):
    return services.placement_record(
        region=vacancy.region,
        edition=vacancy.edition,
        recorded_by=staff,
        job_seeker_name="J. de Boer",
        employer="Flex",
        start_date=date(2026, 12, 14),
        recorded_by_organisation="uwv",
        source="call_back",
        booking_reference="TW-1",
    )


def edit_url(placement):
    return reverse(
        "placements:placement-edit",
        kwargs={
            "slug": placement.region.slug,
            "pk": placement.edition_id,
            "placement_pk": placement.pk,
        },
    )


def delete_url(placement):
    return reverse(
        "placements:placement-delete",
        kwargs={
            "slug": placement.region.slug,
            "pk": placement.edition_id,
            "placement_pk": placement.pk,
        },
    )


def form_data(**data):
    return {
        "who": "name",
        "name": "J. de Boer",
        "employer": "Flex",
        "start_date": "2026-12-14",
        "recorded_by_organisation": "uwv",
        "source": "call_back",
        "booking_reference": "TW-1",
        **data,
    }


def test_correct_audits_which_fields_changed_not_their_values(placement, staff):
    services.placement_correct(
        placement=placement,
        by=staff,
        job_seeker=None,
        job_seeker_name="Jan de Boer",
        anonymous=False,
        employer="Flex",
        vacancy=None,
        start_date=date(2027, 1, 4),
        recorded_by_organisation="uwv",
        source="call_back",
        booking_reference="TW-1",
    )
    placement.refresh_from_db()
    assert (placement.job_seeker_name, placement.start_date) == (
        "Jan de Boer",
        date(2027, 1, 4),
    )
    entry = AuditEntry.objects.get(action="placements.placement.corrected")
    assert entry.actor == staff
    assert entry.data == {"fields": ["job_seeker_name", "start_date"]}
    assert "Jan" not in str(entry.data) and "Jan" not in entry.target_label


def test_correct_without_a_change_writes_no_entry(placement, staff):
    services.placement_correct(placement=placement, by=staff, employer="Flex")
    assert not AuditEntry.objects.filter(
        action="placements.placement.corrected"
    ).exists()


def test_correct_keeps_the_rules_of_recording(placement, staff):
    with pytest.raises(ValidationError):
        services.placement_correct(placement=placement, by=staff, booking_reference="")
    with pytest.raises(ValidationError):
        # A member and a name at once: the model's one way to name someone.
        services.placement_correct(
            placement=placement, by=staff, job_seeker=staff, job_seeker_name="X"
        )
    placement.refresh_from_db()
    assert placement.job_seeker_name == "J. de Boer"


def test_delete_needs_a_reason_and_is_audited(placement, staff):
    with pytest.raises(ValidationError):
        services.placement_delete(placement=placement, by=staff, reason="  ")
    assert Placement.objects.exists()
    pk = placement.pk
    services.placement_delete(placement=placement, by=staff, reason="Twee keer")
    assert not Placement.objects.exists()
    entry = AuditEntry.objects.get(action="placements.placement.deleted")
    assert (entry.actor, entry.target_id, entry.reason, entry.region) == (
        staff,
        pk,
        "Twee keer",
        placement.region,
    )


def test_a_confirmed_number_in_the_reason_is_flagged(placement, staff):
    services.placement_delete(
        placement=placement,
        by=staff,
        reason="Anders. Zie dossier 111222333",
        bsn_flagged=["note"],
    )
    entry = AuditEntry.objects.get(action="placements.placement.deleted")
    flag = BsnFlag.objects.get()
    assert (flag.target_type, flag.target_id, flag.field) == (
        "banenmarkt.auditentry",
        entry.pk,
        "reason",
    )


def test_correct_through_the_page(client, placement, staff, seeker):
    sign_in_fresh(client, staff)
    html = client.get(edit_url(placement)).content.decode()
    assert 'value="J. de Boer"' in html
    assert 'value="2026-12-14"' in html  # the one format a date input reads
    assert 'value="name" id="id_who_1" required checked' in html
    membership = Membership.objects.get(user=seeker, region=placement.region)
    response = client.post(
        edit_url(placement), form_data(who="member", member=membership.pk)
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    # The typed name is ignored: a member was chosen.
    assert (placement.job_seeker, placement.job_seeker_name) == (seeker, "")
    listing = client.get(response.url).content.decode()
    assert "De plaatsing is verbeterd." in listing
    assert "Sanne de Vries" in listing and edit_url(placement) in listing
    entry = AuditEntry.objects.get(action="placements.placement.corrected")
    assert entry.data == {"fields": ["job_seeker", "job_seeker_name"]}


def test_the_delete_page_names_the_member_as_the_list_does(
    client, placement, staff, seeker
):
    type(seeker).objects.filter(pk=seeker.pk).update(name="Echte Naam")
    services.placement_correct(
        placement=placement, by=staff, job_seeker=seeker, job_seeker_name=""
    )
    sign_in_fresh(client, staff)
    page = client.get(delete_url(placement)).content.decode()
    assert "Sanne de Vries" in page  # the display name in this region
    assert "Echte Naam" not in page and seeker.email not in page


def test_moderators_do_not_read_placements_in_the_audit_log(client, placement):
    log_url = reverse("moderation:audit-log", kwargs={"slug": placement.region.slug})
    moderator = RegionRoleFactory(region=placement.region, role="moderator").user
    sign_in_fresh(client, moderator)
    assert "Plaatsing vastgelegd" not in client.get(log_url).content.decode()
    client.logout()
    team = RegionRoleFactory(region=placement.region, role="project_team").user
    sign_in_fresh(client, team)
    assert "Plaatsing vastgelegd" in client.get(log_url).content.decode()


def test_delete_through_the_page(client, placement, staff):
    sign_in_fresh(client, staff)
    assert "J. de Boer" in client.get(delete_url(placement)).content.decode()
    refused = client.post(delete_url(placement), {"reason": "other", "note": ""})
    assert "Leg de reden uit." in refused.content.decode()
    assert Placement.objects.exists()
    response = client.post(delete_url(placement), {"reason": "twice"})
    assert response.status_code == 302
    assert not Placement.objects.exists()
    entry = AuditEntry.objects.get(action="placements.placement.deleted")
    assert entry.reason == "De plaatsing staat er twee keer in."
    # The project team reads it in the audit log.
    sign_in_fresh(
        client, RegionRoleFactory(region=placement.region, role="project_team").user
    )
    log = client.get(
        reverse("moderation:audit-log", kwargs={"slug": placement.region.slug})
    ).content.decode()
    assert "Plaatsing verwijderd" in log


def test_a_placement_of_another_region_is_not_found(client, fair, placement):
    sign_in_fresh(client, RegionRoleFactory(region=fair[1], role="staff").user)
    url = reverse(
        "placements:placement-edit",
        kwargs={
            "slug": fair[1].slug,
            "pk": placement.edition_id,
            "placement_pk": placement.pk,
        },
    )
    assert client.get(url).status_code == 404


def test_the_form_shows_the_member_list_under_its_choice(client, vacancy, staff):
    """Without JavaScript both fields show, each under its own option and
    saying when it counts; the script hides the one not chosen."""
    sign_in_fresh(client, staff)
    html = client.get(
        reverse(
            "placements:placements",
            kwargs={"slug": vacancy.region.slug, "pk": vacancy.edition_id},
        )
    ).content.decode()
    member_option = html.index('value="member"')
    member_field = html.index('data-reveal-when="member"')
    name_option = html.index('value="name"')
    name_field = html.index('data-reveal-when="name"')
    assert member_option < member_field < name_option < name_field
    assert "Alleen als je „Een lid” kiest." in html
    assert "js/choice-reveal.js" in html


def test_the_unchosen_field_is_ignored(client, vacancy, staff, seeker):
    sign_in_fresh(client, staff)
    membership = Membership.objects.get(user=seeker, region=vacancy.region)
    url = reverse(
        "placements:placements",
        kwargs={"slug": vacancy.region.slug, "pk": vacancy.edition_id},
    )
    client.post(url, {"record": "1", **form_data(member=membership.pk)})
    client.post(
        url, {"record": "1", **form_data(who="anonymous", member=membership.pk)}
    )
    first, second = Placement.objects.order_by("pk")
    assert (first.job_seeker, first.job_seeker_name) == (None, "J. de Boer")
    assert (second.job_seeker, second.job_seeker_name, second.anonymous) == (
        None,
        "",
        True,
    )


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, fair, placement, role):
    actor = make_actor(role, placement.region, fair[1])
    if actor:
        sign_in_fresh(client, actor)
    assert client.get(edit_url(placement)).status_code == expected(role, EXPORTERS)
    assert client.get(delete_url(placement)).status_code == expected(role, EXPORTERS)
    corrected = client.post(edit_url(placement), form_data(name="Ander"))
    assert corrected.status_code == expected(role, EXPORTERS, ok=302)
    placement.refresh_from_db()
    assert (placement.job_seeker_name == "Ander") == (role in EXPORTERS)
    deleted = client.post(delete_url(placement), {"reason": "twice"})
    assert deleted.status_code == expected(role, EXPORTERS, ok=302)
    assert Placement.objects.exists() == (role not in EXPORTERS)


def test_the_list_with_its_links_keeps_its_queries(
    client, vacancy, staff, seeker, django_assert_max_num_queries
):
    for number in range(6):
        services.placement_record(
            region=vacancy.region,
            edition=vacancy.edition,
            recorded_by=staff,
            job_seeker=seeker if number % 2 else None,
            job_seeker_name="" if number % 2 else f"Persoon {number}",
            employer="Flex",
            vacancy=vacancy,
            start_date=date(2026, 12, 14),
            recorded_by_organisation="uwv",
            source="call_back",
            booking_reference=f"TW-{number}",
        )
    sign_in_fresh(client, staff)
    url = reverse(
        "placements:placements",
        kwargs={"slug": vacancy.region.slug, "pk": vacancy.edition_id},
    )
    # +1 since conversations: the header's count of new conversations.
    # +1: whether a fair is live (the banner, cached 30 s for everyone).
    with django_assert_max_num_queries(10):
        html = client.get(url).content.decode()
    assert html.count("/wijzigen/") == 6

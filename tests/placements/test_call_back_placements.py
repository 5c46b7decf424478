"""A call in which the employer reports placements offers to record them
right there, prefilled and linked to the call."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from banenmarkt.models import AuditEntry
from fairs.models import Reaction, Region
from members.models import Membership
from placements import services
from placements.models import CallBack, Placement

from ..auth import sign_in_fresh
from ..factories import MembershipFactory, RegionRoleFactory
from ..fairs.conftest import FAIR_LIVE, publish
from ..roles import ROLES, expected, make_actor

pytestmark = pytest.mark.django_db

EXPORTERS = {"staff", "project_team", "admin"}


@pytest.fixture
def vacancy(fair, employer, seeker, time_machine):
    """Rijk van Nijmegen (a vacancy record per placement): Flex offered one
    vacancy, Bakkerij Jansen another; the seeker reacted to Flex's."""
    nijmegen = fair[1]
    MembershipFactory(region=nijmegen, user=seeker, display_name="Sanne de Vries")
    time_machine.move_to(FAIR_LIVE, tick=False)
    flex = publish(
        employer, [nijmegen], title="Orderpicker", organisation="Flex"
    ).publications.get()
    publish(employer, [nijmegen], title="Bakker", organisation="Bakkerij Jansen")
    Reaction.objects.create(publication=flex, author=seeker, text="Ik wil graag")
    return flex


@pytest.fixture
def staff(vacancy):
    return RegionRoleFactory(region=vacancy.region, role="staff").user


def call_url(vacancy):
    return reverse(
        "placements:call-back",
        kwargs={"slug": vacancy.region.slug, "pk": vacancy.edition_id},
    )


def log_call(client, vacancy, reported):
    return client.post(
        call_url(vacancy),
        {
            "organisatie": "Flex",
            "outcome": "reached",
            "placements_reported": str(reported),
            "placement_names": "J. de Boer en Sanne",
        },
    )


def placement_data(**data):
    return {
        "who": "name",
        "name": "J. de Boer",
        "employer": "Flex",
        "start_date": "2026-12-14",
        "recorded_by_organisation": "uwv",
        "source": "call_back",
        "booking_reference": "NIJ-1",
        **data,
    }


def test_a_call_with_placements_leads_to_recording_them(client, vacancy, staff):
    sign_in_fresh(client, staff)
    response = log_call(client, vacancy, reported=2)
    call = CallBack.objects.get()
    page = reverse(
        "placements:call-back-placements",
        kwargs={
            "slug": "rijk-van-nijmegen",
            "pk": vacancy.edition_id,
            "call_pk": call.pk,
        },
    )
    assert response.status_code == 302 and response.url == page

    html = client.get(page).content.decode()
    assert "0 van 2 plaatsingen vastgelegd" in html
    assert "J. de Boer en Sanne" in html  # the names noted in the call
    # Prefilled: the organisation, "call-back" and its only vacancy; the
    # other organisation's vacancy is not offered.
    assert 'value="Flex"' in html
    assert '<option value="call_back" selected>' in html
    assert f'<option value="{vacancy.pk}" selected>' in html
    assert "Bakker" not in html

    first = client.post(page, placement_data())
    assert first.status_code == 302 and first.url == page
    assert "1 van 2 plaatsingen vastgelegd" in client.get(page).content.decode()
    membership = Membership.objects.get(
        user__reactions__isnull=False, region=vacancy.region
    )
    second = client.post(
        page,
        placement_data(who="member", member=membership.pk, name="", vacancy=vacancy.pk),
    )
    # All reported placements recorded: back to the call-back list.
    assert second.url == reverse(
        "placements:call-backs",
        kwargs={"slug": "rijk-van-nijmegen", "pk": vacancy.edition_id},
    )
    placements = Placement.objects.order_by("pk")
    assert [p.call_back for p in placements] == [call, call]
    assert [p.source for p in placements] == ["call_back", "call_back"]
    assert placements[1].job_seeker == membership.user
    assert "2 van 2 vastgelegd" in client.get(second.url).content.decode()


def test_a_call_without_placements_goes_back_to_the_list(client, vacancy, staff):
    sign_in_fresh(client, staff)
    response = log_call(client, vacancy, reported=0)
    assert response.url.endswith("/nabellen/")


def test_a_call_whose_placements_are_recorded_goes_back_to_the_list(
    client, vacancy, staff
):
    sign_in_fresh(client, staff)
    log_call(client, vacancy, reported=1)
    call = CallBack.objects.get()
    services.placement_record(
        region=vacancy.region,
        edition=vacancy.edition,
        recorded_by=staff,
        call_back=call,
        anonymous=True,
        employer="Flex",
        start_date=FAIR_LIVE.date(),
        recorded_by_organisation="uwv",
        source="call_back",
        booking_reference="NIJ-2",
    )
    # Changing the notes of the call later does not ask again.
    assert log_call(client, vacancy, reported=1).url.endswith("/nabellen/")


def test_recording_from_a_call_is_audited_with_the_call(vacancy, staff):
    call = services.call_back_record(
        region=vacancy.region,
        edition=vacancy.edition,
        organisation="Flex",
        caller=staff,
        outcome="reached",
        placements_reported=1,
    )
    placement = services.placement_record(
        region=vacancy.region,
        edition=vacancy.edition,
        recorded_by=staff,
        call_back=call,
        anonymous=True,
        employer="Flex",
        start_date=FAIR_LIVE.date(),
        recorded_by_organisation="gemeente",
        source="call_back",
        booking_reference="NIJ-3",
    )
    entry = AuditEntry.objects.get(action="placements.placement.recorded")
    assert (entry.actor, entry.target_id, entry.data) == (
        staff,
        placement.pk,
        {"call_back": call.pk},
    )


def test_a_call_of_another_fair_is_refused(fair, vacancy, staff):
    other_edition = vacancy.region.editions.exclude(pk=vacancy.edition_id).first()
    call = CallBack.objects.create(
        region=vacancy.region, edition=other_edition, organisation="Flex", key="flex"
    )
    with pytest.raises(ValidationError):
        services.placement_record(
            region=vacancy.region,
            edition=vacancy.edition,
            recorded_by=staff,
            call_back=call,
            anonymous=True,
            employer="Flex",
            start_date=FAIR_LIVE.date(),
            recorded_by_organisation="uwv",
            source="call_back",
            booking_reference="NIJ-4",
        )


def test_a_call_of_another_region_is_not_found(client, fair, vacancy, staff):
    twente = fair[0]
    twente_edition = twente.editions.first()
    call = CallBack.objects.create(
        region=twente, edition=twente_edition, organisation="Flex", key="flex"
    )
    sign_in_fresh(client, staff)
    url = reverse(
        "placements:call-back-placements",
        kwargs={
            "slug": "rijk-van-nijmegen",
            "pk": vacancy.edition_id,
            "call_pk": call.pk,
        },
    )
    assert client.get(url).status_code == 404


def test_umbrella_region_needs_its_number_first(client, vacancy, staff):
    region = vacancy.region
    region.booking_mode = Region.BookingMode.UMBRELLA
    region.save()
    sign_in_fresh(client, staff)
    page = log_call(client, vacancy, reported=1).url
    html = client.get(page).content.decode()
    assert "Registratienummer vacature" not in html
    response = client.post(page, placement_data(booking_reference=""))
    assert response.status_code == 200
    assert not Placement.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, fair, vacancy, role):
    call = CallBack.objects.create(
        region=vacancy.region,
        edition=vacancy.edition,
        organisation="Flex",
        key="flex",
        placements_reported=1,
    )
    actor = make_actor(role, vacancy.region, fair[0])
    if actor:
        sign_in_fresh(client, actor)
    url = reverse(
        "placements:call-back-placements",
        kwargs={
            "slug": "rijk-van-nijmegen",
            "pk": vacancy.edition_id,
            "call_pk": call.pk,
        },
    )
    assert client.get(url).status_code == expected(role, EXPORTERS)
    posted = client.post(url, placement_data())
    assert posted.status_code == expected(role, EXPORTERS, ok=302)
    assert Placement.objects.exists() == (role in EXPORTERS)


def test_a_call_never_yields_more_placements_than_reported(vacancy, staff):
    call = services.call_back_record(
        region=vacancy.region,
        edition=vacancy.edition,
        organisation="Flex",
        caller=staff,
        outcome="reached",
        placements_reported=1,
    )
    fields = {
        "anonymous": True,
        "employer": "Flex",
        "start_date": FAIR_LIVE.date(),
        "recorded_by_organisation": "uwv",
        "source": "call_back",
    }
    services.placement_record(
        region=vacancy.region,
        edition=vacancy.edition,
        recorded_by=staff,
        call_back=call,
        booking_reference="NIJ-5",
        **fields,
    )
    # A second click on the last one: refused, nothing recorded twice.
    with pytest.raises(ValidationError) as refused:
        services.placement_record(
            region=vacancy.region,
            edition=vacancy.edition,
            recorded_by=staff,
            call_back=call,
            booking_reference="NIJ-6",
            **fields,
        )
    assert refused.value.code == "call_complete"
    assert Placement.objects.filter(call_back=call).count() == 1

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fairs.models import Reaction, Region
from members.models import Membership
from placements.models import Placement

from ..auth import sign_in_fresh
from ..factories import MembershipFactory, RegionRoleFactory
from ..fairs.conftest import FAIR_LIVE, publish
from ..roles import ROLES, expected, make_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair_day(fair, employer, seeker, time_machine):
    """Twente books on an umbrella vacancy; the seeker reacted to a vacancy."""
    twente = fair[0]
    twente.booking_mode = Region.BookingMode.UMBRELLA
    twente.save()
    time_machine.move_to(FAIR_LIVE, tick=False)
    vacancy = publish(employer, [twente], title="Orderpicker").publications.get()
    Reaction.objects.create(publication=vacancy, author=seeker, text="Ik wil graag")
    return vacancy


def url(publication):
    return reverse(
        "placements:placements",
        kwargs={"slug": publication.region.slug, "pk": publication.edition_id},
    )


def record(client, publication, **data):
    return client.post(
        url(publication),
        {
            "record": "1",
            "who": "anonymous",
            "employer": "Flex",
            "start_date": "2026-12-14",
            "recorded_by_organisation": "uwv",
            "source": "call_back",
            **data,
        },
    )


def test_umbrella_region_books_on_the_edition_number(client, fair_day, seeker):
    staff = RegionRoleFactory(region=fair_day.region, role="staff").user
    project_team = RegionRoleFactory(region=fair_day.region, role="project_team").user
    sign_in_fresh(client, staff)
    response = record(client, fair_day)
    assert (
        "registratienummer van de overkoepelende vacature" in response.content.decode()
    )
    assert not Placement.objects.exists()
    assert (
        client.post(
            url(fair_day), {"umbrella": "1", "number": "VAC-2026-12"}
        ).status_code
        == 403
    )

    sign_in_fresh(client, project_team)
    client.post(url(fair_day), {"umbrella": "1", "number": "VAC-2026-12"})
    sign_in_fresh(client, staff)
    membership = Membership.objects.get(user=seeker, region=fair_day.region)
    record(client, fair_day, who="member", member=membership.pk, vacancy=fair_day.pk)
    placement = Placement.objects.get()
    assert (placement.booking_reference, placement.job_seeker, placement.vacancy) == (
        "VAC-2026-12",
        seeker,
        fair_day,
    )
    assert placement.start_date == date(2026, 12, 14)
    assert placement.recorded_by == staff
    html = client.get(url(fair_day)).content.decode()
    assert "Sanne de Vries" in html and "VAC-2026-12" in html


def test_per_placement_region_needs_a_vacancy_record(
    client, fair, employer, time_machine
):
    nijmegen = fair[1]
    time_machine.move_to(FAIR_LIVE, tick=False)
    vacancy = publish(employer, [nijmegen]).publications.get()
    sign_in_fresh(client, RegionRoleFactory(region=nijmegen, role="staff").user)
    response = record(client, vacancy, who="name", name="")
    html = response.content.decode()
    assert "Vul de naam in." in html
    assert "Registratienummer vacature" in html
    record(client, vacancy, who="name", name="J. de Boer", booking_reference="NIJ-123")
    placement = Placement.objects.get()
    assert (
        placement.job_seeker_name,
        placement.booking_reference,
        placement.anonymous,
    ) == ("J. de Boer", "NIJ-123", False)


def test_only_participants_can_be_chosen(client, fair_day, seeker):
    outsider = MembershipFactory(region=fair_day.region, display_name="Niet meegedaan")
    sign_in_fresh(client, RegionRoleFactory(region=fair_day.region, role="staff").user)
    html = client.get(url(fair_day)).content.decode()
    assert "Sanne de Vries" in html
    assert "Niet meegedaan" not in html
    assert outsider.pk


def test_export_for_the_national_accounting(client, fair_day):
    fair_day.edition.umbrella_vacancy_number = "VAC-9"
    fair_day.edition.save()
    sign_in_fresh(client, RegionRoleFactory(region=fair_day.region, role="staff").user)
    record(client, fair_day)
    record(
        client,
        fair_day,
        who="name",
        name="Piet",
        source="survey",
        recorded_by_organisation="gemeente",
    )
    xlsx = client.get(
        reverse(
            "placements:placements-export",
            kwargs={"slug": "twente", "pk": fair_day.edition_id, "fmt": "xlsx"},
        )
    )
    rows = list(
        load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert rows[0][:4] == ("Regio", "Banenmarkt", "Werkzoekende", "Werkgever")
    assert sorted(r[2] for r in rows[1:]) == ["Piet", "anoniem"]
    assert {r[8] for r in rows[1:]} == {"VAC-9"}
    assert {r[7] for r in rows[1:]} == {"Nabellen", "Enquête"}
    body = b"".join(
        client.get(
            reverse(
                "placements:placements-export",
                kwargs={"slug": "twente", "pk": fair_day.edition_id, "fmt": "csv"},
            )
        ).streaming_content
    ).decode()
    csv_rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert len(csv_rows) == 3


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, fair, fair_day, role):
    actor = make_actor(role, fair_day.region, fair[1])
    if actor:
        sign_in_fresh(client, actor)
    allowed = {"staff", "project_team", "admin"}
    assert client.get(url(fair_day)).status_code == expected(role, allowed)
    export = reverse(
        "placements:placements-export",
        kwargs={"slug": "twente", "pk": fair_day.edition_id, "fmt": "csv"},
    )
    assert client.get(export).status_code == expected(role, allowed)

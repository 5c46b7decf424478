import csv
import io
from datetime import datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fairs import services as fair_services
from fairs.models import Publication
from fairs.schedule import AMSTERDAM
from moderation import services as moderation

from ..auth import sign_in_fresh
from ..factories import RegionRoleFactory
from ..fairs.conftest import FAIR_LIVE, publish
from ..roles import ROLES, expected, make_actor

pytestmark = pytest.mark.django_db

EXPORTERS = {"staff", "project_team", "admin"}
HEADERS = [
    "Regio",
    "Banenmarkt",
    "Functie",
    "Organisatie",
    "Soort organisatie",
    "Contactpersoon",
    "E-mail",
    "Telefoon",
    "Link om te solliciteren",
    "Plaats",
    "Uren per week",
    "Soort contract",
    "Opleidingsniveau",
    "Sector",
    "Banenafspraak",
    "Geplaatst op",
    "Ingetrokken",
    "Link naar de vacature",
]


@pytest.fixture
def offered(fair, employer, time_machine):
    """At the fair of 1 December: one vacancy on the board, one withdrawn, one
    removed, one hidden pending a commercial removal, and a pitch."""
    twente, nijmegen = fair
    time_machine.move_to(FAIR_LIVE, tick=False)
    kept = publish(
        employer, [twente, nijmegen], title="Orderpicker", banenafspraak=True
    ).publications.get(region=twente)
    withdrawn = publish(
        employer, [twente], title="Bakker", organisation='=HYPERLINK("x")'
    )
    fair_services.post_withdraw(post=withdrawn, user=employer)
    moderator = RegionRoleFactory(region=twente).user
    removed = publish(employer, [twente], title="Reclame").publications.get()
    moderation.publication_remove(
        publication=removed, moderator=moderator, reason="duplicate"
    )
    held = publish(employer, [twente], title="Cursus").publications.get()
    moderation.publication_propose_removal(publication=held, moderator=moderator)
    publish(employer, [twente], kind="pitch", title="Mijn pitch")
    return kept.edition


def url(region, edition, fmt):
    return reverse(
        "placements:vacancy-list",
        kwargs={"slug": region.slug, "pk": edition.pk, "fmt": fmt},
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_project_team_and_admins_download(client, fair, offered, role):
    twente, nijmegen = fair
    actor = make_actor(role, twente, nijmegen)
    if actor:
        sign_in_fresh(client, actor)
    for target in (
        reverse("placements:after-fair", kwargs={"slug": twente.slug}),
        url(twente, offered, "csv"),
        url(twente, offered, "xlsx"),
    ):
        assert client.get(target).status_code == expected(role, EXPORTERS), (
            role,
            target,
        )
    response = client.get(
        reverse(
            "placements:vacancy-list-all", kwargs={"day": "2026-12-01", "fmt": "csv"}
        )
    )
    assert response.status_code == (
        200
        if role in EXPORTERS or role == "other_moderator"
        else expected(role, EXPORTERS)
    )


def test_xlsx_has_types_dutch_header_frozen_row_and_filter(client, fair, offered):
    twente = fair[0]
    sign_in_fresh(client, RegionRoleFactory(region=twente, role="staff").user)
    response = client.get(url(twente, offered, "xlsx"))
    assert response.streaming
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:R3"
    data = {row[2]: row for row in rows[1:]}
    assert set(data) == {"Orderpicker", "Bakker"}  # removed, held and pitches left out
    orderpicker = data["Orderpicker"]
    assert orderpicker[0] == "Twente"
    assert orderpicker[3] == "Flex Uitzendbureau"
    assert orderpicker[5:8] == ("Petra Jansen", "petra@flex.example", "074 123 45 67")
    assert orderpicker[10] == 32 and isinstance(orderpicker[10], int)
    assert orderpicker[14] is True
    assert orderpicker[15] == datetime(2026, 12, 1, 10, 30)  # local time, naive
    assert orderpicker[16] is False
    assert orderpicker[17].endswith(
        f"/regio/twente/prikbord/{Publication.objects.get(post__title='Orderpicker', region=twente).pk}/"
    )
    assert data["Bakker"][16] is True  # withdrawn, marked
    # Typed as text: shown as typed, never run as a formula.
    assert data["Bakker"][3] == '=HYPERLINK("x")'
    cell = next(c for c in sheet[3] + sheet[2] if c.value == '=HYPERLINK("x")')
    assert cell.data_type == "s"


def test_csv_matches_the_xlsx(client, fair, offered):
    twente = fair[0]
    sign_in_fresh(client, RegionRoleFactory(region=twente, role="project_team").user)
    response = client.get(url(twente, offered, "csv"))
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == HEADERS
    titles = {row[2]: row for row in rows[1:]}
    assert set(titles) == {"Orderpicker", "Bakker"}
    assert titles["Orderpicker"][10] == "32"
    assert titles["Orderpicker"][14] == "ja"
    assert titles["Orderpicker"][15] == "01-12-2026 10:30"
    assert titles["Bakker"][16] == "ja"


def test_across_regions_for_staff_of_several_regions(client, fair, offered):
    twente, nijmegen = fair
    staff = RegionRoleFactory(region=twente, role="staff").user
    RegionRoleFactory(region=nijmegen, role="staff", user=staff)
    sign_in_fresh(client, staff)
    response = client.get(
        reverse(
            "placements:vacancy-list-all", kwargs={"day": "2026-12-01", "fmt": "xlsx"}
        )
    )
    rows = list(
        load_workbook(
            io.BytesIO(b"".join(response.streaming_content))
        ).active.iter_rows(values_only=True)
    )
    assert sorted((r[0], r[2]) for r in rows[1:]) == [
        ("Rijk van Nijmegen", "Orderpicker"),
        ("Twente", "Bakker"),
        ("Twente", "Orderpicker"),
    ]
    only_twente = RegionRoleFactory(region=twente, role="staff").user
    sign_in_fresh(client, only_twente)
    response = client.get(
        reverse(
            "placements:vacancy-list-all", kwargs={"day": "2026-12-01", "fmt": "csv"}
        )
    )
    body = b"".join(response.streaming_content).decode()
    assert "Rijk van Nijmegen" not in body


def test_export_queries_do_not_grow_with_rows(
    client, fair, employer, time_machine, django_assert_max_num_queries, no_post_limit
):
    twente = fair[0]
    time_machine.move_to(FAIR_LIVE, tick=False)
    for i in range(30):
        publish(employer, [twente], title=f"Vacature {i}")
    edition = Publication.objects.first().edition
    sign_in_fresh(client, RegionRoleFactory(region=twente, role="staff").user)
    with django_assert_max_num_queries(8):
        response = client.get(url(twente, edition, "csv"))
        body = b"".join(response.streaming_content).decode()
    assert body.count("Vacature ") == 30


def test_after_fair_page_lists_started_editions(client, fair, offered, time_machine):
    time_machine.move_to(datetime(2026, 12, 2, 9, tzinfo=AMSTERDAM), tick=False)
    sign_in_fresh(client, RegionRoleFactory(region=fair[0], role="staff").user)
    html = client.get(
        reverse("placements:after-fair", kwargs={"slug": fair[0].slug})
    ).content.decode()
    assert "dinsdag 1 december 2026" in html
    assert url(fair[0], offered, "xlsx") in html
    assert "2 februari 2027" not in html

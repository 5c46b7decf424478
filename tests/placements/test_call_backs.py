import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fairs.models import Reaction
from placements import selectors, services
from placements.models import CallBack, KnownEmployer

from ..auth import sign_in_fresh
from ..factories import MembershipFactory, RegionRoleFactory, UserFactory
from ..fairs.conftest import FAIR_LIVE, publish
from ..roles import ROLES, expected, make_actor

pytestmark = pytest.mark.django_db

EXPORTERS = {"staff", "project_team", "admin"}


@pytest.fixture
def edition(fair, employer, seeker, time_machine):
    """Flex (two vacancies, spelled differently; three reactions, one answered)
    and Bakkerij Jansen (one vacancy, no reactions) took part."""
    twente = fair[0]
    time_machine.move_to(FAIR_LIVE, tick=False)
    first = publish(
        employer, [twente], title="Orderpicker", organisation="Flex"
    ).publications.get()
    publish(employer, [twente], title="Chauffeur", organisation="  FLEX ")
    publish(
        employer,
        [twente],
        title="Bakker",
        organisation="Bakkerij Jansen",
        contact_phone="053 111",
    )
    answered = Reaction.objects.create(publication=first, author=seeker, text="a")
    Reaction.objects.create(publication=first, author=seeker, text="b")
    Reaction.objects.create(publication=first, author=seeker, text="c")
    answered.followed_up_at = FAIR_LIVE
    answered.save()
    return first.edition


def test_rows_per_organisation(fair, edition):
    KnownEmployer.objects.create(region=fair[0], name="Flex", key="flex")
    rows = {
        r["name"].strip().lower(): r
        for r in selectors.call_back_rows(region=fair[0], edition=edition)
    }
    assert set(rows) == {"flex", "bakkerij jansen"}
    flex, bakery = rows["flex"], rows["bakkerij jansen"]
    assert (
        flex["vacancies"],
        flex["reactions"],
        flex["follow_up_rate"],
        flex["is_new"],
    ) == (2, 3, 33, False)
    assert (
        bakery["vacancies"],
        bakery["reactions"],
        bakery["follow_up_rate"],
        bakery["is_new"],
    ) == (1, 0, None, True)
    assert bakery["contact_phone"] == "053 111"


def test_record_calls_and_progress(client, fair, edition):
    staff = RegionRoleFactory(
        region=fair[0], role="staff", user=UserFactory(name="Laura")
    ).user
    sign_in_fresh(client, staff)
    url = reverse(
        "placements:call-backs", kwargs={"slug": fair[0].slug, "pk": edition.pk}
    )
    assert "0 van 2 gebeld" in client.get(url).content.decode()

    record = reverse(
        "placements:call-back", kwargs={"slug": fair[0].slug, "pk": edition.pk}
    )
    form = client.get(record + "?organisatie=Bakkerij%20Jansen")
    assert form.status_code == 200
    missing = client.post(
        record, {"organisatie": "Bakkerij Jansen", "placements_reported": "1"}
    )
    assert "Controleer het formulier" in missing.content.decode()
    client.post(
        record,
        {
            "organisatie": "Bakkerij Jansen",
            "outcome": "reached",
            "placements_reported": "2",
            "placement_names": "Sanne",
            "notes": "Blij met de banenmarkt",
        },
    )
    call = CallBack.objects.get()
    assert (
        call.called_by,
        call.outcome,
        call.placements_reported,
        call.placement_names,
    ) == (staff, "reached", 2, "Sanne")
    html = client.get(url).content.decode()
    assert "1 van 2 gebeld" in html
    assert "Bereikt · 2 plaatsingen" in html
    assert client.get(record + "?organisatie=Onbekend").status_code == 404


def test_split_the_list_among_staff(client, fair, edition):
    laura = RegionRoleFactory(
        region=fair[0], role="staff", user=UserFactory(name="Laura")
    ).user
    joost = RegionRoleFactory(
        region=fair[0], role="project_team", user=UserFactory(name="Joost")
    ).user
    outsider = UserFactory()
    sign_in_fresh(client, joost)
    url = reverse(
        "placements:call-backs", kwargs={"slug": fair[0].slug, "pk": edition.pk}
    )
    client.post(url, {"organisation": ["Bakkerij Jansen"], "assignee": laura.pk})
    assert CallBack.objects.get().assigned_to == laura
    refused = client.post(
        url, {"organisation": ["Flex"], "assignee": outsider.pk}, follow=True
    )
    assert "Kies een collega uit de lijst." in refused.content.decode()
    sign_in_fresh(client, laura)
    mine = client.get(url + "?wie=mij").content.decode()
    assert "Bakkerij Jansen" in mine and ">Flex<" not in mine
    assert "0 van 2 gebeld" in mine


@pytest.mark.parametrize("role", ROLES)
def test_call_back_pages_role_matrix(client, fair, edition, role):
    twente, nijmegen = fair
    actor = make_actor(role, twente, nijmegen)
    if actor:
        sign_in_fresh(client, actor)
    list_url = reverse(
        "placements:call-backs", kwargs={"slug": twente.slug, "pk": edition.pk}
    )
    record_url = (
        reverse("placements:call-back", kwargs={"slug": twente.slug, "pk": edition.pk})
        + "?organisatie=Flex"
    )
    known_url = reverse("placements:known-employers", kwargs={"slug": twente.slug})
    assert client.get(list_url).status_code == expected(role, EXPORTERS)
    assert client.get(record_url).status_code == expected(role, EXPORTERS)
    assert client.get(known_url).status_code == expected(
        role, {"project_team", "admin"}
    )
    response = client.post(
        record_url,
        {"organisatie": "Flex", "outcome": "reached", "placements_reported": "0"},
    )
    assert response.status_code == expected(role, EXPORTERS, ok=302)
    assert CallBack.objects.exists() == (role in EXPORTERS)


def test_known_employers_by_hand_and_csv(client, fair):
    sign_in_fresh(client, RegionRoleFactory(region=fair[0], role="project_team").user)
    url = reverse("placements:known-employers", kwargs={"slug": fair[0].slug})
    client.post(url, {"add": "1", "name": "Flex"})
    again = client.post(url, {"add": "1", "name": " flex "}, follow=True)
    assert "stond al op de lijst" in again.content.decode()
    upload = SimpleUploadedFile(
        "werkgevers.csv",
        b"Naam;Plaats\nBakkerij Jansen;Hengelo\nFLEX;Enschede\nZorggroep;Almelo\n",
    )
    response = client.post(url, {"upload": "1", "file": upload}, follow=True)
    assert (
        "2 werkgevers toegevoegd, 1 stonden al op de lijst."
        in response.content.decode()
    )
    assert sorted(KnownEmployer.objects.values_list("key", flat=True)) == [
        "bakkerij jansen",
        "flex",
        "zorggroep",
    ]
    binary = SimpleUploadedFile("lijst.csv", b"\x00\x01\x02PK\x03\x04")
    refused = client.post(url, {"upload": "1", "file": binary})
    assert "Dit is geen CSV-bestand" in refused.content.decode()


@pytest.mark.parametrize("count", [3, 40])
def test_call_back_list_queries_do_not_grow(
    client,
    fair,
    employer,
    count,
    time_machine,
    django_assert_max_num_queries,
    no_post_limit,
):
    time_machine.move_to(FAIR_LIVE, tick=False)
    for i in range(count):
        publish(employer, [fair[0]], title=f"V{i}", organisation=f"Bedrijf {i}")
    edition = fair[0].editions.live(FAIR_LIVE).get()
    sign_in_fresh(client, RegionRoleFactory(region=fair[0], role="staff").user)
    with django_assert_max_num_queries(12):
        client.get(
            reverse(
                "placements:call-backs", kwargs={"slug": fair[0].slug, "pk": edition.pk}
            )
        )


def test_service_import_counts(fair):
    by = MembershipFactory(region=fair[0]).user
    upload = SimpleUploadedFile("a.csv", "Flex\nflex\nBakkerij\n".encode("cp1252"))
    assert services.known_employers_import(region=fair[0], upload=upload, by=by) == (
        2,
        1,
    )

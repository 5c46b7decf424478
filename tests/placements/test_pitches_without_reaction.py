import pytest
from django.urls import reverse

from fairs.models import Reaction
from members.models import Membership

from ..factories import MembershipFactory
from ..fairs.conftest import publish
from ..roles import ROLES, expected, make_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def pitches(fair, employer, seeker):
    twente = fair[0]
    answered = publish(
        seeker, [twente], kind="pitch", title="Gezien door werkgever"
    ).publications.get()
    only_seekers = publish(
        MembershipFactory(region=twente).user,
        [twente],
        kind="pitch",
        title="Alleen werkzoekenden reageerden",
    ).publications.get()
    publish(
        MembershipFactory(region=twente).user,
        [twente],
        kind="pitch",
        title="Niemand reageerde",
        sector="care",
    )
    Reaction.objects.create(publication=answered, author=employer, text="Interesse!")
    Reaction.objects.create(
        publication=only_seekers,
        author=MembershipFactory(region=twente).user,
        text="Succes!",
    )
    return twente


def test_lists_pitches_no_employer_reacted_to(client, pitches):
    caseworker = MembershipFactory(
        region=pitches, kind=Membership.Kind.CASEWORKER, organisation="Gemeente"
    ).user
    client.force_login(caseworker)
    html = client.get(
        reverse("placements:pitches-without-reaction", kwargs={"slug": pitches.slug})
    ).content.decode()
    assert "Alleen werkzoekenden reageerden" in html
    assert "Niemand reageerde" in html
    assert "Gezien door werkgever" not in html
    assert "Zorg en welzijn" in html


@pytest.mark.parametrize("role", [*ROLES, "caseworker"])
def test_role_matrix(client, fair, pitches, role):
    if role == "caseworker":
        actor = MembershipFactory(
            region=pitches, kind=Membership.Kind.CASEWORKER, organisation="UWV"
        ).user
    else:
        actor = make_actor(role, pitches, fair[1])
    if actor:
        client.force_login(actor)
    response = client.get(
        reverse("placements:pitches-without-reaction", kwargs={"slug": pitches.slug})
    )
    assert response.status_code == expected(
        role, {"caseworker", "staff", "project_team", "admin"}
    )

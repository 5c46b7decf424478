"""A join request without an introduction is welcome (the moderator asks
why); a display name is one person's in a region, whatever the case."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from members import services
from members.models import Membership

from ..auth import sign_in_fresh
from ..factories import MembershipFactory, RegionFactory, RegionRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twente():
    return RegionFactory(name="Twente", slug="twente")


@pytest.fixture
def nijmegen():
    return RegionFactory(name="Rijk van Nijmegen", slug="rijk-van-nijmegen")


def join(client, region, regions, **profile):
    return client.post(
        reverse("members:join", kwargs={"slug": region.slug}),
        {
            "regions": [r.pk for r in regions],
            "kind": "job_seeker",
            "town": "Hengelo",
            "introduction": "",
            **profile,
        },
    )


def test_a_request_without_an_introduction_is_sent_and_flagged_to_the_moderator(
    client, twente
):
    sign_in_fresh(client, UserFactory())
    response = join(client, twente, [twente], display_name="Sanne")
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.introduction == ""
    assert membership.status == Membership.Status.PENDING

    moderator = RegionRoleFactory(region=twente).user
    client.logout()
    sign_in_fresh(client, moderator)
    queue = client.get(reverse("members:join-queue", kwargs={"slug": twente.slug}))
    assert "Geen introductie: vraag waarom voordat je goedkeurt." in queue.text


def test_a_name_taken_in_the_region_is_refused_and_the_form_keeps_what_was_typed(
    client, twente, nijmegen
):
    MembershipFactory(region=twente, display_name="Sanne de Vries")
    sign_in_fresh(client, UserFactory())
    response = join(
        client,
        twente,
        [twente, nijmegen],
        display_name="sanne DE vries",
        introduction="Ik zoek werk in de zorg.",
    )
    assert response.status_code == 200
    assert "Iemand in Twente gebruikt de naam “sanne DE vries” al." in response.text
    assert "Ik zoek werk in de zorg." in response.text
    assert not Membership.objects.filter(region=nijmegen).exists()

    # In a region where nobody uses it, the name is free.
    assert (
        join(client, nijmegen, [nijmegen], display_name="Sanne de Vries").status_code
        == 302
    )
    assert Membership.objects.filter(region=nijmegen).count() == 1


def test_a_name_may_come_back_once_its_membership_ended(twente):
    gone = MembershipFactory(region=twente, display_name="Kees", status="ended")
    created = services.membership_request(
        user=UserFactory(),
        regions=[twente],
        display_name="Kees",
        kind="job_seeker",
        town="Almelo",
    )
    assert len(created) == 1 and gone.display_name == "Kees"


def test_editing_a_request_to_a_taken_name_is_refused(client, twente):
    MembershipFactory(region=twente, display_name="Ahmed B.")
    mine = MembershipFactory(region=twente, display_name="A. B.", status="pending")
    sign_in_fresh(client, mine.user)
    response = client.post(
        reverse("members:request-edit", kwargs={"pk": mine.pk}),
        {
            "display_name": "AHMED b.",
            "kind": "job_seeker",
            "town": "Almelo",
            "introduction": "",
        },
    )
    assert response.status_code == 200
    assert "gebruikt de naam" in response.text
    mine.refresh_from_db()
    assert mine.display_name == "A. B."
    with pytest.raises(ValidationError):
        services.membership_request_update(
            membership=mine, user=mine.user, display_name="Ahmed B."
        )


def test_the_database_refuses_a_second_person_with_the_same_name(twente):
    MembershipFactory(region=twente, display_name="Fatima")
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(region=twente, display_name="FATIMA")


@pytest.mark.django_db(transaction=True)
def test_the_migration_numbers_names_that_were_used_twice():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    # Every app at its latest migration, members just before the constraint.
    before = [node for node in latest if node[0] != "members"] + [
        ("members", "0006_data_export")
    ]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Region = old.get_model("fairs", "Region")
    User = old.get_model("members", "User")
    Membership = old.get_model("members", "Membership")
    region = Region.objects.create(name="Twente", slug="twente", contact_email="t@t.nl")
    for n in range(3):
        Membership.objects.create(
            user=User.objects.create(email=f"sanne{n}@example.nl"),
            region=region,
            display_name="Sanne" if n != 1 else "sanne",
            kind="job_seeker",
            town="Hengelo",
            introduction="Hoi",
            status="active",
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    names = list(
        Membership.objects.order_by("pk").values_list("display_name", flat=True)
    )
    assert names == ["Sanne", "sanne (2)", "Sanne (3)"]

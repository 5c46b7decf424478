"""Every membership view against every role, plus the forms' behaviour."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from banenmarkt.models import AuditEntry
from members.models import Membership, RegionRole

from ..auth import sign_in_fresh
from ..factories import (
    AdminFactory,
    MembershipFactory,
    RegionFactory,
    RegionRoleFactory,
    UserFactory,
)
from ..roles import BOARD_READERS, MODERATORS, PROJECT_TEAM, ROLES, expected, make_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def twente():
    return RegionFactory(name="Twente", slug="twente")


@pytest.fixture
def nijmegen():
    return RegionFactory(name="Rijk van Nijmegen", slug="rijk-van-nijmegen")


VIEWS = {
    # name: (who may, url kwargs builder)
    "fairs:board": (BOARD_READERS, lambda r, pending, member: {"slug": r.slug}),
    "members:member-list": (BOARD_READERS, lambda r, pending, member: {"slug": r.slug}),
    "members:join-queue": (MODERATORS, lambda r, pending, member: {"slug": r.slug}),
    "members:join-question": (
        MODERATORS,
        lambda r, pending, member: {"slug": r.slug, "pk": pending.pk},
    ),
    "members:join-decline": (
        MODERATORS,
        lambda r, pending, member: {"slug": r.slug, "pk": pending.pk},
    ),
    "members:member-end": (
        MODERATORS,
        lambda r, pending, member: {"slug": r.slug, "pk": member.pk},
    ),
    "members:roles": (PROJECT_TEAM, lambda r, pending, member: {"slug": r.slug}),
    "members:leave": ({"member"}, lambda r, pending, member: {"slug": r.slug}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(VIEWS))
def test_region_views_role_matrix(client, twente, nijmegen, role, name):
    allowed, kwargs = VIEWS[name]
    pending = MembershipFactory(region=twente, status=Membership.Status.PENDING)
    member = MembershipFactory(region=twente)
    actor = make_actor(role, twente, nijmegen)
    if actor:
        sign_in_fresh(client, actor)
    response = client.get(reverse(name, kwargs=kwargs(twente, pending, member)))
    assert response.status_code == expected(role, allowed), (role, name)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ROLES)
def test_region_posts_to_moderator_actions_role_matrix(client, twente, nijmegen, role):
    """Writes are guarded like reads: nobody but the region's moderators
    approves, asks, declines or ends anything."""
    pending, held = MembershipFactory.create_batch(
        2, region=twente, status=Membership.Status.PENDING
    )
    member = MembershipFactory(region=twente)
    actor = make_actor(role, twente, nijmegen)
    if actor:
        sign_in_fresh(client, actor)
    slug = twente.slug
    responses = [
        client.post(
            reverse("members:join-queue", kwargs={"slug": slug}),
            {"approve": pending.pk},
        ),
        client.post(
            reverse("members:join-question", kwargs={"slug": slug, "pk": held.pk}),
            {"question": "Waarom?"},
        ),
        client.post(
            reverse("members:member-end", kwargs={"slug": slug, "pk": member.pk}),
            {"reason": "Reclame"},
        ),
    ]
    if role in MODERATORS:
        assert all(r.status_code == 302 for r in responses)
        statuses = Membership.objects.in_bulk([pending.pk, held.pk, member.pk])
        assert statuses[pending.pk].status == Membership.Status.ACTIVE
        assert statuses[held.pk].status == Membership.Status.QUESTION
        assert statuses[member.pk].status == Membership.Status.ENDED
    else:
        assert {r.status_code for r in responses} == {expected(role, MODERATORS)}
        assert Membership.objects.get(pk=pending.pk).status == Membership.Status.PENDING
        assert Membership.objects.get(pk=member.pk).status == Membership.Status.ACTIVE


@pytest.mark.parametrize("role", ROLES)
def test_join_and_dashboard_role_matrix(client, twente, nijmegen, role):
    actor = make_actor(role, twente, nijmegen)
    if actor:
        sign_in_fresh(client, actor)
    join = client.get(reverse("members:join", kwargs={"slug": twente.slug}))
    dashboard = client.get(reverse("members:dashboard"))
    region_page = client.get(twente.get_absolute_url())
    assert region_page.status_code == 200
    if role == "anonymous":
        assert join.status_code == dashboard.status_code == 302
        assert join["Location"].startswith(reverse("account_login"))
    elif role in ("pending", "member"):
        assert join.status_code == 302
        assert join["Location"] == reverse("members:dashboard")
        assert dashboard.status_code == 200
    else:
        assert join.status_code == dashboard.status_code == 200


def test_closed_region_shows_counts_only_to_outsiders(client, twente):
    MembershipFactory(region=twente, display_name="Geheime Naam")
    sign_in_fresh(client, UserFactory())
    page = client.get(twente.get_absolute_url()).content.decode()
    assert "Deze regio heeft 1 lid." in page
    assert "Geheime Naam" not in page
    assert reverse("fairs:board", kwargs={"slug": twente.slug}) not in page
    assert (
        client.get(
            reverse("members:member-list", kwargs={"slug": twente.slug})
        ).status_code
        == 403
    )


def test_member_sees_board_link_and_member_list(client, twente):
    membership = MembershipFactory(region=twente, display_name="Sanne")
    sign_in_fresh(client, membership.user)
    page = client.get(twente.get_absolute_url()).content.decode()
    assert reverse("fairs:board", kwargs={"slug": twente.slug}) in page
    members = client.get(reverse("members:member-list", kwargs={"slug": twente.slug}))
    assert "Sanne" in members.content.decode()


def test_join_form_requests_several_regions_and_keeps_input_on_error(
    client, twente, nijmegen
):
    user = UserFactory()
    sign_in_fresh(client, user)
    url = reverse("members:join", kwargs={"slug": twente.slug})
    form = client.get(url).content.decode()
    assert re.search(rf'name="regions" value="{twente.pk}"[^>]*checked', form)
    assert not re.search(rf'name="regions" value="{nijmegen.pk}"[^>]*checked', form)
    for label in (
        "Naam in de groep",
        "Ik ben",
        "Organisatie",
        "Woonplaats",
    ):
        assert f">{label}:</" in form or f">{label}</" in form, label
    # Optional (the moderator asks about an empty one): marked so.
    assert (
        '>Korte introductie <span class="field__optional">(niet verplicht)</span></'
        in form
    )

    bad = client.post(
        url,
        {
            "regions": [twente.pk, nijmegen.pk],
            "display_name": "Bakkerij Jansen",
            "kind": "employer",
            "organisation": "",
            "town": "Hengelo",
            "introduction": "Wij zoeken bakkers.",
        },
    )
    html = bad.content.decode()
    assert bad.status_code == 200
    assert "Vul je organisatie in" in html
    assert "Bakkerij Jansen" in html and "Wij zoeken bakkers." in html

    good = client.post(
        url,
        {
            "regions": [twente.pk, nijmegen.pk],
            "display_name": "Bakkerij Jansen",
            "kind": "employer",
            "organisation": "Bakkerij Jansen BV",
            "town": "Hengelo",
            "introduction": "Wij zoeken bakkers.",
        },
    )
    assert good.status_code == 302
    assert set(
        Membership.objects.filter(user=user).values_list("region__slug", "status")
    ) == {
        ("twente", "pending"),
        ("rijk-van-nijmegen", "pending"),
    }
    # A second click sends nothing twice.
    client.post(
        url,
        {
            "regions": [twente.pk],
            "display_name": "X",
            "kind": "job_seeker",
            "town": "Y",
            "introduction": "Z",
        },
    )
    assert Membership.objects.filter(user=user).count() == 2


def test_join_form_refuses_a_non_linkedin_url(client, twente):
    sign_in_fresh(client, UserFactory())
    response = client.post(
        reverse("members:join", kwargs={"slug": twente.slug}),
        {
            "regions": [twente.pk],
            "display_name": "Sanne",
            "kind": "job_seeker",
            "town": "Hengelo",
            "introduction": "Hallo",
            "linkedin_url": "https://example.com/sanne",
        },
    )
    assert "LinkedIn-profiel" in response.content.decode()
    assert not Membership.objects.exists()


def test_join_prefills_the_profile_of_an_earlier_request(client, twente, nijmegen):
    earlier = MembershipFactory(
        region=nijmegen, display_name="Werkzoekende Oost", town="Oss"
    )
    sign_in_fresh(client, earlier.user)
    html = client.get(
        reverse("members:join", kwargs={"slug": twente.slug})
    ).content.decode()
    assert 'value="Werkzoekende Oost"' in html
    assert 'value="Oss"' in html


def test_queue_approve_one_with_one_click(client, twente):
    moderator = RegionRoleFactory(region=twente).user
    pending = MembershipFactory(region=twente, status=Membership.Status.PENDING)
    sign_in_fresh(client, moderator)
    url = reverse("members:join-queue", kwargs={"slug": twente.slug})
    response = client.post(url, {"approve": pending.pk}, follow=True)
    assert "1 aanmelding goedgekeurd." in response.content.decode()
    assert Membership.objects.get(pk=pending.pk).status == Membership.Status.ACTIVE
    # The second click of a double click changes nothing and says so.
    again = client.post(url, {"approve": pending.pk}, follow=True)
    assert "al afgehandeld" in again.content.decode()
    assert AuditEntry.objects.filter(action="members.membership.approved").count() == 1


def test_queue_approves_a_hundred_in_one_action(
    client, twente, django_capture_on_commit_callbacks
):
    moderator = RegionRoleFactory(region=twente).user
    requests = MembershipFactory.create_batch(
        100, region=twente, status=Membership.Status.PENDING
    )
    sign_in_fresh(client, moderator)
    url = reverse("members:join-queue", kwargs={"slug": twente.slug})
    page = client.get(url).content.decode()
    on_page = [m.pk for m in requests if f'name="on_page" value="{m.pk}"' in page]
    assert len(on_page) == 100

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"approve_page": "1", "on_page": on_page}, follow=True
        )
    assert "100 aanmeldingen goedgekeurd." in response.content.decode()
    assert Membership.objects.filter(status=Membership.Status.ACTIVE).count() == 100
    assert len(mail.outbox) == 100


def test_queue_approves_selected(client, twente):
    moderator = RegionRoleFactory(region=twente).user
    a, b, c = MembershipFactory.create_batch(
        3, region=twente, status=Membership.Status.PENDING
    )
    sign_in_fresh(client, moderator)
    client.post(
        reverse("members:join-queue", kwargs={"slug": twente.slug}),
        {"approve_selected": "1", "selected": [a.pk, c.pk]},
    )
    statuses = dict(Membership.objects.values_list("pk", "status"))
    assert statuses == {a.pk: "active", b.pk: "pending", c.pk: "active"}


def test_queue_is_oldest_first_and_hides_other_regions(client, twente, nijmegen):
    moderator = RegionRoleFactory(region=twente).user
    first = MembershipFactory(
        region=twente, status="pending", display_name="Eerste Aanvrager"
    )
    second = MembershipFactory(
        region=twente, status="pending", display_name="Tweede Aanvrager"
    )
    MembershipFactory(
        region=nijmegen, status="pending", display_name="Nijmeegse Aanvrager"
    )
    sign_in_fresh(client, moderator)
    html = client.get(
        reverse("members:join-queue", kwargs={"slug": twente.slug})
    ).content.decode()
    assert html.index(first.display_name) < html.index(second.display_name)
    assert "Nijmeegse Aanvrager" not in html


def test_moderator_of_one_region_cannot_act_in_another(client, twente, nijmegen):
    moderator = RegionRoleFactory(
        region=nijmegen, role=RegionRole.Role.PROJECT_TEAM
    ).user
    pending = MembershipFactory(region=twente, status="pending")
    sign_in_fresh(client, moderator)
    response = client.post(
        reverse("members:join-queue", kwargs={"slug": twente.slug}),
        {"approve": pending.pk},
    )
    assert response.status_code == 403
    # And a request of Twente cannot be reached through Nijmegen's pages.
    response = client.get(
        reverse(
            "members:join-question", kwargs={"slug": nijmegen.slug, "pk": pending.pk}
        )
    )
    assert response.status_code == 404
    assert Membership.objects.get(pk=pending.pk).status == "pending"


@pytest.mark.parametrize("count", [5, 500])
def test_queue_runs_a_constant_number_of_queries(
    client, twente, count, django_assert_max_num_queries
):
    moderator = RegionRoleFactory(region=twente).user
    MembershipFactory.create_batch(count, region=twente, status="pending")
    MembershipFactory.create_batch(
        3, region=twente, status="question", question="Waarom?"
    )
    sign_in_fresh(client, moderator)
    url = reverse("members:join-queue", kwargs={"slug": twente.slug})
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_member_list_and_dashboard_run_a_constant_number_of_queries(
    client, twente, count, django_assert_max_num_queries
):
    member = MembershipFactory(region=twente)
    MembershipFactory.create_batch(count, region=twente)
    for _ in range(count // 5):
        MembershipFactory(user=member.user)
    sign_in_fresh(client, member.user)
    with django_assert_max_num_queries(9):
        client.get(reverse("members:member-list", kwargs={"slug": twente.slug}))
    with django_assert_max_num_queries(9):
        client.get(reverse("members:dashboard"))


def test_question_flow_through_the_pages(
    client, twente, django_capture_on_commit_callbacks
):
    moderator = RegionRoleFactory(region=twente).user
    pending = MembershipFactory(
        region=twente, status="pending", display_name="xX_Wolf_Xx"
    )
    sign_in_fresh(client, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(
                "members:join-question", kwargs={"slug": twente.slug, "pk": pending.pk}
            ),
            {"question": "Waarom kies je deze naam?"},
        )
    assert mail.outbox[-1].to == [pending.user.email]

    sign_in_fresh(client, pending.user)
    dashboard = client.get(reverse("members:dashboard")).content.decode()
    assert "Waarom kies je deze naam?" in dashboard
    edit_url = reverse("members:request-edit", kwargs={"pk": pending.pk})
    missing = client.post(
        edit_url,
        {
            "display_name": "Werkzoekende Hengelo",
            "kind": "job_seeker",
            "town": "Hengelo",
            "introduction": "Hallo",
        },
    )
    assert missing.status_code == 200  # the answer is required
    assert "Werkzoekende Hengelo" in missing.content.decode()
    client.post(
        edit_url,
        {
            "display_name": "Werkzoekende Hengelo",
            "kind": "job_seeker",
            "town": "Hengelo",
            "introduction": "Hallo",
            "answer": "Ik wil anoniem meedoen.",
        },
    )
    pending.refresh_from_db()
    assert (pending.status, pending.display_name) == ("pending", "Werkzoekende Hengelo")

    sign_in_fresh(client, moderator)
    queue = client.get(
        reverse("members:join-queue", kwargs={"slug": twente.slug})
    ).content.decode()
    assert "Ik wil anoniem meedoen." in queue
    client.post(
        reverse("members:join-queue", kwargs={"slug": twente.slug}),
        {"approve": pending.pk},
    )
    assert Membership.objects.get(pk=pending.pk).status == "active"


def test_request_pages_are_only_for_their_owner(client, twente):
    pending = MembershipFactory(region=twente, status="pending")
    sign_in_fresh(client, UserFactory())
    assert (
        client.get(
            reverse("members:request-edit", kwargs={"pk": pending.pk})
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("members:request-withdraw", kwargs={"pk": pending.pk})
        ).status_code
        == 404
    )
    sign_in_fresh(client, pending.user)
    client.post(reverse("members:request-withdraw", kwargs={"pk": pending.pk}))
    assert Membership.objects.get(pk=pending.pk).status == "withdrawn"


def test_decline_page_requires_reason_and_keeps_the_note(client, twente):
    moderator = RegionRoleFactory(region=twente).user
    pending = MembershipFactory(region=twente, status="pending")
    sign_in_fresh(client, moderator)
    url = reverse(
        "members:join-decline", kwargs={"slug": twente.slug, "pk": pending.pk}
    )
    response = client.post(url, {"reason": "other", "note": ""})
    assert "Leg de reden uit." in response.content.decode()
    client.post(url, {"reason": "spam"})
    assert Membership.objects.get(pk=pending.pk).decline_reason == "spam"


def test_leave_page(client, twente):
    membership = MembershipFactory(region=twente)
    sign_in_fresh(client, membership.user)
    client.post(reverse("members:leave", kwargs={"slug": twente.slug}))
    assert Membership.objects.get(pk=membership.pk).status == "left"
    assert (
        client.get(reverse("fairs:board", kwargs={"slug": twente.slug})).status_code
        == 403
    )


def test_roles_page_appoints_and_removes(client, twente):
    project_team = RegionRoleFactory(region=twente, role="project_team").user
    colleague = UserFactory(email="collega@example.nl")
    sign_in_fresh(client, project_team)
    url = reverse("members:roles", kwargs={"slug": twente.slug})
    client.post(url, {"email": "COLLEGA@example.nl", "role": "moderator"})
    role = RegionRole.objects.get(user=colleague)
    assert (role.region, role.role, role.appointed_by) == (
        twente,
        "moderator",
        project_team,
    )
    client.post(
        reverse("members:role-remove", kwargs={"slug": twente.slug, "pk": role.pk})
    )
    assert not RegionRole.objects.filter(user=colleague).exists()


def test_navigation_counts_pending_requests_for_moderators(client, twente, nijmegen):
    moderator = RegionRoleFactory(region=twente).user
    RegionRoleFactory(region=twente, role="project_team", user=moderator)
    MembershipFactory.create_batch(3, region=twente, status="pending")
    MembershipFactory.create_batch(2, region=nijmegen, status="pending")
    sign_in_fresh(client, moderator)
    html = client.get(reverse("fairs:home")).content.decode()
    assert 'Taken <span class="count">3</span>' in html
    assert "3 aanmeldingen, 0 berichten te beoordelen" in html

    sign_in_fresh(client, MembershipFactory(region=twente).user)
    assert 'class="count"' not in client.get(reverse("fairs:home")).content.decode()


def test_admin_appoints_roles_in_the_django_admin(client, twente):
    admin = AdminFactory()
    person = UserFactory()
    sign_in_fresh(client, admin)
    response = client.post(
        reverse("admin:members_regionrole_add"),
        {"user": person.pk, "region": twente.pk, "role": "staff"},
    )
    assert response.status_code == 302
    assert RegionRole.objects.filter(user=person, region=twente, role="staff").exists()
    assert AuditEntry.objects.filter(action="members.role.appointed").count() == 1

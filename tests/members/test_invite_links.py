"""Invite links per channel: the project team makes them, people land on
them, and the join request made afterwards counts for the first link
opened (docs/membership.md, "Invite links")."""

import re
from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from banenmarkt.emails import absolute_url
from banenmarkt.models import AuditEntry, BsnFlag
from fairs import services as fair_services
from fairs.models import Edition
from fairs.schedule import AMSTERDAM
from members import selectors, services
from members.models import InviteLink, Membership
from members.views import INVITE_COOKIE

from ..auth import sign_in_fresh
from ..factories import MembershipFactory, RegionFactory, RegionRoleFactory, UserFactory
from ..test_qr import _expected, _modules

# Between two fairs: the one of 1 December 2026 closed, the next is ahead.
MOMENT = datetime(2026, 12, 9, 12, tzinfo=AMSTERDAM)


@pytest.fixture
def world(db, time_machine):
    time_machine.move_to(MOMENT, tick=False)
    twente = RegionFactory(name="Twente", slug="twente")
    nijmegen = RegionFactory(name="Rijk van Nijmegen", slug="rijk-van-nijmegen")
    fair_services.editions_generate()
    team = RegionRoleFactory(region=twente, role="project_team").user
    return {"twente": twente, "nijmegen": nijmegen, "team": team}


def _link(world, name="Poster bibliotheek Enschede", channel="poster", region=None):
    return services.invite_link_create(
        region=region or world["twente"],
        channel=channel,
        name=name,
        by=world["team"],
    )


def _join(client, region, display_name="Werkzoeker Hengelo"):
    return client.post(
        reverse("members:join", kwargs={"slug": region.slug}),
        {
            "regions": [region.pk],
            "display_name": display_name,
            "kind": Membership.Kind.JOB_SEEKER,
            "town": "Hengelo",
            "introduction": "Ik zoek werk.",
        },
    )


def _landing(link):
    return reverse("members:invite", kwargs={"token": link.token})


# --- Making and switching off ------------------------------------------------


def test_a_link_has_an_unguessable_token_and_an_audit_entry(world):
    link = _link(world)
    other = _link(world, name="Handtekening", channel="email_signature")
    assert len(link.token) >= 20 and link.token != other.token
    assert link.created_by == world["team"] and link.is_active
    entry = AuditEntry.objects.filter(action="members.invite_link.create").first()
    assert AuditEntry.objects.filter(action="members.invite_link.create").count() == 2
    assert entry.region == world["twente"] and entry.actor == world["team"]


def test_archive_and_reactivate_are_audited(world):
    link = _link(world)
    services.invite_link_archive(link=link, by=world["team"])
    link.refresh_from_db()
    assert not link.is_active
    # A second click changes nothing and records nothing.
    services.invite_link_archive(link=link, by=world["team"])
    assert AuditEntry.objects.filter(action="members.invite_link.archive").count() == 1
    services.invite_link_reactivate(link=link, by=world["team"])
    link.refresh_from_db()
    assert link.is_active
    assert AuditEntry.objects.filter(action="members.invite_link.reactivate").exists()


def test_a_region_has_at_most_fifty_active_links(world, settings):
    settings.LANGUAGE_CODE = "en"
    for number in range(InviteLink.MAX_ACTIVE_PER_REGION):
        last = _link(world, name=f"Link {number}")
    with pytest.raises(ValidationError) as error:
        _link(world, name="One too many")
    assert error.value.code == "invite_link_limit"
    # Another region has its own limit; a switched-off link frees a place,
    # and switching it on again meets the limit.
    _link(world, name="Elders", region=world["nijmegen"])
    services.invite_link_archive(link=last, by=world["team"])
    extra = _link(world, name="Now it fits")
    with pytest.raises(ValidationError):
        services.invite_link_reactivate(link=last, by=world["team"])
    assert extra.is_active


def test_the_team_makes_switches_off_and_on_through_the_page(client, world):
    sign_in_fresh(client, world["team"])
    url = reverse("members:invite-links", kwargs={"slug": "twente"})
    response = client.post(
        url, {"channel": "caseworker", "name": "Klantmanagers Enschede"}
    )
    assert response.status_code == 302
    link = InviteLink.objects.get()
    assert link.channel == InviteLink.Channel.CASEWORKER
    page = client.get(url).content.decode()
    assert absolute_url(_landing(link)) in page
    # The caseworker's ready message names the next fair day and the link.
    assert re.search(rf"<textarea[^>]*id=\"message-{link.pk}\"", page)
    client.post(
        reverse("members:invite-link-archive", kwargs={"slug": "twente", "pk": link.pk})
    )
    link.refresh_from_db()
    assert not link.is_active
    client.post(
        reverse(
            "members:invite-link-reactivate", kwargs={"slug": "twente", "pk": link.pk}
        )
    )
    link.refresh_from_db()
    assert link.is_active


def test_a_link_of_another_region_is_not_found(client, world):
    theirs = _link(world, region=world["nijmegen"])
    sign_in_fresh(client, world["team"])
    for name, method in (
        ("members:invite-link-archive", "post"),
        ("members:invite-link-qr", "get"),
    ):
        url = reverse(name, kwargs={"slug": "twente", "pk": theirs.pk})
        assert getattr(client, method)(url).status_code == 404


def test_the_name_gets_the_bsn_guard(client, world):
    sign_in_fresh(client, world["team"])
    url = reverse("members:invite-links", kwargs={"slug": "twente"})
    response = client.post(url, {"channel": "other", "name": "BSN 111222333"})
    assert response.status_code == 200
    assert not InviteLink.objects.exists()


# --- The landing page ----------------------------------------------------------


def test_an_unknown_token_is_not_found(client, world):
    response = client.get(reverse("members:invite", kwargs={"token": "nope"}))
    assert response.status_code == 404


def test_the_landing_page_names_the_region_and_its_next_fair(client, world):
    link = _link(world)
    MembershipFactory(region=world["twente"], display_name="Geheime Naam")
    response = client.get(_landing(link))
    assert response.status_code == 200
    page = response.content.decode()
    upcoming = (
        Edition.objects.filter(region=world["twente"], starts_at__gt=MOMENT)
        .order_by("starts_at")
        .first()
    )
    assert f'datetime="{timezone.localtime(upcoming.starts_at).isoformat()}"' in page
    join = reverse("members:join", kwargs={"slug": "twente"})
    assert reverse("account_signup") + "?next=" + join.replace("/", "%2F") in page
    assert reverse("account_login") + "?next=" + join.replace("/", "%2F") in page
    # No personal data: not the members, not who made the link.
    assert "Geheime Naam" not in page
    assert world["team"].email not in page


def test_a_signed_in_visitor_goes_straight_to_the_join_form(client, world):
    link = _link(world)
    client.force_login(UserFactory())
    page = client.get(_landing(link)).content.decode()
    assert f'href="{reverse("members:join", kwargs={"slug": "twente"})}"' in page


def test_a_member_is_told_so_instead(client, world):
    link = _link(world)
    member = MembershipFactory(region=world["twente"])
    client.force_login(member.user)
    page = client.get(_landing(link)).content.decode()
    assert reverse("fairs:board", kwargs={"slug": "twente"}) in page
    assert 'id="invite-join"' not in page
    # Nothing to count: they are in already.
    assert INVITE_COOKIE not in client.cookies


def test_landing_writes_nothing_to_the_database(client, world):
    link = _link(world)
    for user in (None, UserFactory()):
        if user:
            client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_landing(link)).status_code == 200
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
            # The idle-session clock of a signed-in visitor (members.middleware)
            # is the session's, not the landing page's.
            and "django_session" not in q["sql"]
        ]
        assert writes == []
    assert INVITE_COOKIE in client.cookies


# --- Attribution ------------------------------------------------------------------


def test_signup_then_join_counts_for_the_link(client, world):
    link = _link(world)
    client.get(_landing(link))
    # Signing up and verifying the address happen in the same browser.
    client.force_login(UserFactory())
    assert _join(client, world["twente"]).status_code == 302
    assert Membership.objects.get().invite_link == link
    # Counted once: the cookie is spent for this region.
    assert client.cookies[INVITE_COOKIE].value == ""


def test_only_the_first_link_of_a_region_counts(client, world):
    first = _link(world)
    second = _link(world, name="Handtekening", channel="email_signature")
    client.get(_landing(first))
    client.get(_landing(second))
    client.force_login(UserFactory())
    _join(client, world["twente"])
    assert Membership.objects.get().invite_link == first


def test_a_link_counts_only_for_its_own_region(client, world):
    link = _link(world)
    client.get(_landing(link))
    client.force_login(UserFactory())
    _join(client, world["nijmegen"])
    membership = Membership.objects.get()
    assert membership.region == world["nijmegen"] and membership.invite_link is None
    # Still remembered for Twente.
    _join(client, world["twente"], display_name="Ander")
    assert Membership.objects.get(region=world["twente"]).invite_link == link


def test_an_archived_link_lands_kindly_but_counts_nobody(client, world):
    link = _link(world)
    services.invite_link_archive(link=link, by=world["team"])
    response = client.get(_landing(link))
    assert response.status_code == 200
    assert 'id="invite-archived"' in response.content.decode()
    assert 'id="invite-join"' in response.content.decode()
    assert INVITE_COOKIE not in client.cookies
    client.force_login(UserFactory())
    _join(client, world["twente"])
    assert Membership.objects.get().invite_link is None


def test_a_link_switched_off_after_landing_counts_nobody(client, world):
    link = _link(world)
    client.get(_landing(link))
    services.invite_link_archive(link=link, by=world["team"])
    client.force_login(UserFactory())
    _join(client, world["twente"])
    assert Membership.objects.get().invite_link is None


def test_a_later_link_counts_when_the_first_was_switched_off(client, world):
    first = _link(world)
    second = _link(world, name="Handtekening", channel="email_signature")
    client.get(_landing(first))
    services.invite_link_archive(link=first, by=world["team"])
    client.get(_landing(second))
    client.force_login(UserFactory())
    _join(client, world["twente"])
    assert Membership.objects.get().invite_link == second


def test_a_tampered_cookie_is_ignored(client, world):
    _link(world)
    client.cookies[INVITE_COOKIE] = "made-up"
    client.force_login(UserFactory())
    assert _join(client, world["twente"]).status_code == 302
    assert Membership.objects.get().invite_link is None


# --- Counts ------------------------------------------------------------------------


def test_counts_per_link_and_only_this_region(world):
    poster = _link(world)
    signature = _link(world, name="Handtekening", channel="email_signature")
    theirs = _link(world, region=world["nijmegen"])
    twente = world["twente"]
    for status in ("active", "active", "pending", "question", "declined", "left"):
        MembershipFactory(
            region=twente,
            status=status,
            invite_link=poster,
            decline_reason="spam" if status == "declined" else "",
        )
    MembershipFactory(region=twente, invite_link=signature)
    MembershipFactory(region=twente)  # came without a link
    MembershipFactory(region=world["nijmegen"], invite_link=theirs)
    counts = {
        link.pk: (link.requested, link.joined, link.waiting)
        for link in selectors.invite_links(region=twente)
    }
    assert counts == {poster.pk: (6, 2, 2), signature.pk: (1, 1, 0)}


def test_the_page_shows_the_counts(client, world):
    poster = _link(world)
    MembershipFactory(region=world["twente"], invite_link=poster)
    MembershipFactory(region=world["twente"], invite_link=poster, status="pending")
    sign_in_fresh(client, world["team"])
    page = client.get(
        reverse("members:invite-links", kwargs={"slug": "twente"})
    ).content.decode()
    assert '<dd data-count="requested">2</dd>' in page
    assert '<dd data-count="joined">1</dd>' in page
    assert '<dd data-count="waiting">1</dd>' in page
    assert 'class="qr"' in page


@pytest.mark.parametrize("count", [3, 40])
def test_the_page_runs_a_constant_number_of_queries(
    client, world, count, django_assert_max_num_queries
):
    channels = list(InviteLink.Channel.values)
    links = [
        _link(world, name=f"Link {n}", channel=channels[n % len(channels)])
        for n in range(count)
    ]
    for n in range(count * 3):
        MembershipFactory(
            region=world["twente"],
            invite_link=links[n % count],
            status=("active", "pending", "left")[n % 3],
        )
    sign_in_fresh(client, world["team"])
    url = reverse("members:invite-links", kwargs={"slug": "twente"})
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_the_qr_file_encodes_the_landing_url(client, world):
    link = _link(world)
    sign_in_fresh(client, world["team"])
    response = client.get(
        reverse("members:invite-link-qr", kwargs={"slug": "twente", "pk": link.pk})
    )
    assert response["Content-Type"] == "image/svg+xml"
    assert "attachment" in response["Content-Disposition"]
    assert _modules(response.content.decode()) == _expected(
        absolute_url(_landing(link))
    )


def test_a_bare_number_in_the_name_is_flagged_for_the_moderators(client, world):
    sign_in_fresh(client, world["team"])
    url = reverse("members:invite-links", kwargs={"slug": "twente"})
    response = client.post(
        url, {"channel": "other", "name": "Balie 111222333", "not_a_bsn": "on"}
    )
    assert response.status_code == 302
    link = InviteLink.objects.get()
    flag = BsnFlag.objects.get()
    assert flag.target_id == link.pk and flag.region == world["twente"]
    flags = client.get(reverse("moderation:bsn-flags", kwargs={"slug": "twente"}))
    assert flags.status_code == 200


def test_the_link_stays_when_its_maker_deletes_their_account(world):
    link = _link(world)
    member = MembershipFactory(region=world["twente"], invite_link=link)
    services.account_delete(user=world["team"], by=world["team"])
    link.refresh_from_db()
    assert link.created_by is None and link.name == "Poster bibliotheek Enschede"
    member.refresh_from_db()
    assert member.invite_link == link

"""A flood meets a limit with a clear Dutch message, not a crash: per member
(counted in the database) and per address (in the cache, failing open)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from banenmarkt import limits
from fairs import services as fair_services
from fairs.models import Post, Reaction
from members import services as member_services
from members.models import Membership
from moderation import services as moderation_services

from ..factories import MembershipFactory
from .conftest import publish, vacancy_fields

pytestmark = pytest.mark.django_db


def test_the_21st_post_in_ten_minutes_is_refused_and_the_form_kept(
    client, fair, employer, time_machine
):
    for i in range(limits.POSTS.per_member):
        publish(employer, [fair[0]], title=f"Vacature {i}")
    client.force_login(employer)
    response = client.post(
        reverse("fairs:vacancy-create"),
        {
            **vacancy_fields(title="Nog een vacature"),
            "regions": [fair[0].pk],
            "publish": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Wacht 10 minuten" in html
    assert 'value="Nog een vacature"' in html
    assert Post.objects.count() == limits.POSTS.per_member
    # Ten minutes later it is fine again.
    time_machine.shift(timedelta(minutes=10, seconds=1))
    publish(employer, [fair[0]], title="Na de pauze")


def test_reactions_are_limited_per_member(fair, employer, seeker):
    post = publish(employer, [fair[0]])
    publication = post.publications.get()
    for i in range(limits.REACTIONS.per_member):
        fair_services.reaction_create(
            publication=publication, author=seeker, text=f"Reactie {i}"
        )
    with pytest.raises(limits.LimitReached):
        fair_services.reaction_create(
            publication=publication, author=seeker, text="Te veel"
        )
    assert Reaction.objects.count() == limits.REACTIONS.per_member


def test_the_authors_first_answer_to_each_reaction_is_never_limited(fair, employer):
    publication = publish(employer, [fair[0]]).publications.get()
    reactions = [
        fair_services.reaction_create(
            publication=publication,
            author=MembershipFactory(region=fair[0]).user,
            text=f"Interesse {i}",
        )
        for i in range(limits.REACTIONS.per_member + 5)
    ]
    for reaction in reactions:
        fair_services.reaction_create(
            publication=publication, author=employer, text="Bedankt!", parent=reaction
        )
    # A second answer to the same reaction counts as usual.
    with pytest.raises(limits.LimitReached):
        fair_services.reaction_create(
            publication=publication,
            author=employer,
            text="Nog iets",
            parent=reactions[0],
        )


def test_reports_are_limited_per_member(fair, employer, seeker):
    publications = [
        publish(employer, [fair[0]], title=f"V{i}").publications.get()
        for i in range(limits.REPORTS.per_member + 1)
    ]
    for publication in publications[:-1]:
        moderation_services.report_create(
            publication=publication, reporter=seeker, reason="Vreemd"
        )
    with pytest.raises(limits.LimitReached):
        moderation_services.report_create(
            publication=publications[-1], reporter=seeker, reason="Vreemd"
        )


def test_asking_to_join_again_and_again_meets_a_limit(fair):
    twente = fair[0]
    pending = MembershipFactory(region=twente, status=Membership.Status.PENDING)
    user = pending.user
    profile = {
        "display_name": "Sanne",
        "kind": "job_seeker",
        "town": "Hengelo",
        "introduction": "Ik zoek werk.",
    }
    member_services.membership_withdraw(membership=pending, user=user)
    for _ in range(limits.JOIN_REQUESTS.per_member - 1):
        (request,) = member_services.membership_request(
            user=user, regions=[twente], **profile
        )
        member_services.membership_withdraw(membership=request, user=user)
    with pytest.raises(ValidationError) as refused:
        member_services.membership_request(user=user, regions=[twente], **profile)
    assert "Wacht tot morgen" in refused.value.messages[0]


def test_one_address_is_limited_across_accounts(fair):
    twente = fair[0]
    authors = [
        MembershipFactory(region=twente, kind="employer", organisation=f"B{i}").user
        for i in range(4)
    ]
    allowed = limits.POSTS.per_address
    made = 0
    with pytest.raises(limits.LimitReached):
        for _round in range(allowed):
            for author in authors:
                fair_services.post_create(
                    author=author,
                    kind=Post.Kind.VACANCY,
                    regions=[twente],
                    fields=vacancy_fields(title=f"V{made}"),
                    ip="192.0.2.10",
                )
                made += 1
    assert made == allowed
    # The same members from another address are not affected.
    fair_services.post_create(
        author=authors[1],
        kind=Post.Kind.VACANCY,
        regions=[twente],
        fields=vacancy_fields(title="Elders"),
        ip="192.0.2.11",
    )


def test_the_address_limit_fails_open_when_the_cache_is_down(fair, employer, caplog):
    """A cache that cannot be reached (nothing listens on port 1): the post
    goes through and the lost limit is logged."""
    import logging

    security = logging.getLogger("banenmarkt.security")
    security.addHandler(caplog.handler)
    down = {
        "default": {
            "BACKEND": "banenmarkt.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
            },
        }
    }
    try:
        with override_settings(CACHES=down, DJANGO_REDIS_IGNORE_EXCEPTIONS=True):
            from django.core.cache import caches

            caches.close_all()
            fair_services.post_create(
                author=employer,
                kind=Post.Kind.VACANCY,
                regions=[fair[0]],
                fields=vacancy_fields(),
                ip="192.0.2.10",
            )
    finally:
        security.removeHandler(caplog.handler)
        from django.core.cache import caches

        caches.close_all()
    assert Post.objects.count() == 1
    assert any("limit.unavailable" in r.getMessage() for r in caplog.records)


def test_behind_a_trusted_proxy_the_client_address_counts(rf, settings):
    from banenmarkt.security import client_ip

    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5, 10.0.0.1"
    )
    assert client_ip(request) == "10.0.0.1"  # no proxy trusted: the peer
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.5"


def test_an_ipv6_address_counts_with_its_64():
    assert limits.address_group("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert limits.address_group("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert limits.address_group("192.0.2.10") == "192.0.2.10"


def test_join_requests_from_one_address_are_counted_per_hour(fair, time_machine):
    for _ in range(limits.JOIN_REQUESTS.per_address):
        limits.address_limit_hit(limit=limits.JOIN_REQUESTS, address="192.0.2.20")
    with pytest.raises(limits.LimitReached):
        limits.address_limit_hit(limit=limits.JOIN_REQUESTS, address="192.0.2.20")
    time_machine.shift(timedelta(hours=1))
    limits.address_limit_hit(limit=limits.JOIN_REQUESTS, address="192.0.2.20")


def test_reporting_the_same_post_again_counts_for_no_limit(fair, employer, seeker):
    publication = publish(employer, [fair[0]]).publications.get()
    for _ in range(limits.REPORTS.per_address + 5):
        moderation_services.report_create(
            publication=publication, reporter=seeker, reason="Vreemd", ip="192.0.2.30"
        )
    other = publish(employer, [fair[0]], title="Ander").publications.get()
    moderation_services.report_create(
        publication=other, reporter=seeker, reason="Vreemd", ip="192.0.2.30"
    )

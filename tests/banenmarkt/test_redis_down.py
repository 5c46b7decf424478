"""Redis down, site up; broker slow, request fast. Against a Redis server of
the test's own, which it pauses (SIGSTOP: connections hang) and stops
(connections refused). The shared Redis is never touched."""

import os
import signal
import time

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from banenmarkt.models import OutboxItem
from banenmarkt.outbox import outbox_flush
from members.models import Membership

from ..factories import (
    PASSWORD,
    MembershipFactory,
    RegionFactory,
    RegionRoleFactory,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _approve_while(client, region) -> tuple[float, Membership]:
    """A moderator approves a join request; the request queues an email.
    Returns how long the request took and the membership."""
    pending = MembershipFactory(region=region, status=Membership.Status.PENDING)
    started = time.monotonic()
    response = client.post(
        reverse("members:join-queue", kwargs={"slug": region.slug}),
        {"approve": pending.pk},
    )
    assert response.status_code == 302
    return time.monotonic() - started, pending


@pytest.mark.parametrize("fault", ["paused", "stopped"])
def test_a_request_that_queues_work_never_waits_on_the_broker(client, own_redis, fault):
    region = RegionFactory()
    client.force_login(RegionRoleFactory(region=region).user)
    baseline, _first = _approve_while(client, region)  # Redis up: published
    assert not OutboxItem.objects.exists()

    process = own_redis["process"]
    if fault == "paused":
        os.kill(process.pid, signal.SIGSTOP)
    else:
        process.terminate()
        process.wait(timeout=10)
    try:
        took, pending = _approve_while(client, region)
    finally:
        if fault == "paused":
            os.kill(process.pid, signal.SIGCONT)
    # The publish gives up after 0.2 s per step; the task waits in the outbox.
    assert took - baseline < 1.0, took
    assert Membership.objects.get(pk=pending.pk).status == Membership.Status.ACTIVE
    item = OutboxItem.objects.get()
    assert item.args == [[pending.pk], "approved"]
    if fault == "paused":
        # Redis is back: the sweep publishes it, once.
        assert outbox_flush() == 1
        assert outbox_flush() == 0


def test_signed_in_pages_work_with_the_cache_down(
    client,
    own_redis,
):
    """The cache is Redis (as in docker-compose) and fails open: sessions
    come from the database, pages answer."""
    cache = {
        "default": {
            "BACKEND": "banenmarkt.cache.FailOpenRedisCache",
            "LOCATION": own_redis["url"].replace("/0", "/1"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
            },
        }
    }
    with override_settings(CACHES=cache, DJANGO_REDIS_IGNORE_EXCEPTIONS=True):
        caches.close_all()
        region = RegionFactory()
        member = MembershipFactory(region=region).user
        client.force_login(member)
        board = reverse("fairs:board", kwargs={"slug": region.slug})
        assert client.get(board).status_code == 200

        process = own_redis["process"]
        os.kill(process.pid, signal.SIGSTOP)
        try:
            assert client.get(board).status_code == 200  # still signed in
            assert client.get(reverse("members:dashboard")).status_code == 200
        finally:
            os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        process.wait(timeout=10)
        assert client.get(board).status_code == 200
        client.logout()
        response = client.post(
            reverse("account_login"),
            {"login": member.email, "password": PASSWORD},
        )
        # The rate limit cannot count while the cache is down: it lets the
        # login through (and logs it) instead of refusing everyone.
        assert response.status_code == 302
        assert client.get(board).status_code == 200
        caches.close_all()

"""Idle sessions end, and keeping track of that writes nothing per page view
(issue 19: "a page view writes nothing"). The last request's moment is in
the cache; the session keeps a copy written at most once per half limit."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.middleware import SEEN_KEY
from tests.factories import EditionFactory, MembershipFactory, RegionRoleFactory

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def _writes(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].lstrip().split(" ", 1)[0].upper() in WRITES
    ]


def test_page_views_an_hour_long_write_nothing(client, region, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    EditionFactory(region=region, day=timezone.localdate())
    member = MembershipFactory(region=region).user
    client.force_login(member)
    board = reverse("fairs:board", kwargs={"slug": region.slug})
    client.get(board)  # the first request after signing in stores the limit
    for _ in range(30):
        time_machine.shift(timedelta(minutes=2))
        assert _writes(client, board) == []


def test_staff_sessions_are_written_once_per_half_limit(client, region, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(RegionRoleFactory(region=region).user)
    home = reverse("members:dashboard")
    client.get(home)
    first = client.session[SEEN_KEY]
    written = 0
    for _ in range(12):  # two hours, a page every ten minutes
        time_machine.shift(timedelta(minutes=10))
        written += bool(_writes(client, home))
    # The session's copy moved once an hour (half of the two-hour limit).
    assert written == 2
    assert client.session[SEEN_KEY] > first


def test_with_the_cache_lost_an_active_member_stays_signed_in(
    client, region, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(RegionRoleFactory(region=region).user)
    home = reverse("members:dashboard")
    for _ in range(8):  # four hours of activity, a page every half hour
        time_machine.shift(timedelta(minutes=30))
        cache.clear()  # Redis restarted: every marker is gone
        assert client.get(home).status_code == 200


def test_with_the_cache_lost_a_session_idle_for_less_than_the_limit_stays(
    client, region, time_machine
):
    """The session's copy was last written when the moderator began (0:00);
    active until 0:50, away 75 minutes, and Redis lost meanwhile: still
    signed in (the copy may be half a limit behind, so it is not enough to
    sign anyone out at the limit)."""
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(RegionRoleFactory(region=region).user)
    home = reverse("members:dashboard")
    for _ in range(6):
        assert client.get(home).status_code == 200
        time_machine.shift(timedelta(minutes=10))
    time_machine.shift(timedelta(minutes=65))
    cache.clear()
    assert client.get(home).status_code == 200


def test_with_the_cache_lost_an_idle_session_ends_with_the_session(
    client, region, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(RegionRoleFactory(region=region).user)
    home = reverse("members:dashboard")
    client.get(home)
    time_machine.shift(timedelta(hours=3, minutes=1))
    cache.clear()
    response = client.get(home)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_while_the_cache_is_down_the_session_keeps_the_moment_once_a_minute(
    client, region, time_machine, settings
):
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(RegionRoleFactory(region=region).user)
    home = reverse("members:dashboard")
    client.get(home)
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    time_machine.shift(timedelta(minutes=2))
    client.get(home)
    assert client.session[SEEN_KEY] == timezone.now().timestamp()


def test_an_idle_session_is_gone_from_the_store_after_one_and_a_half_limits(
    client, region, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(RegionRoleFactory(region=region).user)
    client.get(reverse("members:dashboard"))
    expiry = client.session.get_expiry_date()
    assert expiry - timezone.now() == timedelta(hours=3)

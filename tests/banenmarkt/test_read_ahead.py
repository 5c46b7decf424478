"""banenmarkt.cache.request_get: the header's cached values of a page in one
round trip."""

import pytest
from django.core.cache import cache as real_cache
from django.test import RequestFactory
from django.urls import reverse

import banenmarkt.cache
from banenmarkt.cache import read_ahead, request_get, request_get_many

from ..auth import sign_in_fresh
from ..factories import MembershipFactory

pytestmark = pytest.mark.django_db


class Counting:
    def __init__(self, calls):
        self.calls = calls

    def __getattr__(self, name):
        self.calls.append(name)
        return getattr(real_cache, name)


def test_a_page_s_header_reads_its_values_in_one_round_trip(client, monkeypatch):
    """The menu's counts of three apps and the live banner: one get_many."""
    calls = []
    monkeypatch.setattr(banenmarkt.cache, "cache", Counting(calls))
    sign_in_fresh(client, MembershipFactory().user)
    client.get(reverse("members:dashboard"))  # fills the cache
    calls.clear()
    response = client.get(reverse("members:dashboard"))
    assert response.status_code == 200
    assert calls == ["get_many"]


def test_a_value_read_ahead_is_used_once(monkeypatch):
    """A second read of the same key asks the cache again (a page may have
    changed the value since)."""
    calls = []
    monkeypatch.setattr(banenmarkt.cache, "cache", Counting(calls))
    request = RequestFactory().get("/")
    real_cache.set("read-ahead-test", 1)
    assert request_get(request, "read-ahead-test") == 1
    real_cache.set("read-ahead-test", 2)
    assert request_get(request, "read-ahead-test") == 2
    assert calls == ["get_many", "get"]


def test_keys_read_ahead_come_with_the_header_s(monkeypatch):
    """A page that knows early which values it needs reads them in the
    header's round trip; what was not read ahead still comes from the
    cache, and what was is used once."""
    calls = []
    monkeypatch.setattr(banenmarkt.cache, "cache", Counting(calls))
    request = RequestFactory().get("/")
    real_cache.set_many({"ahead-a": 1, "ahead-b": 2, "other": 3})
    read_ahead(request, ["ahead-a", "ahead-b"])
    assert request_get_many(request, ["ahead-a", "ahead-b"]) == {
        "ahead-a": 1,
        "ahead-b": 2,
    }
    assert calls == ["get_many"]
    assert request_get_many(request, ["ahead-a", "other", "missing"]) == {
        "ahead-a": 1,
        "other": 3,
    }
    assert calls == ["get_many", "get_many"]
    # Read ahead after the header's read: one round trip for the new keys.
    read_ahead(request, ["ahead-b", "other"])
    assert request_get(request, "other") == 3
    assert calls == ["get_many", "get_many", "get_many"]


def test_without_a_request_it_is_the_cache():
    real_cache.set("plain", 4)
    read_ahead(None, ["plain"])
    assert request_get_many(None, ["plain"]) == {"plain": 4}


@pytest.fixture
def counted_reads(monkeypatch):
    """Every read of the default cache, whoever makes it (a `get_many` of
    the in-memory cache calls its own `get`: counted once)."""
    from django.core.cache import caches

    backend = caches["default"]
    reads, inside = [], []
    for name in ("get", "get_many"):
        method = getattr(backend, name)

        def counted(*args, _method=method, _name=name, **kwargs):
            if not inside:
                reads.append(_name)
            inside.append(_name)
            try:
                return _method(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(backend, name, counted)
    return reads


def test_a_kept_board_page_reads_the_cache_four_times(
    client, counted_reads, time_machine
):
    """The session, the idle marker, then the board's calendar, the visit
    markers and the header's values in one round trip, and the kept page
    with its version in one more."""
    from fairs.models import Region
    from fairs.services import editions_generate

    from ..fairs.conftest import FAIR_LIVE

    time_machine.move_to(FAIR_LIVE, tick=False)
    region = Region.objects.create(name="Twente", slug="twente")
    editions_generate()
    sign_in_fresh(client, MembershipFactory(region=region).user)
    url = reverse("fairs:board", kwargs={"slug": region.slug})
    client.get(url)  # builds and keeps the page
    counted_reads.clear()
    assert client.get(url).status_code == 200
    assert len(counted_reads) == 4, counted_reads

"""banenmarkt.cache.request_get: the header's cached values of a page in one
round trip."""

import pytest
from django.core.cache import cache as real_cache
from django.test import RequestFactory
from django.urls import reverse

import banenmarkt.cache
from banenmarkt.cache import request_get

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

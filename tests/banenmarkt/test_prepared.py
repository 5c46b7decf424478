"""banenmarkt.prepared: a queryset compiled once, run with new values."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django.http import Http404

from banenmarkt.prepared import Prepared
from fairs.models import Region
from members.permissions import (
    access_from,
    readable_regions_with_access,
    region_with_access,
    regions_with_access,
)
from tests.factories import RegionFactory
from tests.roles import ROLES, make_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def twente():
    return RegionFactory(name="Twente", slug="twente")


@pytest.fixture
def nijmegen():
    return RegionFactory(name="Rijk van Nijmegen", slug="rijk-van-nijmegen")


def _by_name(name):
    return Region.objects.filter(name=name).annotate(editions_count=Count("editions"))


def test_runs_with_each_call_s_values_compiled_once(twente, nijmegen):
    built = []

    def build(name):
        built.append(name)
        return _by_name(name)

    prepared = Prepared(build, name=str)
    first = prepared.first(name=twente.name)
    second = prepared.first(name=nijmegen.name)
    assert (first.pk, second.pk) == (twente.pk, nijmegen.pk)
    # Annotations come with the rows, as from the queryset.
    assert first.editions_count == _by_name(twente.name).get().editions_count
    assert len(built) == 1


def test_a_value_is_a_parameter_never_sql(twente):
    prepared = Prepared(_by_name, name=str)
    assert prepared.first(name="x' OR '1'='1") is None
    assert prepared.first(name=twente.name).pk == twente.pk


def test_refuses_a_value_that_does_not_reach_the_parameters(twente):
    # A value the query does not carry as a parameter (here: not at all)
    # would be silently ignored: refused instead.
    prepared = Prepared(lambda name, size: _by_name(name), name=str, size=int)
    with pytest.raises(ValueError, match="size"):
        prepared.first(name=twente.name, size=1)


def test_rows_gives_the_values_list_s_tuples(twente, nijmegen):
    prepared = Prepared(
        lambda name: Region.objects.filter(name=name).values_list("pk", "slug"),
        name=str,
    )
    for region in (twente, nijmegen):
        assert prepared.rows(name=region.name) == [(region.pk, region.slug)]
    assert prepared.rows(name="Nergens") == []


def test_needs_exactly_the_named_values(twente):
    prepared = Prepared(_by_name, name=str)
    with pytest.raises(TypeError):
        prepared.first()
    with pytest.raises(TypeError):
        prepared.first(name=twente.name, other=1)


@pytest.mark.parametrize("role", ROLES)
def test_region_with_access_is_the_rights_query(twente, nijmegen, role):
    """The compiled rights of a region page are those of the queryset, for
    every role (and a second region, compiled already, for the same user)."""
    user = make_actor(role, twente, nijmegen) or AnonymousUser()
    for region in (twente, nijmegen):
        prepared = access_from(user, region_with_access(user, region.slug))
        queried = access_from(user, regions_with_access(user).get(pk=region.pk))
        assert prepared.roles == queried.roles
        assert prepared.is_member == queried.is_member
        assert prepared.can_view_board == queried.can_view_board
        assert (prepared.membership and prepared.membership.pk) == (
            queried.membership and queried.membership.pk
        )
        assert (prepared.membership and prepared.membership.display_name) == (
            queried.membership and queried.membership.display_name
        )


def test_region_with_access_unknown_slug_is_404(user):
    RegionFactory(slug="bestaat")
    with pytest.raises(Http404):
        region_with_access(user, "bestaat-niet")


@pytest.mark.parametrize("role", ROLES)
def test_readable_regions_are_those_whose_board_the_user_reads(twente, nijmegen, role):
    """The combined board's regions: exactly those `can_view_board` allows,
    with the same rights, from one compiled query."""
    user = make_actor(role, twente, nijmegen) or AnonymousUser()
    expected = {
        region.pk: access_from(user, region).roles
        for region in regions_with_access(user)
        if access_from(user, region).can_view_board
    }
    got = {
        region.pk: access_from(user, region).roles
        for region in readable_regions_with_access(user)
    }
    assert got == expected

import pytest

from fairs.models import Post

from ..factories import MembershipFactory, RegionRoleFactory, UserFactory
from ..fairs.conftest import employer, fair, publish, seeker


@pytest.fixture
def twente(fair):
    return fair[0]


@pytest.fixture
def moderator(twente):
    return RegionRoleFactory(
        region=twente, role="moderator", user=UserFactory(name="Anna")
    ).user


@pytest.fixture
def project_team(twente):
    return RegionRoleFactory(
        region=twente, role="project_team", user=UserFactory(name="Joost")
    ).user


@pytest.fixture
def publication(twente, employer):
    return publish(employer, [twente]).publications.get()


@pytest.fixture
def member(twente):
    return MembershipFactory(region=twente).user


__all__ = ["Post", "employer", "fair", "seeker"]

import re
from datetime import datetime, time

import pytest
from django.utils.translation import gettext

from fairs.models import Edition
from fairs.schedule import AMSTERDAM
from speeddates import services

from ..factories import MembershipFactory, RegionRoleFactory
from ..fairs.conftest import employer, fair, publish

# The first fair after BETWEEN_FAIRS (tests/fairs/conftest.py): Twente's
# regular edition of Tuesday 1 December 2026, 10:00-13:00.
FAIR_DAY = datetime(2026, 12, 1, tzinfo=AMSTERDAM).date()


def said(msgid: str, **params) -> str:
    """What the person reads (Dutch once the msgid is translated), as a
    pattern: the tests hold before and after the translation is filled in."""
    text = gettext(msgid)
    return re.escape(text % params if params else text)


def at(hour, minute=0):
    return datetime.combine(FAIR_DAY, time(hour, minute), tzinfo=AMSTERDAM)


@pytest.fixture
def twente(fair):
    return fair[0]


@pytest.fixture
def edition(twente):
    return Edition.objects.get(region=twente, starts_at__date=FAIR_DAY)


@pytest.fixture
def vacancy(twente, employer):
    return publish(employer, [twente]).publications.get()


@pytest.fixture
def slots(vacancy, employer, edition):
    """Four slots of 15 minutes from 10:30, one link for all."""
    return services.slots_offer(
        publication=vacancy,
        by=employer,
        edition=edition,
        start=time(10, 30),
        minutes=15,
        count=4,
        video_urls=["https://meet.example/flex"],
    )


@pytest.fixture
def seeker(twente):
    return MembershipFactory(region=twente, display_name="Sanne").user


@pytest.fixture
def other_seeker(twente):
    return MembershipFactory(region=twente, display_name="Youssef").user


@pytest.fixture
def project_team(twente):
    return RegionRoleFactory(region=twente, role="project_team").user


__all__ = ["employer", "fair"]

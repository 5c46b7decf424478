from datetime import datetime

import pytest
from django.urls import reverse

from fairs import services
from fairs.models import Post, Region
from fairs.schedule import AMSTERDAM
from members.models import Membership

from ..factories import MembershipFactory, RegionFactory

BETWEEN_FAIRS = datetime(2026, 11, 21, 12, tzinfo=AMSTERDAM)
FAIR_LIVE = datetime(2026, 12, 1, 10, 30, tzinfo=AMSTERDAM)


def vacancy_fields(**overrides):
    return {
        "title": "Orderpicker in de avond",
        "organisation": "Flex Uitzendbureau",
        "organisation_kind": "staffing_agency",
        "place": "Hengelo",
        "hours_per_week": 32,
        "contract_kind": "agency",
        "education_level": "none_vmbo",
        "sector": "logistics",
        "description": "Wij zoeken orderpickers voor de avonddienst.",
        "contact_person": "Petra Jansen",
        "contact_email": "petra@flex.example",
        "contact_phone": "074 123 45 67",
        **overrides,
    }


def pitch_fields(**overrides):
    return {
        "title": "Enthousiaste verkoopster zoekt nieuw team",
        "description": "Ik werk graag met mensen.",
        "desired_work": "Verkoop",
        "sector": "retail",
        "education_level": "mbo",
        "hours_per_week": 24,
        "place": "Enschede",
        "availability": "Per direct",
        **overrides,
    }


@pytest.fixture
def fair(db, time_machine):
    """Twente (open between fairs) and Rijk van Nijmegen (only during the
    fair), with editions; the clock stands between fairs."""
    time_machine.move_to(BETWEEN_FAIRS, tick=False)
    twente = RegionFactory(name="Twente", slug="twente")
    nijmegen = RegionFactory(
        name="Rijk van Nijmegen",
        slug="rijk-van-nijmegen",
        posting_policy=Region.PostingPolicy.FAIR_ONLY,
    )
    services.editions_generate()
    return twente, nijmegen


@pytest.fixture
def employer(fair):
    twente, nijmegen = fair
    membership = MembershipFactory(
        region=twente,
        kind=Membership.Kind.EMPLOYER,
        organisation="Flex",
        display_name="Flex",
    )
    MembershipFactory(
        region=nijmegen,
        user=membership.user,
        kind=Membership.Kind.EMPLOYER,
        organisation="Flex",
        display_name="Flex Nijmegen",
    )
    return membership.user


@pytest.fixture
def seeker(fair):
    return MembershipFactory(region=fair[0], display_name="Sanne de Vries").user


def publish(author, regions, kind=Post.Kind.VACANCY, **overrides):
    fields = (
        vacancy_fields(**overrides)
        if kind == Post.Kind.VACANCY
        else pitch_fields(**overrides)
    )
    return services.post_create(
        author=author, kind=kind, regions=list(regions), fields=fields
    )


def pitch_walk(client, data: dict, *, cv=None, action: str = "publish"):
    """Post a pitch through the five steps and the preview, as a member
    does: every step gets all of `data` (a form ignores the others' fields),
    step 4 the CV. Returns the last response; a step that refuses stops the
    walk and returns its page."""
    for number in range(1, 6):
        files = {"cv_upload": cv} if number == 4 and cv is not None else {}
        response = client.post(
            reverse("fairs:pitch-step", kwargs={"number": number}),
            {**data, **files, "next": "1"},
        )
        if response.status_code != 302:
            return response
    return client.post(reverse("fairs:pitch-preview"), {action: "1"})

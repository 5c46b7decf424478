"""A known employer's vacancy form starts with their organisation and
themselves as the contact; the form still checks what is sent."""

import pytest
from django.urls import reverse

from fairs.models import Post
from members.models import Membership

from ..factories import MembershipFactory
from .conftest import vacancy_fields

pytestmark = pytest.mark.django_db


def initial_of(response) -> dict:
    form = response.context["form"]
    return {name: form[name].value() for name in form.fields}


def test_vacancy_form_prefills_a_known_employer(client, fair):
    twente, _ = fair
    membership = MembershipFactory(
        region=twente,
        kind=Membership.Kind.EMPLOYER,
        organisation="Bakkerij Hengelo",
        user__name="Henk Bakker",
        user__email="henk@bakkerij.example",
    )
    client.force_login(membership.user)
    response = client.get(reverse("fairs:vacancy-create"))
    initial = initial_of(response)
    assert initial["organisation"] == "Bakkerij Hengelo"
    assert initial["organisation_kind"] == "employer"
    assert initial["contact_person"] == "Henk Bakker"
    assert initial["contact_email"] == "henk@bakkerij.example"
    html = response.content.decode()
    assert 'value="Bakkerij Hengelo"' in html
    assert 'value="henk@bakkerij.example"' in html


def test_vacancy_form_prefills_from_the_chosen_regions_membership(client, fair):
    twente, nijmegen = fair
    membership = MembershipFactory(
        region=twente,
        kind=Membership.Kind.STAFFING_AGENCY,
        organisation="Flex Twente",
    )
    MembershipFactory(
        region=nijmegen,
        user=membership.user,
        kind=Membership.Kind.EMPLOYER,
        organisation="Flex Nijmegen",
    )
    client.force_login(membership.user)
    initial = initial_of(
        client.get(reverse("fairs:vacancy-create") + f"?regio={twente.slug}")
    )
    assert initial["organisation"] == "Flex Twente"
    assert initial["organisation_kind"] == "staffing_agency"
    initial = initial_of(
        client.get(reverse("fairs:vacancy-create") + f"?regio={nijmegen.slug}")
    )
    assert initial["organisation"] == "Flex Nijmegen"
    assert initial["organisation_kind"] == "employer"


def test_vacancy_form_is_empty_for_a_job_seeker(client, fair, seeker):
    client.force_login(seeker)
    initial = initial_of(client.get(reverse("fairs:vacancy-create")))
    assert not initial["organisation"]
    assert not initial["contact_person"]
    assert not initial["contact_email"]


def test_pitch_form_is_not_prefilled_with_the_organisation(client, fair, employer):
    client.force_login(employer)
    # The guided pitch's first step: nothing of the employer's vacancy form.
    step = reverse("fairs:pitch-step", kwargs={"number": 1})
    form = client.get(step).context["form"]
    assert "organisation" not in form.fields
    assert not form["title"].value()


def test_vacancy_prefill_is_only_initial_the_form_still_checks(client, fair):
    membership = MembershipFactory(
        region=fair[0], kind=Membership.Kind.EMPLOYER, organisation="Bakkerij"
    )
    client.force_login(membership.user)
    fields = vacancy_fields(organisation="", contact_person="")
    response = client.post(
        reverse("fairs:vacancy-create"),
        {**fields, "regions": [fair[0].pk], "publish": "1"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"organisation", "contact_person"}
    assert not Post.objects.exists()

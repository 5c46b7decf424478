"""Names and titles refuse the invisible characters that turn text around."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from banenmarkt.validators import validate_no_bidi_controls
from fairs.models import Post

from ..factories import MembershipFactory, RegionFactory, UserFactory
from ..fairs.conftest import vacancy_fields

RLO = "\u202e"


@pytest.mark.parametrize(
    "char", ["\u202e", "\u202d", "\u2066", "\u2069", "\u200f", "\u061c"]
)
def test_direction_controls_are_refused(char):
    with pytest.raises(ValidationError):
        validate_no_bidi_controls(f"Sanne{char}fdp.exe")


def test_ordinary_names_pass():
    for name in ("Sanne de Vries", "Zoë Çelik", "محمد", "O'Neill-Smit"):
        validate_no_bidi_controls(name)


@pytest.mark.django_db
def test_the_vacancy_form_refuses_a_turned_title_and_keeps_what_was_typed(
    client, time_machine
):
    from datetime import datetime

    from fairs import services
    from fairs.schedule import AMSTERDAM

    time_machine.move_to(datetime(2026, 11, 21, 12, tzinfo=AMSTERDAM), tick=False)
    region = RegionFactory(name="Twente", slug="twente")
    services.editions_generate()
    author = MembershipFactory(
        region=region, kind="employer", organisation="Bakkerij", display_name="B"
    ).user
    client.force_login(author)
    response = client.post(
        reverse("fairs:vacancy-create"),
        {
            **vacancy_fields(title=f"Bakker{RLO}gnitsrevdA"),
            "regions": [region.pk],
            "publish": "1",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "onzichtbare tekens" in html
    assert "Wij zoeken orderpickers" in html
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_the_join_form_refuses_a_turned_display_name(client):
    region = RegionFactory(name="Twente", slug="twente")
    client.force_login(UserFactory())
    response = client.post(
        reverse("members:join", kwargs={"slug": region.slug}),
        {
            "display_name": f"Sanne{RLO}seirV",
            "kind": "job_seeker",
            "town": "Hengelo",
            "introduction": "Ik zoek werk.",
        },
    )
    assert response.status_code == 200
    assert "onzichtbare tekens" in response.content.decode()

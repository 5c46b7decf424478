"""An employer answers a waiting reaction from "Mijn berichten" with the
ready answer, at 320 and at 1280 px."""

import pytest
from django.contrib.auth import get_user_model

from fairs import services as fair_services
from fairs.models import Post, Reaction, Region

from ..factories import MembershipFactory
from ..fairs.conftest import vacancy_fields
from .axe import assert_accessible
from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [320, 1280])
def test_employer_answers_a_reaction_from_my_posts(page, demo, width):
    twente = Region.objects.get(slug="twente")
    employer = get_user_model().objects.get(email="werkgever@demo.nl")
    publication = fair_services.post_create(
        author=employer,
        kind=Post.Kind.VACANCY,
        regions=[twente],
        fields=vacancy_fields(title="Vacature met een vraag"),
    ).publications.get()
    seeker = MembershipFactory(region=twente, display_name="Vragende Vera").user
    reaction = fair_services.reaction_create(
        publication=publication, author=seeker, text="Kan ik ook parttime werken?"
    )
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "werkgever@demo.nl")
    page.goto("/mijn-banenmarkt/berichten/")
    answer = page.locator(f"#answer-{reaction.pk}-text")
    assert "We nemen contact met je op." in answer.input_value()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)

    answer.fill("Ja, dat kan. Ik bel je morgen.")
    page.get_by_role("button", name="Antwoord versturen (Vragende Vera)").click()
    page.get_by_text("Je antwoord staat onder de reactie.").wait_for()
    reaction.refresh_from_db()
    assert reaction.followed_up_at is not None
    assert (
        Reaction.objects.get(parent=reaction).text == "Ja, dat kan. Ik bel je morgen."
    )

"""A moderator reviews in place: the text, the author and the flags are in
the queue itself, at 320 and at 1280 px."""

import pytest
from django.contrib.auth import get_user_model

from fairs import services as fair_services
from fairs.models import Post, Region

from ..factories import MembershipFactory
from ..fairs.conftest import pitch_fields, vacancy_fields
from .axe import assert_accessible
from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_TEXT = "Wij zoeken een collega voor de avonddienst in Hengelo. " * 12 + (
    "Het laatste stukje van de tekst."
)


@pytest.fixture
def waiting(demo):
    twente = Region.objects.get(slug="twente")
    employer = get_user_model().objects.get(email="werkgever@demo.nl")
    fair_services.post_create(
        author=employer,
        kind=Post.Kind.VACANCY,
        regions=[twente],
        fields=vacancy_fields(title="Lange vacature", description=LONG_TEXT),
    )
    seeker = MembershipFactory(region=twente, display_name="Pitchende Petra").user
    fair_services.post_create(
        author=seeker,
        kind=Post.Kind.PITCH,
        regions=[twente],
        fields=pitch_fields(title="Petra zoekt werk in de zorg"),
    )


@pytest.mark.parametrize("width", [320, 1280])
def test_moderator_reads_a_post_in_the_queue(page, waiting, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "beheerder@demo.nl")
    page.goto("/regio/twente/beheer/berichten/")
    # Go to the last page, where the newest posts are.
    while page.get_by_role("link", name="Volgende").count():
        page.get_by_role("link", name="Volgende").click()

    vacancy = page.locator(".queue-item", has_text="Lange vacature")
    rest = vacancy.get_by_text("Het laatste stukje van de tekst.")
    assert not rest.is_visible()
    vacancy.get_by_text("Hele tekst en details").click()
    assert rest.is_visible()

    pitch = page.locator(".queue-item", has_text="Petra zoekt werk in de zorg")
    assert pitch.get_by_text("Pitchende Petra").is_visible()
    assert pitch.get_by_text("Werkzoekende").is_visible()
    assert pitch.get_by_text("Gepubliceerd in: Twente").is_visible()

    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)

"""The link in the warning before a pitch is deleted: one button keeps it,
without logging in; accessible at 320 and 1280 px, and without JavaScript."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fairs import services
from fairs.models import Post
from fairs.retention import pitch_keep_token

from ..factories import MembershipFactory, RegionFactory
from ..fairs.conftest import pitch_fields
from ..fairs.documents import pdf_with_text
from .axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_pitch():
    twente = RegionFactory(name="Twente", slug="twente")
    services.editions_generate()
    return services.post_create(
        author=MembershipFactory(region=twente).user,
        kind=Post.Kind.PITCH,
        regions=[twente],
        fields={
            **pitch_fields(),
            "cv": SimpleUploadedFile("cv.pdf", pdf_with_text("Mijn cv")),
        },
    )


@pytest.mark.parametrize("width", [320, 1280])
def test_keep_a_pitch_from_the_warning(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    pitch = a_pitch()
    page.goto(reverse("fairs:pitch-keep", args=[pitch_keep_token(pitch)]))
    assert page.get_by_text(pitch.title).first.is_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    pitch.refresh_from_db()
    assert pitch.kept_at is None
    page.get_by_role("button", name="Ja, bewaar mijn pitch").click()
    page.get_by_role("status").wait_for()
    assert "we bewaren je pitch" in page.get_by_role("status").inner_text()
    assert_accessible(page)
    pitch.refresh_from_db()
    assert pitch.kept_at is not None


def test_keep_a_pitch_without_javascript(page_without_js):
    pitch = a_pitch()
    page_without_js.goto(reverse("fairs:pitch-keep", args=[pitch_keep_token(pitch)]))
    page_without_js.get_by_role("button", name="Ja, bewaar mijn pitch").click()
    assert "we bewaren je pitch" in page_without_js.get_by_role("status").inner_text()
    pitch.refresh_from_db()
    assert pitch.kept_at is not None

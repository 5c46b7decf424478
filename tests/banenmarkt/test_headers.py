"""Headers on every response: signed-in pages are never cached, and browser
features we do not use are switched off."""

import os
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fairs.models import Post

from ..factories import UserFactory
from ..fairs.documents import pdf_with_text

pytestmark = pytest.mark.django_db


def test_signed_in_pages_are_never_stored(client):
    client.force_login(UserFactory())
    for name in ("members:dashboard", "fairs:home", "fairs:calendar"):
        response = client.get(reverse(name))
        assert response["Cache-Control"] == "private, no-store", name


def test_anonymous_pages_may_be_cached_and_keep_their_own_policy(client):
    assert "no-store" not in client.get(reverse("fairs:home")).get("Cache-Control", "")
    feed = client.get(reverse("fairs:feed"))
    assert feed["Cache-Control"] == "public, max-age=3600"


def test_every_response_switches_off_unused_browser_features(client):
    for response in (
        client.get(reverse("fairs:home")),
        client.get(reverse("fairs:feed")),
        client.get("/bestaat-niet/"),
    ):
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy


def test_cv_files_are_readable_by_the_app_only():
    storage = Post._meta.get_field("cv").storage
    name = storage.save(
        "cvs/test.pdf", SimpleUploadedFile("cv.pdf", pdf_with_text("Mijn cv"))
    )
    assert stat.S_IMODE(os.stat(storage.path(name)).st_mode) == 0o600

"""Security events reach the `banenmarkt.security` logger as JSON lines."""

import json
import logging

import pytest
from django.urls import reverse

from ..factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(caplog):
    """The events logged during the test, as dicts (the logger does not
    propagate to the root, so listen on it directly)."""
    security = logging.getLogger("banenmarkt.security")
    security.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="banenmarkt.security")
    yield lambda: [
        json.loads(r.getMessage()) for r in caplog.records if r.name == security.name
    ]
    security.removeHandler(caplog.handler)


def test_a_failed_login_is_logged_without_the_password(client, events):
    UserFactory(email="sanne@example.nl")
    client.post(
        reverse("account_login"),
        {"login": "sanne@example.nl", "password": "fout-wachtwoord-123"},
    )
    (event,) = [e for e in events() if e["event"] == "login.failed"]
    assert event["login"] == "sanne@example.nl"
    assert event["ip"] == "127.0.0.1"
    assert "fout-wachtwoord-123" not in json.dumps(events())


def test_a_refusal_is_logged_with_who_and_where(client, events):
    region = RegionFactory(name="Twente", slug="twente")
    user = UserFactory()
    client.force_login(user)
    url = reverse("moderation:queue", kwargs={"slug": region.slug})
    assert client.get(url).status_code == 403
    (event,) = [e for e in events() if e["event"] == "http.403"]
    assert (event["path"], event["user_id"]) == (url, user.pk)


def test_guessing_a_password_elsewhere_does_not_lock_out_the_owner(client):
    from ..factories import PASSWORD

    owner = UserFactory(email="sanne@example.nl")  # verified address
    login = reverse("account_login")
    for attempt in range(8):
        client.post(
            login,
            {"login": owner.email, "password": f"geraden-{attempt}"},
            REMOTE_ADDR="198.51.100.7",
        )
    response = client.post(
        login, {"login": owner.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.1"
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(owner.pk)

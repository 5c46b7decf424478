import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from banenmarkt.settings import linkedin_providers
from members.models import User

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_signup_sends_dutch_verification_email_and_verifies(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "nieuw@example.nl", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    assert (
        "Bevestig" in response.content.decode()
        or "bevestig" in response.content.decode()
    )
    user = User.objects.get(email="nieuw@example.nl")
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@example.nl"]
    assert message.subject.startswith("[Online Banenmarkt]")
    assert (
        "e-mailadres" in message.subject.lower()
        or "e-mailadres" in message.body.lower()
    )

    confirm_url = link_in(message)
    page = client.get(confirm_url)
    assert page.status_code == 200
    client.post(confirm_url)
    assert EmailAddress.objects.get(user=user).verified


def test_login_requires_verified_email(client):
    UserFactory(email="onbevestigd@example.nl", verified=False)
    response = client.post(
        reverse("account_login"),
        {"login": "onbevestigd@example.nl", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_login_and_logout(client):
    user = UserFactory(email="lid@example.nl")
    response = client.post(
        reverse("account_login"), {"login": "LID@example.nl", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk

    html = client.get(reverse("fairs:home")).content.decode()
    assert "Uitloggen" in html
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_login_with_wrong_password_shows_dutch_error_and_keeps_email(client):
    UserFactory(email="lid@example.nl")
    response = client.post(
        reverse("account_login"), {"login": "lid@example.nl", "password": "fout"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "lid@example.nl" in html
    assert "Het e-mailadres of het wachtwoord klopt niet." in html


def test_password_reset_in_dutch(client):
    user = UserFactory(email="vergeten@example.nl")
    client.post(reverse("account_reset_password"), {"email": "vergeten@example.nl"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["vergeten@example.nl"]
    assert "wachtwoord" in (message.subject + message.body).lower()

    reset_url = link_in(message)
    response = client.get(reset_url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    client.post(
        form_url,
        {"password1": "nieuw-wachtwoord-77", "password2": "nieuw-wachtwoord-77"},
    )
    user.refresh_from_db()
    assert user.check_password("nieuw-wachtwoord-77")


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_request_login_code",
    ],
)
def test_account_pages_in_dutch_in_our_layout(client, name):
    html = client.get(reverse(name)).content.decode()
    assert 'lang="nl"' in html
    assert 'href="#main"' in html  # our layout, with the skip link
    assert "Privacyverklaring" in html


def test_account_pages_need_no_login(client):
    for name in ("account_login", "account_signup", "account_reset_password"):
        assert client.get(reverse(name)).status_code == 200


def test_linkedin_button_hidden_without_keys(client):
    assert linkedin_providers("", "") == {}
    assert linkedin_providers("id", "") == {}
    html = client.get(reverse("account_login")).content.decode()
    assert "LinkedIn" not in html
    assert "/accounts/oidc/" not in html


def test_linkedin_button_shown_with_keys(client):
    providers = linkedin_providers("client-id", "client-secret")
    app = providers["openid_connect"]["APPS"][0]
    assert app["provider_id"] == "linkedin"
    assert app["settings"]["server_url"] == "https://www.linkedin.com/oauth"

    with override_settings(SOCIALACCOUNT_PROVIDERS=providers):
        html = client.get(reverse("account_login")).content.decode()
        login_url = reverse("openid_connect_login", kwargs={"provider_id": "linkedin"})
        assert "Inloggen met LinkedIn" in html
        assert login_url in html
        assert login_url == "/accounts/oidc/linkedin/login/"
        assert (
            reverse("openid_connect_callback", kwargs={"provider_id": "linkedin"})
            == "/accounts/oidc/linkedin/login/callback/"
        )
        # The confirmation page before leaving for LinkedIn needs no login and
        # does not call LinkedIn yet.
        assert client.get(login_url).status_code == 200


def test_admin_is_for_platform_admins_only(client, admin_user):
    client.force_login(UserFactory())
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_allauth_emails_speak_with_our_voice_and_layout(client, settings):
    settings.SITE_URL = "http://127.0.0.1:8101"
    client.post(
        reverse("account_signup"),
        {"email": "nieuw@example.nl", "password1": PASSWORD, "password2": PASSWORD},
    )
    message = mail.outbox[0]
    assert message.subject == "[Online Banenmarkt] Bevestig je e-mailadres"
    assert message.body.startswith("Hallo,")
    assert "Hallo van" not in message.body
    assert "zijn of haar" not in message.body
    assert "Welkom bij de Online Banenmarkt!" in message.body
    assert message.body.rstrip().endswith(
        "Met vriendelijke groet,\nDe Online Banenmarkt\nhttp://127.0.0.1:8101"
    )
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert '<html lang="nl">' in html  # templates/email/base.html
    assert "Online banenmarkt</p>" in html
    assert f'<a href="{link_in(message)}"' in html


def test_a_new_member_is_logged_in_after_confirming_the_address(client):
    """ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION: in the browser that signed up,
    confirming the address logs the new member in (allauth keeps the
    half-done login in that session only, so a leaked link logs nobody in)."""
    client.post(
        reverse("account_signup"),
        {"email": "nieuw@example.nl", "password1": PASSWORD, "password2": PASSWORD},
    )
    response = client.post(link_in(mail.outbox[0]))
    user = User.objects.get(email="nieuw@example.nl")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert response["Location"] == reverse("members:dashboard")


def test_a_confirmation_link_opened_elsewhere_logs_nobody_in(client):
    client.post(
        reverse("account_signup"),
        {"email": "nieuw@example.nl", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.logout()
    client.post(link_in(mail.outbox[0]))
    assert EmailAddress.objects.get(email="nieuw@example.nl").verified
    assert "_auth_user_id" not in client.session


def test_password_reset_email_in_our_words(client):
    UserFactory(email="vergeten@example.nl")
    client.post(reverse("account_reset_password"), {"email": "vergeten@example.nl"})
    message = mail.outbox[0]
    assert message.subject == "[Online Banenmarkt] Kies een nieuw wachtwoord"
    assert "Kies het via deze link:" in message.body
    assert message.alternatives


def test_signup_page_says_je_not_u(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert "Uw wachtwoord" not in html
    assert "Je wachtwoord mag niet lijken op je naam of e-mailadres." in html

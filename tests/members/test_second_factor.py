"""A second step for everyone with a role (members/accounts.py): signing in
with it, no login code by email for them, sessions that end when idle,
reauthentication before roles and exports, a role form that tells nobody
whether an account exists, and the security log of it all."""

import json
import logging
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import RegionRole, RoleInvitation

from ..auth import sign_in_fresh, totp_code
from ..factories import (
    PASSWORD,
    MembershipFactory,
    RegionFactory,
    RegionRoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def twente():
    return RegionFactory(name="Twente", slug="twente")


@pytest.fixture
def security_log(caplog):
    logger = logging.getLogger("banenmarkt.security")
    logger.addHandler(caplog.handler)
    yield lambda: [
        json.loads(r.getMessage()) for r in caplog.records if r.name == logger.name
    ]
    logger.removeHandler(caplog.handler)


def login(client, user):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )


def test_a_role_holder_signs_in_with_password_and_code(client, twente, security_log):
    moderator = RegionRoleFactory(region=twente).user
    response = login(client, moderator)
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    assert any(e["event"] == "mfa.failed" for e in security_log())

    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert client.session["_auth_user_id"] == str(moderator.pk)


def test_a_member_signs_in_with_password_only(client, twente):
    member = MembershipFactory(region=twente).user
    login(client, member)
    assert client.session["_auth_user_id"] == str(member.pk)


def test_role_pages_wait_for_the_second_step_and_open_after(client, twente):
    moderator = RegionRoleFactory(region=twente, second_factor=False).user
    client.force_login(moderator)
    queue = reverse("moderation:queue", kwargs={"slug": twente.slug})
    response = client.get(queue)
    assert response.status_code == 302
    assert (
        response.url
        == f"{reverse('members:second-factor')}?next={queue.replace('/', '%2F')}"
    )
    page = client.get(response.url).content.decode()
    assert "tweede stap" in page.lower()
    assert reverse("mfa_activate_totp") in page

    # Setting up the app (allauth's page, after reauthentication) opens them.
    sign_in_fresh(client, moderator)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert client.get(queue).status_code == 200
    done = client.get(f"{reverse('members:second-factor')}?next={queue}")
    assert f'href="{queue}"' in done.content.decode()


def test_the_second_step_page_refuses_a_next_elsewhere(client, twente):
    client.force_login(RegionRoleFactory(region=twente).user)
    page = client.get(reverse("members:second-factor") + "?next=https://evil.example/")
    assert 'href="https://evil.example/' not in page.content.decode()


def test_the_admin_site_waits_for_the_second_step(client):
    from ..factories import AdminFactory

    client.force_login(AdminFactory(second_factor=False))
    response = client.get(reverse("admin:index"))
    assert response.url.startswith(reverse("members:second-factor"))
    client.force_login(AdminFactory())
    assert client.get(reverse("admin:index")).status_code == 200


def test_adding_and_removing_the_second_step_is_logged(
    client, twente, security_log, django_capture_on_commit_callbacks
):
    user = MembershipFactory(region=twente).user
    sign_in_fresh(client, user)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_deactivate_totp"), {"code": totp_code(secret)})
    events = [e["event"] for e in security_log()]
    assert "mfa.added" in events
    assert "mfa.removed" in events


@pytest.mark.parametrize("has_role", [False, True])
def test_login_code_by_email_only_for_members_without_a_role(
    client, twente, has_role, django_capture_on_commit_callbacks
):
    user = (
        RegionRoleFactory(region=twente).user
        if has_role
        else MembershipFactory(region=twente).user
    )
    response = client.post(reverse("account_request_login_code"), {"email": user.email})
    # The page answers the same: nobody learns who has a role.
    assert response.status_code == 302
    assert response.url == reverse("account_confirm_login_code")
    (message,) = mail.outbox
    code = re.search(r"^\s*[A-Z0-9]{4}-[A-Z0-9]{4}\s*$", message.body, re.M)
    if has_role:
        assert code is None
        assert "wachtwoord" in message.body
    else:
        assert code is not None


def test_idle_sessions_end_after_two_hours_for_roles(client, twente, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    moderator = RegionRoleFactory(region=twente).user
    client.force_login(moderator)
    home = reverse("members:dashboard")
    assert client.get(home).status_code == 200
    time_machine.shift(timedelta(hours=1, minutes=50))
    assert client.get(home).status_code == 200  # still active: the clock restarts
    time_machine.shift(timedelta(hours=2, minutes=1))
    response = client.get(home)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_idle_sessions_of_members_last_fourteen_days(client, twente, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(MembershipFactory(region=twente).user)
    home = reverse("members:dashboard")
    client.get(home)
    time_machine.shift(timedelta(days=13))
    assert client.get(home).status_code == 200
    time_machine.shift(timedelta(days=14, minutes=1))
    assert client.get(home).status_code == 302
    assert "_auth_user_id" not in client.session


def test_roles_and_exports_ask_to_reauthenticate(client, twente, time_machine):
    project_team = RegionRoleFactory(region=twente, role="project_team").user
    roles = reverse("members:roles", kwargs={"slug": twente.slug})
    log_csv = reverse("moderation:audit-log-csv", kwargs={"slug": twente.slug})
    client.force_login(project_team)  # signed in, but not just now
    for url in (roles, log_csv):
        response = client.get(url)
        assert response.url.startswith(reverse("account_reauthenticate")), url
    time_machine.move_to(timezone.now(), tick=False)
    sign_in_fresh(client, project_team)
    assert client.get(roles).status_code == 200
    assert client.get(log_csv).status_code == 200
    time_machine.shift(timedelta(minutes=6))
    assert client.get(log_csv).url.startswith(reverse("account_reauthenticate"))


def test_the_role_form_answers_the_same_with_or_without_an_account(
    client, twente, django_capture_on_commit_callbacks
):
    project_team = RegionRoleFactory(region=twente, role="project_team").user
    colleague = UserFactory(email="collega@example.nl")
    sign_in_fresh(client, project_team)
    url = reverse("members:roles", kwargs={"slug": twente.slug})
    pages = []
    for email in ("COLLEGA@example.nl", "nieuw@example.nl"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url, {"email": email, "role": "moderator"}, follow=True
            )
        said = [str(m).replace(email, "ADDRESS") for m in response.context["messages"]]
        pages.append((response.redirect_chain, said))
    assert pages[0] == pages[1]

    role = RegionRole.objects.get(user=colleague)
    assert (role.region, role.role, role.appointed_by) == (
        twente,
        "moderator",
        project_team,
    )
    invitation = RoleInvitation.objects.get()
    assert (invitation.email, invitation.role) == ("nieuw@example.nl", "moderator")
    given, invited = mail.outbox
    assert given.to == ["collega@example.nl"]
    assert "tweede stap" in given.body
    assert invited.to == ["nieuw@example.nl"]
    assert reverse("account_signup") in invited.body


def test_an_invitation_becomes_the_role_when_the_address_is_verified(client, twente):
    RoleInvitation.objects.create(region=twente, email="nieuw@example.nl", role="staff")
    client.post(
        reverse("account_signup"),
        {"email": "Nieuw@example.nl", "password1": PASSWORD, "password2": PASSWORD},
    )
    user = EmailAddress.objects.get(email__iexact="nieuw@example.nl").user
    assert not RegionRole.objects.filter(user=user).exists()  # not verified yet
    confirm_url = re.search(r"https?://\S+/confirm-email/\S+", mail.outbox[-1].body)[0]
    client.post(confirm_url)
    assert RegionRole.objects.get(user=user).role == "staff"
    assert not RoleInvitation.objects.exists()


def test_taking_back_an_invitation(client, twente):
    project_team = RegionRoleFactory(region=twente, role="project_team").user
    invitation = RoleInvitation.objects.create(
        region=twente, email="nieuw@example.nl", role="staff"
    )
    sign_in_fresh(client, project_team)
    page = client.get(reverse("members:roles", kwargs={"slug": twente.slug}))
    assert "nieuw@example.nl" in page.content.decode()
    client.post(
        reverse(
            "members:role-invitation-withdraw",
            kwargs={"slug": twente.slug, "pk": invitation.pk},
        )
    )
    assert not RoleInvitation.objects.exists()


def test_the_dashboard_tells_a_role_holder_to_set_up_the_second_step(client, twente):
    url = reverse("members:dashboard")
    client.force_login(RegionRoleFactory(region=twente, second_factor=False).user)
    assert "Je rol heeft een tweede stap" in client.get(url).content.decode()
    client.force_login(RegionRoleFactory(region=twente).user)
    assert "Je rol heeft een tweede stap" not in client.get(url).content.decode()


def test_recovery_codes_alone_are_no_second_step(client, twente):
    from allauth.mfa.models import Authenticator

    moderator = RegionRoleFactory(region=twente, second_factor=False).user
    Authenticator.objects.create(
        user=moderator, type=Authenticator.Type.RECOVERY_CODES, data={}
    )
    client.force_login(moderator)
    response = client.get(reverse("moderation:queue", kwargs={"slug": twente.slug}))
    assert response.url.startswith(reverse("members:second-factor"))

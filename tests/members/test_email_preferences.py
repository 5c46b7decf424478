"""Preferences, one-click unsubscribe without login, and each notification
at most once."""

import re
import smtplib

import pytest
from django.core import mail, signing
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from banenmarkt import notifications
from banenmarkt.models import EmailOptOut, Notification
from banenmarkt.notifications import (
    Message,
    send_all,
    send_once,
    unsubscribe_token,
    unsubscribe_url,
)
from fairs.email_kinds import EmailKind
from members import selectors, services
from members.models import Membership

from ..factories import MembershipFactory, RegionRoleFactory, UserFactory
from ..requirements import require_postgres
from ..roles import ROLES, make_actor

pytestmark = pytest.mark.django_db


def message(user, kind=EmailKind.FAIR_OPEN, key="fair:2026-12-01"):
    return Message(
        user=user,
        kind=kind,
        key=key,
        template="fairs/email/fair_open",
        context={"fairs": [], "name": "Sanne"},
    )


def path_of(url: str) -> str:
    return url.replace("http://127.0.0.1:8000", "")


def test_send_once_sends_one_email_with_unsubscribe_header(user):
    assert send_once(message(user)) is True
    assert send_once(message(user)) is False
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == "[Online Banenmarkt] De online banenmarkt is open"
    header = email.extra_headers["List-Unsubscribe"]
    assert header == f"<{unsubscribe_url(user, 'fair_open')}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = email.alternatives[0].content
    assert "Afmelden met één klik" in html and header[1:-1] in html
    record = Notification.objects.get()
    assert (record.status, record.key) == (Notification.Status.SENT, "fair:2026-12-01")
    # Another key (another fair day) is another email.
    assert send_once(message(user, key="fair:2027-02-02")) is True


def test_one_click_unsubscribe_from_the_mail_program(user):
    """RFC 8058: the mail program POSTs to the header's address: no login, no
    CSRF token."""
    send_once(message(user))
    url = path_of(mail.outbox[0].extra_headers["List-Unsubscribe"][1:-1])
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert EmailOptOut.objects.filter(user=user, kind="fair_open").exists()
    # Switched off: the next fair day's opening message is not sent; other
    # kinds still are.
    assert send_once(message(user, key="fair:2027-02-02")) is False
    assert send_once(message(user, kind=EmailKind.FAIR_DAY)) is True
    # Clicking again changes nothing.
    assert client.post(url).status_code == 200
    assert EmailOptOut.objects.filter(user=user).count() == 1


def test_the_link_in_the_email_asks_first_then_unsubscribes_and_can_undo(client, user):
    send_once(message(user))
    url = path_of(re.search(r"Afmelden met één klik: (\S+)", mail.outbox[0].body)[1])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "Wil je deze e-mail niet meer krijgen: bericht dat de banenmarkt open is?"
        in html
    )
    assert not EmailOptOut.objects.exists()  # a link checker opening it does nothing

    done = client.post(url).content.decode()
    assert "Je krijgt deze e-mail niet meer" in done
    assert EmailOptOut.objects.filter(user=user, kind="fair_open").exists()

    undone = client.post(url, {"undo": "1"}).content.decode()
    assert "je krijgt deze e-mails weer" in undone
    assert not EmailOptOut.objects.exists()


@pytest.mark.parametrize("token", ["verzonnen", "abc:def"])
def test_a_broken_or_forged_link_is_refused_in_dutch(client, user, token):
    response = client.post(reverse("members:unsubscribe", kwargs={"token": token}))
    assert response.status_code == 400
    assert "Deze link werkt niet" in response.content.decode()
    assert not EmailOptOut.objects.exists()


def test_a_token_cannot_be_changed_to_another_person(client, user):
    other = UserFactory()
    token = unsubscribe_token(user, "fair_open")
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = client.post(reverse("members:unsubscribe", kwargs={"token": tampered}))
    assert response.status_code == 400
    payload = signing.Signer(salt="another salt").sign_object([other.pk, "fair_open"])
    response = client.post(reverse("members:unsubscribe", kwargs={"token": payload}))
    assert response.status_code == 400
    assert not EmailOptOut.objects.filter(user=other).exists()


def test_service_email_offers_unsubscribe_from_everything_but_still_arrives(
    client, region, django_capture_on_commit_callbacks
):
    pending = MembershipFactory(region=region, status=Membership.Status.PENDING)
    moderator = RegionRoleFactory(region=region).user
    EmailOptOut.objects.create(user=pending.user, kind=EmailOptOut.ALL)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_approve_many(
            region=region, moderator=moderator, ids=[pending.pk]
        )
    [email] = mail.outbox
    assert email.to == [pending.user.email]
    assert email.extra_headers["List-Unsubscribe"] == (
        f"<{unsubscribe_url(pending.user)}>"
    )
    assert "Wil je geen herinneringen en meldingen meer?" in email.body
    # "All" switches off every kind that can be switched off.
    assert send_once(message(pending.user)) is False
    assert send_once(message(pending.user, kind=EmailKind.REACTION)) is False


def test_a_transient_mail_error_leaves_no_record_so_the_retry_sends(
    user, settings, monkeypatch
):
    from django.core.mail.backends.locmem import EmailBackend

    calls = []

    def failing_once(self, messages):
        calls.append(1)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return original(self, messages)

    original = EmailBackend.send_messages
    monkeypatch.setattr(EmailBackend, "send_messages", failing_once)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_once(message(user))
    assert not Notification.objects.exists()
    assert send_once(message(user)) is True
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_dropping_before_the_email_left_leaves_no_record(monkeypatch):
    """The connection cut while the email is being made (a template reading
    the database), a real OperationalError from PostgreSQL: the email did not
    leave, so its record goes, on a new connection, and the retry sends it."""
    require_postgres(connection)
    user = UserFactory()
    real = notifications.send_templated_email

    def database_cut(**kwargs):
        monkeypatch.setattr(notifications, "send_templated_email", real)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")

    monkeypatch.setattr(notifications, "send_templated_email", database_cut)
    with pytest.raises(OperationalError):
        send_once(message(user))
    assert not Notification.objects.exists()
    assert send_once(message(user)) is True
    assert len(mail.outbox) == 1


def test_a_refused_address_is_recorded_as_failed_and_not_retried(user, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({user.email: (550, b"no such user")})

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    assert send_once(message(user)) is False
    assert Notification.objects.get().status == Notification.Status.FAILED


def test_one_bad_email_in_a_chunk_does_not_stop_the_others(monkeypatch):
    """A server's permanent 5xx answer, or an address Django cannot use, marks
    that one record failed; the rest of the chunk is sent over one
    connection."""
    from django.core.mail.backends.locmem import EmailBackend

    users = [UserFactory() for _ in range(4)]
    users[2].email = "geen geldig\nadres@example.nl"  # Django refuses it
    users[2].save()
    connections = []
    original_init, original_send = EmailBackend.__init__, EmailBackend.send_messages

    def counting_init(self, *args, **kwargs):
        connections.append(self)
        original_init(self, *args, **kwargs)

    def rejecting_send(self, messages):
        if messages[0].to == [users[1].email]:
            raise smtplib.SMTPDataError(554, b"message rejected")
        return original_send(self, messages)

    monkeypatch.setattr(EmailBackend, "__init__", counting_init)
    monkeypatch.setattr(EmailBackend, "send_messages", rejecting_send)
    assert send_all(message(user) for user in users) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [users[0].email, users[3].email]
    )
    assert len(connections) == 1
    records = dict(Notification.objects.values_list("user_id", "status"))
    assert records == {
        users[0].pk: Notification.Status.SENT,
        users[1].pk: Notification.Status.FAILED,
        users[2].pk: Notification.Status.FAILED,
        users[3].pk: Notification.Status.SENT,
    }
    assert "SMTPDataError" in Notification.objects.get(user=users[1]).error


def test_a_temporary_4xx_answer_is_retried(user, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    def busy(self, messages):
        raise smtplib.SMTPDataError(451, b"try again later")

    monkeypatch.setattr(EmailBackend, "send_messages", busy)
    with pytest.raises(smtplib.SMTPDataError):
        send_all([message(user)])
    assert not Notification.objects.exists()


def test_inactive_accounts_get_nothing(user):
    user.is_active = False
    user.save()
    assert send_once(message(user)) is False
    assert mail.outbox == []


# --- The preferences page ----------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_preferences_page_for_every_role(client, region, role):
    from ..factories import RegionFactory

    actor = make_actor(role, region, RegionFactory())
    if actor:
        client.force_login(actor)
    response = client.get(reverse("members:email-preferences"))
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "Herinnering een week voor de banenmarkt" in html
    moderating = role in {"moderator", "project_team", "other_moderator"}
    assert ("Wekelijks overzicht van aanmeldingen" in html) == moderating
    assert ("Vacaturelijst en nabellijst" in html) == (
        role in {"staff", "project_team", "other_moderator"}
    )


def test_preferences_are_saved_and_shown(client, user):
    client.force_login(user)
    url = reverse("members:email-preferences")
    response = client.post(url, {"kinds": ["fair_day", "reaction"]}, follow=True)
    assert "Je e-mailinstellingen zijn opgeslagen." in response.content.decode()
    off = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    assert off == set(selectors.email_kinds_offered(user=user)) - {
        "fair_day",
        "reaction",
    }
    form = response.context["form"]
    assert set(form.initial["kinds"]) == {"fair_day", "reaction"}
    assert send_once(message(user)) is False
    assert send_once(message(user, kind=EmailKind.FAIR_DAY)) is True


def test_saving_preferences_replaces_unsubscribe_from_everything(client, user):
    EmailOptOut.objects.create(user=user, kind=EmailOptOut.ALL)
    client.force_login(user)
    url = reverse("members:email-preferences")
    assert client.get(url).context["form"].initial["kinds"] == []
    client.post(url, {"kinds": ["fair_open"]})
    assert not EmailOptOut.objects.filter(user=user, kind=EmailOptOut.ALL).exists()
    assert send_once(message(user)) is True


def test_an_unknown_kind_is_refused_with_the_form_kept(client, user):
    client.force_login(user)
    response = client.post(
        reverse("members:email-preferences"), {"kinds": ["fair_day", "spam"]}
    )
    assert response.status_code == 200
    assert "Controleer het formulier" in response.content.decode()
    assert not EmailOptOut.objects.exists()


def test_preferences_list_the_kinds_in_one_order_for_every_role():
    """Each app registers its kinds with their place on the page: fair
    reminders first, then tips, survey, reactions, and role kinds last."""
    from banenmarkt.email_kinds import email_kinds_for

    assert email_kinds_for(["project_team", "staff"]) == [
        "fair_week",
        "fair_day",
        "fair_open",
        "privacy_tips",
        "survey",
        "reaction",
        "speed_date",
        "cv_removed",
        "follow_up",
        "staff_lists",
        "join_digest",
        "moderator_alert",
    ]
    assert email_kinds_for([]) == [
        "fair_week",
        "fair_day",
        "fair_open",
        "privacy_tips",
        "survey",
        "reaction",
        "speed_date",
        "cv_removed",
        "follow_up",
    ]

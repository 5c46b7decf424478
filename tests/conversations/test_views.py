"""The pages of "Mijn gesprekken": the inbox, a conversation opened and
answered in place (htmx) or on its own page (without JavaScript), the counts
in the header and on the dashboard."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conversations.models import ConversationRead
from fairs.models import Reaction

from ..factories import MembershipFactory, RegionRoleFactory
from .conftest import reply
from .test_selectors import _many_reactions

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
INBOX = reverse("conversations:inbox")


def nav() -> str:
    """The menu item as the active language has it (tests run in Dutch)."""
    return _("Conversations")


def _url(reaction):
    return reverse("conversations:conversation", kwargs={"pk": reaction.pk})


def test_inbox_needs_login(client):
    response = client.get(INBOX)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_inbox_lists_conversations_new_and_waiting(client, reaction, employer):
    client.force_login(employer)
    response = client.get(INBOX)
    html = response.content.decode()
    assert "Orderpicker" in html
    assert "Ik wil graag komen kennismaken." in html
    assert "conversation--unread" in html
    assert _("Waiting for your answer") in html
    assert _url(reaction) in html


def test_inbox_is_empty_for_a_bystander(client, reaction, twente):
    client.force_login(MembershipFactory(region=twente).user)
    html = client.get(INBOX).content.decode()
    assert "Ik wil graag komen kennismaken." not in html


@pytest.mark.parametrize("count", [3, 60])
def test_inbox_runs_a_fixed_number_of_queries(
    client, vacancy, employer, twente, count, django_assert_max_num_queries
):
    _many_reactions(vacancy, twente, count)
    first = Reaction.objects.filter(parent=None).first()
    reply(first, employer)
    client.force_login(employer)
    # +1: whether a fair is live (the banner, cached 30 s for everyone).
    with django_assert_max_num_queries(12):
        response = client.get(INBOX)
    assert response.content.decode().count('<li id="gesprek-') == min(count, 25)


def test_opening_a_conversation_marks_it_read(client, reaction, employer):
    client.force_login(employer)
    response = client.get(_url(reaction))
    assert response.status_code == 200
    assert ConversationRead.objects.filter(user=employer, reaction=reaction).exists()
    assert "conversation--unread" not in client.get(INBOX).content.decode()


def test_someone_elses_conversation_is_not_found(client, reaction, twente):
    for user in (
        MembershipFactory(region=twente).user,
        RegionRoleFactory(region=twente, role="moderator").user,
    ):
        client.force_login(user)
        assert client.get(_url(reaction)).status_code == 404
        assert client.post(_url(reaction), {"text": "Hoi"}).status_code == 404
    assert not Reaction.objects.filter(parent=reaction).exists()


def test_a_reply_is_not_a_conversation(client, reaction, employer):
    answer = reply(reaction, employer)
    client.force_login(employer)
    assert client.get(_url(answer)).status_code == 404


def test_a_removed_publication_shows_nothing(client, reaction, vacancy, seeker):
    reply(reaction, vacancy.post.author, text="Geheim antwoord")
    vacancy.status = vacancy.Status.REMOVED
    vacancy.save(update_fields=["status"])
    client.force_login(seeker)
    assert client.get(_url(reaction)).status_code == 404
    assert "Geheim antwoord" not in client.get(INBOX).content.decode()


def test_answer_without_javascript(
    client, reaction, employer, seeker, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client.force_login(employer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(reaction), {"text": "Kom dinsdag om tien uur."})
    assert response.status_code == 302
    assert response.url == _url(reaction)
    answer = Reaction.objects.get(parent=reaction)
    assert answer.author == employer
    reaction.refresh_from_db()
    # The board's service did it: followed up, and the job seeker is told.
    assert reaction.followed_up_at == answer.created_at
    assert any(m.to == [seeker.email] for m in mail.outbox)
    page = client.get(response.url).content.decode()
    assert "Kom dinsdag om tien uur." in page
    assert _("Your reply has been sent.") in page


def test_answer_in_place_with_htmx(client, reaction, employer, seeker):
    client.force_login(employer)
    response = client.post(_url(reaction), {"text": "Kom dinsdag."}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="gesprek-{reaction.pk}"')
    assert "<html" not in html
    assert "Kom dinsdag." in html
    assert 'hx-swap-oob="innerHTML:#inbox-status"' in html
    assert "HX-Request" in response["Vary"]
    # For the job seeker it is now new, and waiting for her.
    client.force_login(seeker)
    inbox = client.get(INBOX).content.decode()
    assert "conversation--unread" in inbox
    assert "Kom dinsdag." in inbox


def test_open_in_place_with_htmx(client, reaction, employer):
    client.force_login(employer)
    html = client.get(_url(reaction), **HTMX).content.decode()
    assert html.lstrip().startswith(f'<li id="gesprek-{reaction.pk}"')
    assert 'hx-post="' in html
    assert f'id="gesprek-{reaction.pk}-text"' in html


def test_answer_with_a_bsn_is_refused(client, reaction, employer):
    client.force_login(employer)
    response = client.post(_url(reaction), {"text": "Mijn BSN is 111222333"}, **HTMX)
    assert response.status_code == 200
    assert not Reaction.objects.filter(parent=reaction).exists()
    assert "error-summary" in response.content.decode()


def test_empty_answer_comes_back_with_an_error(client, reaction, employer):
    client.force_login(employer)
    response = client.post(_url(reaction), {"text": ""})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Reaction.objects.filter(parent=reaction).exists()


def test_header_and_dashboard_show_the_count(client, reaction, employer, seeker):
    client.force_login(employer)
    html = client.get(reverse("members:dashboard")).content.decode()
    assert f'class="nav-count">{nav()} <span class="count">1</span>' in html
    waiting = ngettext(
        "%(counter)s waiting for your answer",
        "%(counter)s waiting for your answer",
        1,
    ) % {"counter": 1}
    assert waiting in html
    client.force_login(seeker)
    html = client.get(reverse("members:dashboard")).content.decode()
    # Nothing new or waiting: no item in the header, the dashboard links.
    assert f'class="nav-count">{nav()}' not in html
    assert reverse("conversations:inbox") in html


def test_answering_updates_the_header_at_once(
    client, reaction, employer, seeker, django_capture_on_commit_callbacks
):
    client.force_login(seeker)
    client.get(reverse("members:dashboard"))  # her count (0) is now cached
    client.force_login(employer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(reaction), {"text": "Kom dinsdag."})
    client.force_login(seeker)
    html = client.get(reverse("members:dashboard")).content.decode()
    assert f'class="nav-count">{nav()} <span class="count">1</span>' in html

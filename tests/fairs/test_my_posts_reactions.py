"""'My posts' shows per post the reactions, the answered and those waiting
for an answer, each with a ready answer that counts as the follow-up."""

import pytest
from django.urls import reverse

from fairs.models import Reaction

from ..auth import sign_in_fresh
from ..factories import MembershipFactory
from .conftest import publish

pytestmark = pytest.mark.django_db

MY_POSTS = reverse("fairs:my-posts")


@pytest.fixture
def vacancy(fair, employer):
    return publish(employer, [fair[0]], title="Heftruckchauffeur").publications.get()


def _react(publication, name, text):
    from fairs import services

    member = MembershipFactory(region=publication.region, display_name=name).user
    return services.reaction_create(publication=publication, author=member, text=text)


def test_my_posts_counts_and_lists_the_reactions_waiting(client, vacancy, employer):
    from fairs import services

    first = _react(vacancy, "Sanne", "Ik heb interesse!")
    _react(vacancy, "Ahmed", "Is het fulltime?")
    services.reaction_create(
        publication=vacancy, author=employer, text="Ja, graag!", parent=first
    )
    sign_in_fresh(client, employer)
    html = client.get(MY_POSTS).content.decode()
    assert "2 reacties: 1 beantwoord, <strong>1 wacht op je antwoord</strong>" in html
    assert "Ahmed" in html and "Is het fulltime?" in html
    # The answered one is listed apart, not as waiting.
    answered = html[html.index("Beantwoorde reacties") :]
    assert "Sanne" in answered and "Ik heb interesse!" in answered
    assert "Ik heb interesse!" not in html[: html.index("Beantwoorde reacties")]
    # A ready answer, editable.
    assert "Bedankt voor je reactie! We nemen contact met je op." in html


def test_the_quick_answer_is_a_reply_and_counts_as_follow_up(
    client, vacancy, employer, mailoutbox
):
    reaction = _react(vacancy, "Sanne", "Ik heb interesse!")
    sign_in_fresh(client, employer)
    response = client.post(
        reverse("fairs:reaction-answer", kwargs={"pk": reaction.pk}),
        {"text": "Bedankt voor je reactie! Bel je morgen?"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{MY_POSTS}#mine-{vacancy.post_id}"
    reaction.refresh_from_db()
    assert reaction.followed_up_at is not None
    reply = Reaction.objects.get(parent=reaction)
    assert reply.text == "Bedankt voor je reactie! Bel je morgen?"
    html = client.get(MY_POSTS).content.decode()
    assert "1 reactie: 1 beantwoord, <strong>0 wachten op je antwoord</strong>" in html


def test_an_empty_answer_comes_back_with_the_reason(client, vacancy, employer):
    reaction = _react(vacancy, "Sanne", "Ik heb interesse!")
    sign_in_fresh(client, employer)
    response = client.post(
        reverse("fairs:reaction-answer", kwargs={"pk": reaction.pk}), {"text": ""}
    )
    assert response.status_code == 200
    assert "Ik heb interesse!" in response.content.decode()
    assert not Reaction.objects.filter(parent=reaction).exists()


def test_only_the_author_answers_from_my_posts(client, vacancy, fair):
    reaction = _react(vacancy, "Sanne", "Ik heb interesse!")
    sign_in_fresh(client, MembershipFactory(region=fair[0]).user)
    url = reverse("fairs:reaction-answer", kwargs={"pk": reaction.pk})
    assert client.post(url, {"text": "Hallo"}).status_code == 404


def test_my_posts_runs_the_same_queries_however_many_reactions(
    client, vacancy, employer, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _react(vacancy, "Sanne", "Een")
    sign_in_fresh(client, employer)
    client.get(MY_POSTS)
    with CaptureQueriesContext(connection) as few:
        client.get(MY_POSTS)
    for number in range(15):
        _react(vacancy, f"Lid {number}", f"Reactie {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(MY_POSTS).content.decode()
    assert "16 wachten op je antwoord" in html


def test_a_withdrawn_post_asks_for_no_answers(client, vacancy, employer):
    from fairs import services

    _react(vacancy, "Sanne", "Ik heb interesse!")
    services.post_withdraw(post=vacancy.post, user=employer)
    sign_in_fresh(client, employer)
    html = client.get(MY_POSTS).content.decode()
    assert "1 reactie: 0 beantwoord" in html
    assert "wacht op je antwoord" not in html
    assert "Antwoord versturen" not in html

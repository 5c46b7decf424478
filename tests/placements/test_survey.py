import re

import pytest
from django.core import mail
from django.db import models
from django.urls import reverse

from fairs.models import Reaction
from members.models import Membership
from placements import services
from placements.models import SurveyAnswer, SurveyInvitation

from ..factories import MembershipFactory
from ..fairs.conftest import FAIR_LIVE, publish
from ..roles import ROLES, expected, make_actor

pytestmark = pytest.mark.django_db

ANSWERS = {
    "had_contact": "yes",
    "had_interview": "no",
    "found_job": "no",
    "improvement": "Meer techniek",
    "recommend": "8",
}


@pytest.fixture
def edition(fair, employer, seeker, time_machine, django_capture_on_commit_callbacks):
    twente = fair[0]
    time_machine.move_to(FAIR_LIVE, tick=False)
    vacancy = publish(employer, [twente]).publications.get()
    Reaction.objects.create(publication=vacancy, author=seeker, text="Interesse")
    pitcher = MembershipFactory(region=twente, display_name="Pitcher").user
    publish(pitcher, [twente], kind="pitch")
    MembershipFactory(region=twente, display_name="Deed niet mee")
    return vacancy.edition


def link(email):
    message = [m for m in mail.outbox if m.to == [email]][-1]
    return (
        re.search(r"https?://\S+", message.body)
        .group(0)
        .split("testserver", 1)[-1]
        .replace("http://127.0.0.1:8000", "")
    )


def test_participants_are_invited_once(
    edition, seeker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.survey_invite(edition=edition) == 2
    invited = set(
        SurveyInvitation.objects.values_list("membership__display_name", flat=True)
    )
    assert invited == {"Sanne de Vries", "Pitcher"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        Membership.objects.filter(display_name__in=invited).values_list(
            "user__email", flat=True
        )
    )
    assert "Hoe was de online banenmarkt Twente?" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert services.survey_invite(edition=edition) == 0
    assert len(mail.outbox) == 2


def test_answer_with_name_and_only_once(
    client, edition, seeker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.survey_invite(edition=edition)
    url = link(seeker.email)
    assert client.get(url).status_code == 200  # no login needed
    client.post(url, ANSWERS)
    answer = SurveyAnswer.objects.get()
    assert answer.invitation.membership.user == seeker
    assert (
        answer.had_contact,
        answer.had_interview,
        answer.found_job,
        answer.recommend,
    ) == (True, False, False, 8)
    again = client.post(url, {**ANSWERS, "recommend": "2"})
    assert "Bedankt" in again.content.decode()
    assert SurveyAnswer.objects.count() == 1


def test_anonymous_answer_stores_nothing_that_links_it(
    client, edition, seeker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.survey_invite(edition=edition)
    client.post(link(seeker.email), {**ANSWERS, "anonymous": "on"})
    row = SurveyAnswer.objects.values().get()
    assert row["invitation_id"] is None
    assert all(
        not isinstance(field, models.DateTimeField)
        for field in SurveyAnswer._meta.get_fields()
        if hasattr(field, "get_internal_type")
    )
    invitation = SurveyInvitation.objects.get(membership__user=seeker)
    assert invitation.is_answered
    assert not any(
        isinstance(f, models.DateTimeField) and f.name != "created_at"
        for f in SurveyInvitation._meta.fields
    )


def test_unknown_link_and_missing_answers(
    client, edition, seeker, django_capture_on_commit_callbacks
):
    assert (
        client.get(
            reverse("placements:survey", kwargs={"token": "verzonnen"})
        ).status_code
        == 404
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.survey_invite(edition=edition)
    response = client.post(link(seeker.email), {"improvement": "Meer vacatures"})
    html = response.content.decode()
    assert "Controleer het formulier" in html and "Meer vacatures" in html
    assert not SurveyAnswer.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_project_team_sends_the_survey(client, fair, edition, role):
    actor = make_actor(role, fair[0], fair[1])
    if actor:
        client.force_login(actor)
    response = client.post(
        reverse(
            "placements:survey-send", kwargs={"slug": fair[0].slug, "pk": edition.pk}
        )
    )
    assert response.status_code == expected(role, {"project_team", "admin"}, ok=302)
    assert SurveyInvitation.objects.exists() == (role in {"project_team", "admin"})


def test_invitations_sent_before_the_scheduler_are_not_sent_again(
    edition, django_capture_on_commit_callbacks
):
    """Invitations from before `Notification` records existed: the data
    migration records them, and the day-after job then invites nobody again."""
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from banenmarkt import scheduler
    from banenmarkt.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        services.survey_invite(edition=edition)
    assert len(mail.outbox) == 2
    Notification.objects.all().delete()  # as before the scheduler
    name = "0004_survey_invitations_notified"
    migration = import_module(f"placements.migrations.{name}")
    # The models as they were when the migration was written.
    apps = MigrationLoader(connection).project_state(("placements", name)).apps
    migration.survey_invitations_notified(apps, None)
    assert Notification.objects.filter(kind="survey", status="sent").count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        assert scheduler.job_start("survey", f"edition:{edition.pk}") == 0
    assert len(mail.outbox) == 2


def test_a_survey_task_queued_before_the_scheduler_still_sends_once(edition):
    """A `placements.tasks.survey_invitations_send` message still in Redis at
    deploy time: it sends through the scheduler's path, once per person."""
    from placements.tasks import survey_invitations_send

    services.survey_invitations_create(edition=edition)  # no task run
    tokens = list(SurveyInvitation.objects.values_list("token", flat=True))
    assert survey_invitations_send.delay(tokens).get() == 2
    assert len(mail.outbox) == 2
    assert "Hoe was de online banenmarkt Twente?" in mail.outbox[0].subject
    assert survey_invitations_send.delay(tokens).get() == 0
    assert len(mail.outbox) == 2

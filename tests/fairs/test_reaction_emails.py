"""Reactions to one post reach its author bundled: the first at once, the
rest at most once per 10 minutes in one email listing them all."""

from datetime import timedelta

import pytest
from django.core import mail

from banenmarkt.celery import app
from fairs import services, tasks

from ..factories import MembershipFactory
from .conftest import publish

pytestmark = pytest.mark.django_db


def react(publication, text, capture):
    author = MembershipFactory(region=publication.region).user
    with capture(execute=True):
        return services.reaction_create(
            publication=publication, author=author, text=text
        )


def to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_the_first_reaction_at_once_the_next_ones_bundled(
    fair, employer, time_machine, django_capture_on_commit_callbacks
):
    publication = publish(employer, [fair[0]]).publications.get()
    react(publication, "Eerste reactie", django_capture_on_commit_callbacks)
    (first,) = to(employer)
    assert "Eerste reactie" in first.body

    time_machine.shift(timedelta(minutes=2))
    react(publication, "Tweede reactie", django_capture_on_commit_callbacks)
    time_machine.shift(timedelta(minutes=3))
    react(publication, "Derde reactie", django_capture_on_commit_callbacks)
    assert len(to(employer)) == 1  # nothing more within 10 minutes
    assert tasks.reactions_bundles_send() == 0  # the minutely job waits too

    time_machine.shift(timedelta(minutes=5, seconds=1))
    assert tasks.reactions_bundles_send() == 2
    first, bundle = to(employer)
    assert "2 nieuwe reacties" in bundle.subject
    assert "Tweede reactie" in bundle.body and "Derde reactie" in bundle.body
    assert "Eerste reactie" not in bundle.body
    assert tasks.reactions_bundles_send() == 0  # each reaction once
    time_machine.shift(timedelta(minutes=30))
    assert tasks.reactions_bundles_send() == 0
    assert len(to(employer)) == 2


def test_a_quiet_post_gets_its_next_reaction_at_once(
    fair, employer, time_machine, django_capture_on_commit_callbacks
):
    publication = publish(employer, [fair[0]]).publications.get()
    react(publication, "Eerste", django_capture_on_commit_callbacks)
    time_machine.shift(timedelta(minutes=11))
    react(publication, "Later", django_capture_on_commit_callbacks)
    assert [("Later" in m.body) for m in to(employer)] == [False, True]


def test_posts_are_bundled_apart_and_replies_go_at_once(
    fair, employer, seeker, time_machine, django_capture_on_commit_callbacks
):
    one = publish(employer, [fair[0]], title="Een").publications.get()
    two = publish(employer, [fair[0]], title="Twee").publications.get()
    reaction = react(one, "Over een", django_capture_on_commit_callbacks)
    react(two, "Over twee", django_capture_on_commit_callbacks)
    assert len(to(employer)) == 2  # one email per post
    with django_capture_on_commit_callbacks(execute=True):
        services.reaction_create(
            publication=one, author=employer, text="Dank je!", parent=reaction
        )
        services.reaction_create(
            publication=one, author=employer, text="Nog iets", parent=reaction
        )
    assert len(to(reaction.author)) == 2


def test_a_reply_to_ones_own_reaction_is_not_announced(
    fair, employer, django_capture_on_commit_callbacks
):
    publication = publish(employer, [fair[0]]).publications.get()
    reaction = react(publication, "Vraag", django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reaction_create(
            publication=publication,
            author=reaction.author,
            text="Aanvulling",
            parent=reaction,
        )
    assert tasks.reactions_bundles_send() == 0
    assert mail.outbox == []


def test_the_bundle_job_is_on_the_beat_schedule():
    entries = {e["task"]: e for e in app.conf.beat_schedule.values()}
    assert entries["fairs.tasks.reactions_bundles_send"]["schedule"] == 60.0

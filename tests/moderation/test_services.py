import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from banenmarkt.models import AuditEntry
from fairs import services as fair_services
from fairs.models import Publication
from moderation import selectors, services
from moderation.models import Removal, Review, StaffNote

pytestmark = pytest.mark.django_db


def actions():
    return list(
        AuditEntry.objects.filter(action__startswith="moderation.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def in_queue(publication):
    return (
        selectors.review_queue(region=publication.region)
        .filter(pk=publication.pk)
        .exists()
    )


def test_like_takes_it_out_of_the_queue_and_unlike_puts_it_back(publication, moderator):
    assert in_queue(publication)
    review = services.publication_like(publication=publication, moderator=moderator)
    assert (review.reviewed_by, review.post_version) == (moderator, 1)
    assert not in_queue(publication)
    services.publication_unlike(publication=publication, moderator=moderator)
    assert in_queue(publication)
    assert actions() == [
        "moderation.publication.liked",
        "moderation.publication.unliked",
    ]


def test_an_edit_after_the_like_returns_it_with_the_change(
    publication, moderator, employer
):
    services.publication_like(publication=publication, moderator=moderator)
    fair_services.post_update(
        post=publication.post,
        editor=employer,
        fields={"description": "Nu met een link naar reclame."},
    )
    queued = selectors.review_queue(region=publication.region).get(pk=publication.pk)
    changes = selectors.changes_since_review(queued)
    assert changes == [
        (
            "beschrijving",
            "Wij zoeken orderpickers voor de avonddienst.",
            "Nu met een link naar reclame.",
        )
    ]


def test_remove_with_reason_tells_the_author_and_restore(
    publication, moderator, employer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_remove(
            publication=publication,
            moderator=moderator,
            reason="inappropriate",
            note="Kwetsend.",
        )
    publication.refresh_from_db()
    assert publication.status == Publication.Status.REMOVED
    assert not Publication.objects.on_board().exists()
    message = mail.outbox[-1]
    assert message.to == [employer.email]
    assert "is verwijderd" in message.subject
    assert "Ongepast" in message.body and "Kwetsend." in message.body
    assert "/spelregels/" in message.body

    services.publication_restore(publication=publication, moderator=moderator)
    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED
    assert Removal.objects.get().status == Removal.Status.RESTORED
    assert actions() == [
        "moderation.publication.removed",
        "moderation.publication.restored",
    ]


def test_other_reason_needs_an_explanation(publication, moderator):
    with pytest.raises(ValidationError):
        services.publication_remove(
            publication=publication, moderator=moderator, reason="other"
        )
    assert Publication.objects.get().status == "published"


def test_commercial_removal_needs_a_second_person(
    publication, moderator, project_team, employer, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        services.publication_remove(
            publication=publication, moderator=moderator, reason="commercial"
        )

    with django_capture_on_commit_callbacks(execute=True):
        removal = services.publication_propose_removal(
            publication=publication,
            moderator=moderator,
            note="Reclame voor een cursus.",
        )
    publication.refresh_from_db()
    assert publication.status == Publication.Status.HELD  # hidden at once
    assert not Publication.objects.on_board().exists()
    assert mail.outbox == []  # the author is not told yet

    with pytest.raises(ValidationError):
        services.removal_decide(
            removal=removal, decider=moderator, confirm=True
        )  # not the proposer

    with django_capture_on_commit_callbacks(execute=True):
        services.removal_decide(removal=removal, decider=project_team, confirm=True)
    publication.refresh_from_db()
    assert publication.status == Publication.Status.REMOVED
    assert [m.to for m in mail.outbox] == [[employer.email]]
    assert "Commercieel" in mail.outbox[0].body
    with pytest.raises(ValidationError):
        services.removal_decide(
            removal=removal, decider=project_team, confirm=False
        )  # decided already
    assert actions() == [
        "moderation.publication.removal_proposed",
        "moderation.publication.removal_confirmed",
    ]


def test_rejected_commercial_proposal_puts_the_post_back(
    publication, moderator, project_team
):
    removal = services.publication_propose_removal(
        publication=publication, moderator=moderator
    )
    services.removal_decide(removal=removal, decider=project_team, confirm=False)
    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED
    assert mail.outbox == []
    assert actions()[-1] == "moderation.publication.removal_rejected"


def test_removed_or_held_cannot_be_liked(publication, moderator):
    services.publication_propose_removal(publication=publication, moderator=moderator)
    with pytest.raises(ValidationError):
        services.publication_like(publication=publication, moderator=moderator)
    assert not Review.objects.exists()


def test_clarification_and_notes(publication, project_team, moderator):
    services.clarification_add(
        publication=publication,
        author=project_team,
        question="Is rijbewijs nodig?",
        answer="Nee.",
    )
    note = services.staff_note_add(
        region=publication.region,
        author=moderator,
        text="Werkgever nagebeld, betrouwbaar",
        publication=publication,
    )
    assert note.membership is None
    assert actions() == ["moderation.publication.clarified"]
    assert StaffNote.objects.count() == 1


def test_queue_filters(twente, employer, moderator, seeker):
    from moderation.services import report_create

    from ..fairs.conftest import publish

    publish(employer, [twente], title="Gewoon")
    flagged = publish(employer, [twente], title="Nummer").publications.get()
    Publication.objects.filter(pk=flagged.pk).update(bsn_flag=True)
    reported = publish(employer, [twente], title="Gemeld").publications.get()
    report_create(publication=reported, reporter=seeker, reason="Vreemd")
    publish(
        employer, [twente], title="Ander bedrijf", organisation="Nieuw BV"
    ).publications.get()

    def titles(only):
        return [p.post.title for p in selectors.review_queue(region=twente, only=only)]

    assert titles("") == ["Gewoon", "Nummer", "Gemeld", "Ander bedrijf"]
    assert titles("bsn") == ["Nummer"]
    assert titles("reported") == ["Gemeld"]
    assert titles("new_org") == ["Gewoon", "Ander bedrijf"]


def test_activity_shows_who_moderates_and_progress(publication, moderator, twente):
    before = selectors.activity(region=twente)
    assert before["active"] == []
    services.publication_like(publication=publication, moderator=moderator)
    after = selectors.activity(region=twente)
    assert after["active"] == ["Anna"]
    assert after["oldest_wait"] is None


def test_a_withdrawn_post_never_comes_back(
    publication, moderator, project_team, employer
):
    services.publication_remove(
        publication=publication, moderator=moderator, reason="duplicate"
    )
    fair_services.post_withdraw(post=publication.post, user=employer)
    with pytest.raises(ValidationError):
        services.publication_restore(publication=publication, moderator=moderator)
    assert Publication.objects.get(pk=publication.pk).status == "removed"

    from ..fairs.conftest import publish

    second = publish(employer, [publication.region], title="Tweede").publications.get()
    removal = services.publication_propose_removal(
        publication=second, moderator=moderator
    )
    fair_services.post_withdraw(post=second.post, user=employer)
    with pytest.raises(ValidationError):
        services.removal_decide(removal=removal, decider=project_team, confirm=False)
    assert Publication.objects.get(pk=second.pk).status == "held"


def test_a_report_after_the_like_brings_the_post_back(publication, moderator, seeker):
    from moderation.models import Report

    services.publication_like(publication=publication, moderator=moderator)
    assert not in_queue(publication)
    services.report_create(
        publication=publication, reporter=seeker, reason="Oplichting!"
    )
    assert in_queue(publication)
    assert (
        selectors.review_queue(region=publication.region, only="reported").count() == 1
    )
    services.publication_like(publication=publication, moderator=moderator)
    assert not in_queue(publication)
    assert Report.objects.get().handled_at is not None

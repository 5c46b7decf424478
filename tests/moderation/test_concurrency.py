"""Two moderators acting on the same publication at the same moment never
leave it contradictory: each action locks the row and checks its state
(real concurrent transactions on PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from banenmarkt.models import AuditEntry
from fairs.models import Publication
from moderation import services
from moderation.models import Claim, Removal, Review

from ..factories import RegionRoleFactory
from ..requirements import require_postgres

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*actions):
    """Run the actions in threads released together; return their outcomes."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=10)
            action()
            outcomes[index] = "ok"
        except ValidationError:
            outcomes[index] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("repeat", range(3))
def test_like_and_remove_at_once(fair, publication, moderator, repeat):
    require_postgres(connection)
    other = RegionRoleFactory(region=fair[0]).user
    outcomes = at_once(
        lambda: services.publication_like(publication=publication, moderator=moderator),
        lambda: services.publication_remove(
            publication=publication, moderator=other, reason="duplicate"
        ),
    )
    assert outcomes[1] == "ok"
    assert Publication.objects.get(pk=publication.pk).status == "removed"
    assert not Review.objects.filter(publication=publication).exists()
    assert (
        Removal.objects.filter(publication=publication, status="confirmed").count() == 1
    )


def test_two_proposals_at_once_make_one(fair, publication, moderator):
    require_postgres(connection)
    other = RegionRoleFactory(region=fair[0]).user
    outcomes = at_once(
        lambda: services.publication_propose_removal(
            publication=publication, moderator=moderator
        ),
        lambda: services.publication_propose_removal(
            publication=publication, moderator=other
        ),
    )
    assert sorted(outcomes) == ["ok", "refused"]
    assert Removal.objects.filter(publication=publication).count() == 1
    assert Publication.objects.get(pk=publication.pk).status == "held"


def test_confirm_and_reject_at_once_make_one_decision(fair, publication, moderator):
    require_postgres(connection)
    first, second = (
        RegionRoleFactory(region=fair[0], role="project_team").user for _ in range(2)
    )
    removal = services.publication_propose_removal(
        publication=publication, moderator=moderator
    )
    outcomes = at_once(
        lambda: services.removal_decide(removal=removal, decider=first, confirm=True),
        lambda: services.removal_decide(removal=removal, decider=second, confirm=False),
    )
    assert sorted(outcomes) == ["ok", "refused"]
    removal.refresh_from_db()
    status = Publication.objects.get(pk=publication.pk).status
    assert (removal.status, status) in {
        ("confirmed", "removed"),
        ("rejected", "published"),
    }


@pytest.mark.parametrize("repeat", range(3))
def test_two_likes_at_once_make_one_review(fair, publication, moderator, repeat):
    require_postgres(connection)
    other = RegionRoleFactory(region=fair[0]).user
    outcomes = at_once(
        lambda: services.publication_like(publication=publication, moderator=moderator),
        lambda: services.publication_like(publication=publication, moderator=other),
    )
    assert sorted(outcomes) == ["ok", "refused"]
    assert Review.objects.filter(publication=publication).count() == 1
    assert (
        AuditEntry.objects.filter(
            action="moderation.publication.liked", target_id=publication.pk
        ).count()
        == 1
    )
    winner = moderator if outcomes[0] == "ok" else other
    assert Review.objects.get(publication=publication).reviewed_by == winner


@pytest.mark.parametrize("repeat", range(3))
def test_two_claims_at_once_make_one_holder(fair, publication, moderator, repeat):
    require_postgres(connection)
    other = RegionRoleFactory(region=fair[0]).user
    holders = [None, None]

    def claim(index, who):
        holders[index] = services.publication_claim(
            publication=publication, moderator=who
        ).moderator_id

    outcomes = at_once(lambda: claim(0, moderator), lambda: claim(1, other))
    assert outcomes == ["ok", "ok"]
    claim_row = Claim.objects.get(publication=publication)
    # Both were told the same holder: whoever came first, never both.
    assert holders == [claim_row.moderator_id, claim_row.moderator_id]
    assert claim_row.moderator_id in {moderator.pk, other.pk}

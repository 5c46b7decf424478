"""The review queue's side figures, kept per region for a few seconds.

Every page of the queue and every poll of its meter (each moderator, every
15 seconds during a fair) shows them: the proposals waiting for a second
person, the open BSN flags, who is moderating and when the oldest waiting
post came in. Asked afresh they were four queries, more than the page's own
25 items cost (docs/performance.md). They are kept SIDEBAR_SECONDS per
region, read in one round trip with today's figures.

Every moderator's action (a like, a removal, a proposal, a membership
decision) and every BSN flag raised or checked forgets them at once, and
again when its transaction commits: they are audited in the region, and an
audit entry of those actions is the signal. So a moderator sees their own
action, and the others see it on their next page or poll. What may lag
SIDEBAR_SECONDS behind: someone who only opened a post (a claim) or
approved join requests all at once (one bulk write, no signal), and the
oldest wait when a new post arrives in an empty queue; today's share lags
TODAY_SECONDS as before (`selectors.today_counts`).
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db import transaction

from fairs.models import Region

from . import selectors

SIDEBAR_SECONDS = 5

# Audit actions that change the proposals, the open BSN flags, who is
# moderating or the oldest waiting post.
FORGETTING_ACTIONS = frozenset(
    {
        *selectors.MODERATOR_ACTIONS,
        "moderation.publication.removal_proposed",
        "moderation.publication.removal_confirmed",
        "moderation.publication.removal_rejected",
        "moderation.publication.removal_withdrawn",
        "banenmarkt.bsn_flag.raised",
        "banenmarkt.bsn_flag.checked",
    }
)


@dataclass(frozen=True)
class Proposal:
    """A pending removal as the queue shows it (`pending_removals`)."""

    pk: int
    publication_pk: int
    title: str
    note: str
    proposed_by_id: int | None
    proposer: str  # name, else email; empty for a deleted account


def _key(region_id: int) -> str:
    return f"moderation:sidebar:{region_id}"


def _read(region: Region, now: datetime) -> dict:
    return {
        "proposals": [
            Proposal(
                pk=removal.pk,
                publication_pk=removal.publication_id,
                title=removal.publication.post.title,
                note=removal.note,
                proposed_by_id=removal.proposed_by_id,
                proposer=(
                    (removal.proposed_by.name or removal.proposed_by.email)
                    if removal.proposed_by
                    else ""
                ),
            )
            for removal in selectors.pending_removals(region=region)
        ],
        "bsn_flags_open": selectors.open_bsn_flag_count(region=region),
        "active": selectors.active_names(region=region, now=now),
        "oldest": selectors.oldest_waiting(region=region),
    }


def queue_sidebar(*, region: Region, now: datetime) -> dict:
    """`proposals`, `bsn_flags_open` and `activity` (as `selectors.activity`)
    for the review queue of `region` at `now`."""
    key, today_key = _key(region.pk), selectors.today_key(region=region, now=now)
    found = cache.get_many([key, today_key])
    kept = found.get(key)
    if kept is None:
        kept = _read(region, now)
        cache.set(key, kept, SIDEBAR_SECONDS)
    today = selectors.today_counts(region=region, now=now, kept=found.get(today_key))
    return {
        "proposals": kept["proposals"],
        "bsn_flags_open": kept["bsn_flags_open"],
        "activity": selectors.activity_from(
            now=now, active=kept["active"], oldest=kept["oldest"], today=today
        ),
    }


def forget(*, region_id: int) -> None:
    """At once (a read later in the same transaction, or in a test) and on
    commit (a read between the two kept the old figures)."""

    def delete() -> None:
        cache.delete(_key(region_id))

    delete()
    transaction.on_commit(delete)


def forget_after_audit(sender, instance, created, **kwargs) -> None:
    """post_save of AuditEntry (connected in apps.py)."""
    if created and instance.region_id and instance.action in FORGETTING_ACTIONS:
        forget(region_id=instance.region_id)

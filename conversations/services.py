"""Writes of "Mijn gesprekken": the read marker, and answering in place.

An answer is an ordinary reply under the reaction, written by the board's
own service (`fairs.services.reaction_create`), so it is checked, limited,
marks the reaction followed up and notifies the other side exactly as a
reply on the publication page does.
"""

from collections.abc import Sequence
from datetime import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fairs import services as fair_services
from fairs.models import Reaction

from .models import ConversationRead


def nav_cache_key(user_id: int) -> str:
    return f"conversations:nav:{user_id}"


def _forget_counts(*user_ids: int) -> None:
    """The navigation's counts of these people are stale now."""
    cache.delete_many([nav_cache_key(user_id) for user_id in user_ids])


@transaction.atomic
def conversation_mark_read(
    *, user, reaction: Reaction, now: datetime
) -> ConversationRead:
    """Remember that `user` saw the conversation as it is at `now`."""
    if reaction.parent_id is not None:
        raise ValidationError(_("A conversation starts with a reaction, not a reply."))
    read, _created = ConversationRead.objects.update_or_create(
        user=user, reaction=reaction, defaults={"read_at": now}
    )
    transaction.on_commit(lambda: _forget_counts(user.pk))
    return read


@transaction.atomic
def conversation_reply(
    *,
    user,
    reaction: Reaction,
    text: str,
    now: datetime,
    ip: str = "",
    bsn_flagged: Sequence[str] = (),
) -> Reaction:
    """Answer in a conversation: a reply under `reaction` by the board's
    service; the conversation is then read for the one who answered. Only
    its two sides answer here (others reply on the publication page)."""
    post_author_id = reaction.publication.post.author_id
    if user.pk not in (reaction.author_id, post_author_id):
        raise ValidationError(_("You can only answer in your own conversations."))
    reply = fair_services.reaction_create(
        publication=reaction.publication,
        author=user,
        text=text,
        parent=reaction,
        ip=ip,
        bsn_flagged=bsn_flagged,
    )
    conversation_mark_read(user=user, reaction=reaction, now=max(now, reply.created_at))
    transaction.on_commit(lambda: _forget_counts(reaction.author_id, post_author_id))
    return reply

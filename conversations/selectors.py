"""Reads of "Mijn gesprekken". Each page runs a fixed number of queries,
however many conversations someone has (tests/conversations).

Who sees a conversation: its two sides, the author of the post (for a pitch
posted on behalf of a client, the caseworker who posted it) and the author of
the top-level reaction; and only while they would see it on the board today:
the publication is published, and they may read that region's board
(`members.permissions.board_regions_q`). A withdrawn, hidden or removed publication takes its
conversations out of the inbox for both sides, so no text leaks that the
board no longer shows; the post's author still finds the reactions on the
publication page, as before.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import (
    BigIntegerField,
    BooleanField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from banenmarkt.prepared import Prepared
from fairs.models import Publication, Reaction
from members.permissions import AnyUser, board_regions_q
from members.selectors import display_names

from .models import ConversationRead

PAGE_SIZE = 25


def conversations_of(*, user) -> QuerySet[Reaction]:
    """The top-level reactions `user` is a side of, annotated with the last
    message (`last_at`, `last_author_id`), the user's read marker
    (`read_at`), `waiting` (someone else wrote last: the user's answer is
    awaited) and `unread` (someone else wrote after the user last opened it).
    Waiting ones first, then by newest activity."""
    last_reply = Reaction.objects.filter(parent=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    others_wrote_last = ~Q(last_author_id=user.pk)
    # The user's sides as a union of two index reads (their own reactions,
    # the reactions on their posts): an OR across the joins made PostgreSQL
    # walk every top-level reaction and publication (16 ms a query at the
    # national edition's size, against 0.7; docs/performance.md).
    top_level = Reaction.objects.filter(parent__isnull=True)
    sides = (
        top_level.filter(author_id=user.pk)
        .values("pk")
        .union(top_level.filter(publication__post__author_id=user.pk).values("pk"))
    )
    return (
        Reaction.objects.filter(
            pk__in=sides,
            publication__status=Publication.Status.PUBLISHED,
        )
        .filter(board_regions_q(user, "publication__region_id"))
        .annotate(
            last_at=Coalesce(
                Subquery(last_reply.values("created_at")[:1]), F("created_at")
            ),
            last_author_id=Coalesce(
                Subquery(last_reply.values("author_id")[:1]),
                F("author_id"),
                output_field=BigIntegerField(),
            ),
            read_at=Subquery(
                ConversationRead.objects.filter(
                    user_id=user.pk, reaction=OuterRef("pk")
                ).values("read_at")[:1]
            ),
        )
        .annotate(
            waiting=ExpressionWrapper(others_wrote_last, output_field=BooleanField()),
            unread=ExpressionWrapper(
                others_wrote_last
                & (Q(read_at__isnull=True) | Q(read_at__lt=F("last_at"))),
                output_field=BooleanField(),
            ),
        )
        .order_by("-waiting", "-last_at", "-pk")
    )


class Listed(NamedTuple):
    pk: int
    unread: bool
    waiting: bool


# The inbox's list, compiled once per process: building the annotations of
# `conversations_of` took longer than PostgreSQL takes to run them.
_LISTING = Prepared(
    lambda user_id: conversations_of(user=AnyUser(user_id)).values_list(
        "pk", "unread", "waiting"
    ),
    user_id=int,
)


def conversation_listing(*, user) -> list[Listed]:
    """Every conversation of `user`, in the inbox's order, as (pk, unread,
    waiting): one query, and a short list (one person's conversations).
    The inbox's page and the counts both come from it."""
    if user.is_active and user.is_superuser:  # another query: all regions
        rows = conversations_of(user=user).values_list("pk", "unread", "waiting")
    else:
        rows = _LISTING.rows(user_id=user.pk)
    return [Listed(*row) for row in rows]


def conversation_counts(*, user, listing: list[Listed] | None = None) -> dict[str, int]:
    """For the navigation and the dashboard: conversations that are unread,
    that wait for the user's answer, and that are either (one query, none
    when given the `listing`)."""
    if listing is None:
        listing = conversation_listing(user=user)
    return {
        "unread": sum(item.unread for item in listing),
        "waiting": sum(item.waiting for item in listing),
        "attention": sum(item.unread or item.waiting for item in listing),
    }


@dataclass(frozen=True)
class Message:
    pk: int
    author_name: str
    mine: bool
    text: str
    created_at: object


def _with_page_data(conversations: list[Reaction], *, user) -> None:
    """Names (as each person is known in that region), the other side and
    the messages in order, on each conversation (one query for the names)."""
    user_ids = set()
    for conversation in conversations:
        user_ids |= {conversation.author_id, conversation.publication.post.author_id}
        user_ids |= {reply.author_id for reply in conversation.reply_list}
    names = display_names(
        region_ids={c.publication.region_id for c in conversations},
        user_ids=user_ids,
    )
    for conversation in conversations:
        region_id = conversation.publication.region_id
        post = conversation.publication.post

        def name(user_id, region_id=region_id, post=post):
            if user_id == post.author_id and post.is_vacancy:
                return post.organisation
            return names.get((region_id, user_id), "")

        conversation.is_mine_post = post.author_id == user.pk
        conversation.other_name = name(
            conversation.author_id if conversation.is_mine_post else post.author_id
        )
        conversation.messages = [
            Message(
                pk=message.pk,
                author_name=name(message.author_id),
                mine=message.author_id == user.pk,
                text=message.text,
                created_at=message.created_at,
            )
            for message in [conversation, *conversation.reply_list]
        ]
        conversation.last_message = conversation.messages[-1]


def _with_replies(conversations: QuerySet[Reaction]) -> QuerySet[Reaction]:
    return conversations.select_related(
        "publication__post", "publication__region"
    ).prefetch_related(
        Prefetch(
            "replies",
            queryset=Reaction.objects.order_by("created_at", "pk"),
            to_attr="reply_list",
        )
    )


def inbox_page(*, user, number, listing: list[Listed] | None = None) -> Page:
    """One page of the user's conversations (PAGE_SIZE a page): four
    queries whatever their number, three when given the `listing`."""
    if listing is None:
        listing = conversation_listing(user=user)
    page = Paginator(listing, PAGE_SIZE).get_page(number)
    by_pk = _with_replies(
        Reaction.objects.filter(pk__in=[item.pk for item in page.object_list])
    ).in_bulk()
    conversations = []
    for item in page.object_list:
        conversation = by_pk.get(item.pk)
        if conversation is None:  # deleted in between
            continue
        conversation.unread, conversation.waiting = item.unread, item.waiting
        conversations.append(conversation)
    _with_page_data(conversations, user=user)
    for conversation in conversations:
        conversation.last_at = conversation.last_message.created_at
    page.object_list = conversations
    return page


def conversation_detail(*, user, pk: int) -> Reaction:
    """One of the user's conversations with its messages; 404 for anyone
    else's, and for one the user may no longer see on the board."""
    conversation = get_object_or_404(
        _with_replies(conversations_of(user=user)),
        pk=pk,
    )
    _with_page_data([conversation], user=user)
    return conversation

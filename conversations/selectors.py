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

from django.core.paginator import Page, Paginator
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
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

from fairs.models import Publication, Reaction
from members.permissions import board_regions_q
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
    return (
        Reaction.objects.filter(
            parent__isnull=True,
            publication__status=Publication.Status.PUBLISHED,
        )
        .filter(board_regions_q(user, "publication__region_id"))
        .filter(Q(author=user) | Q(publication__post__author=user))
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
                    user=user, reaction=OuterRef("pk")
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


def conversation_counts(*, user) -> dict[str, int]:
    """For the navigation and the dashboard: conversations that are unread,
    that wait for the user's answer, and that are either (one query)."""
    groups = (
        conversations_of(user=user)
        .order_by()
        .values("unread", "waiting")
        .annotate(n=Count("pk"))
    )
    counts = {"unread": 0, "waiting": 0, "attention": 0}
    for group in groups:  # at most four rows: one per (unread, waiting)
        for key in ("unread", "waiting"):
            counts[key] += group["n"] if group[key] else 0
        counts["attention"] += group["n"] if group["unread"] or group["waiting"] else 0
    return counts


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


def inbox_page(*, user, number) -> Page:
    """One page of the user's conversations (PAGE_SIZE a page): four
    queries, whatever their number."""
    conversations = _with_replies(conversations_of(user=user))
    page = Paginator(conversations, PAGE_SIZE).get_page(number)
    page.object_list = list(page.object_list)
    _with_page_data(page.object_list, user=user)
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

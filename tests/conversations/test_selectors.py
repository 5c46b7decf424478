"""Which conversations someone sees in "Mijn gesprekken", in which order, and
what is new for them."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from conversations import selectors, services
from fairs import services as fair_services
from fairs.models import Post, Reaction, Region
from members.models import Membership
from members.permissions import board_regions_q, region_access
from moderation import services as moderation_services

from ..factories import MembershipFactory, RegionRoleFactory
from ..fairs.conftest import publish
from ..roles import ROLES, make_actor
from .conftest import reply

pytestmark = pytest.mark.django_db


def _inbox(user):
    return list(selectors.inbox_page(user=user, number=1).object_list)


def test_inbox_has_reactions_on_my_posts_and_my_reactions(reaction, employer, seeker):
    assert [c.pk for c in _inbox(employer)] == [reaction.pk]
    assert [c.pk for c in _inbox(seeker)] == [reaction.pk]


def test_inbox_leaves_out_conversations_of_others(reaction, twente):
    bystander = MembershipFactory(region=twente).user
    moderator = RegionRoleFactory(region=twente, role="moderator").user
    assert _inbox(bystander) == []
    assert _inbox(moderator) == []


def test_caseworker_sees_conversations_about_a_pitch_for_a_client(
    client_pitch, caseworker, employer
):
    reaction = fair_services.reaction_create(
        publication=client_pitch, author=employer, text="Wij hebben werk voor je klant."
    )
    conversation = _inbox(caseworker)[0]
    assert conversation.pk == reaction.pk
    assert conversation.waiting and conversation.unread
    # The employer is known by the name they use in the region.
    assert conversation.other_name == "Flex"


def test_the_side_that_must_answer_sees_it_waiting_and_unread(
    reaction, employer, seeker
):
    (for_employer,) = _inbox(employer)
    (for_seeker,) = _inbox(seeker)
    assert for_employer.waiting and for_employer.unread
    assert not for_seeker.waiting and not for_seeker.unread
    reply(reaction, employer)
    (for_employer,) = _inbox(employer)
    (for_seeker,) = _inbox(seeker)
    assert not for_employer.waiting and not for_employer.unread
    assert for_seeker.waiting and for_seeker.unread
    assert for_seeker.last_message.text == "Kom dinsdag langs."
    # A vacancy's side is its organisation, as on the board.
    assert for_seeker.other_name == "Flex Uitzendbureau"


def test_opening_marks_read_until_the_other_side_writes_again(
    reaction, employer, seeker, time_machine
):
    reply(reaction, employer)
    services.conversation_mark_read(user=seeker, reaction=reaction, now=timezone.now())
    (for_seeker,) = _inbox(seeker)
    assert not for_seeker.unread and for_seeker.waiting
    time_machine.shift(timedelta(minutes=5))
    reply(reaction, employer, text="Of woensdag?")
    (for_seeker,) = _inbox(seeker)
    assert for_seeker.unread


def test_waiting_first_then_newest_activity(
    vacancy, employer, seeker, twente, time_machine
):
    older = fair_services.reaction_create(
        publication=vacancy, author=seeker, text="Eerste"
    )
    time_machine.shift(timedelta(minutes=1))
    other = MembershipFactory(region=twente).user
    newer = fair_services.reaction_create(
        publication=vacancy, author=other, text="Tweede"
    )
    time_machine.shift(timedelta(minutes=1))
    reply(older, employer)  # the employer answered: no longer waiting for him
    assert [c.pk for c in _inbox(employer)] == [newer.pk, older.pk]
    time_machine.shift(timedelta(minutes=1))
    reply(newer, employer)
    # Nothing waits: the newest activity first.
    assert [c.pk for c in _inbox(employer)] == [newer.pk, older.pk]
    time_machine.shift(timedelta(minutes=1))
    reply(older, seeker, text="Dank je!")
    assert [c.pk for c in _inbox(employer)] == [older.pk, newer.pk]


@pytest.mark.parametrize(
    "take_away",
    ["withdraw", "remove"],
)
def test_a_publication_off_the_board_leaves_both_inboxes(
    reaction, vacancy, employer, seeker, twente, take_away
):
    reply(reaction, employer)
    if take_away == "withdraw":
        fair_services.post_withdraw(post=vacancy.post, user=employer)
    else:
        moderator = RegionRoleFactory(region=twente, role="moderator").user
        moderation_services.publication_remove(
            publication=vacancy, moderator=moderator, reason="inappropriate"
        )
    assert _inbox(seeker) == []
    assert _inbox(employer) == []
    assert selectors.conversation_counts(user=seeker)["attention"] == 0


def test_a_member_who_left_the_region_no_longer_sees_its_conversations(
    reaction, employer, seeker, twente
):
    reply(reaction, employer)
    Membership.objects.filter(user=seeker, region=twente).update(
        status=Membership.Status.ENDED
    )
    assert _inbox(seeker) == []


def test_counts_for_the_navigation(reaction, employer, seeker, vacancy, twente):
    other = MembershipFactory(region=twente).user
    fair_services.reaction_create(publication=vacancy, author=other, text="Hallo")
    assert selectors.conversation_counts(user=employer) == {
        "unread": 2,
        "waiting": 2,
        "attention": 2,
    }
    services.conversation_mark_read(
        user=employer, reaction=reaction, now=timezone.now()
    )
    assert selectors.conversation_counts(user=employer) == {
        "unread": 1,
        "waiting": 2,
        "attention": 2,
    }
    assert selectors.conversation_counts(user=seeker)["attention"] == 0


def test_inbox_pages_by_25(vacancy, employer, twente, no_post_limit):
    _many_reactions(vacancy, twente, 30)
    first = selectors.inbox_page(user=employer, number=1)
    second = selectors.inbox_page(user=employer, number=2)
    assert len(first.object_list) == 25
    assert len(second.object_list) == 5


def _many_reactions(publication, region, count):
    authors = [MembershipFactory(region=region).user for _ in range(count)]
    Reaction.objects.bulk_create(
        Reaction(publication=publication, author=author, text=f"Reactie {n}")
        for n, author in enumerate(authors)
    )


@pytest.mark.parametrize("role", ROLES)
def test_board_regions_q_agrees_with_can_view_board(role, twente, fair):
    """The inbox filters by `board_regions_q` inside its query; it must say
    what `RegionAccess.can_view_board` says, for every role."""
    other = fair[1]
    actor = make_actor(role, twente, other) or AnonymousUser()
    readable = set(
        Region.objects.filter(board_regions_q(actor)).values_list("pk", flat=True)
    )
    for region in (twente, other):
        assert (region.pk in readable) == region_access(actor, region).can_view_board


@pytest.mark.parametrize("role", ROLES)
def test_the_compiled_listing_is_the_inbox_query(role, twente, fair, vacancy, seeker):
    """The inbox's list comes from a query compiled once per process
    (`banenmarkt.prepared`); for every role it holds what the queryset
    holds, in the same order, with the same flags."""
    actor = make_actor(role, twente, fair[1])
    if actor is None:
        return  # the inbox is for signed-in members (tests/conversations/test_views)
    # A post and a reaction of the actor's, whatever their rights today (as
    # for a member who has left since).
    own = publish(MembershipFactory(region=twente).user, [twente]).publications.get()
    Post.objects.filter(pk=own.post_id).update(author=actor)
    theirs = fair_services.reaction_create(publication=own, author=seeker, text="Hoi")
    mine = Reaction.objects.create(publication=vacancy, author=actor, text="Ik")
    reply(mine, vacancy.post.author)
    services.conversation_mark_read(user=actor, reaction=theirs, now=timezone.now())
    expected = list(
        selectors.conversations_of(user=actor).values_list("pk", "unread", "waiting")
    )
    assert selectors.conversation_listing(user=actor) == expected
    if region_access(actor, twente).can_view_board:
        assert {pk for pk, _unread, _waiting in expected} == {theirs.pk, mine.pk}
    else:
        assert expected == []

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conversations import services
from conversations.models import ConversationRead
from fairs.models import Reaction

from ..factories import MembershipFactory
from .conftest import reply

pytestmark = pytest.mark.django_db


def test_conversation_mark_read_keeps_one_row_per_person(reaction, employer):
    now = timezone.now()
    services.conversation_mark_read(user=employer, reaction=reaction, now=now)
    later = now + timedelta(minutes=3)
    services.conversation_mark_read(user=employer, reaction=reaction, now=later)
    assert ConversationRead.objects.get(user=employer).read_at == later


def test_conversation_mark_read_refuses_a_reply(reaction, employer):
    answer = reply(reaction, employer)
    with pytest.raises(ValidationError):
        services.conversation_mark_read(
            user=employer, reaction=answer, now=timezone.now()
        )


def test_conversation_reply_goes_through_the_boards_service(reaction, employer):
    answer = services.conversation_reply(
        user=employer, reaction=reaction, text=" Kom langs ", now=timezone.now()
    )
    assert answer.parent == reaction and answer.text == "Kom langs"
    reaction.refresh_from_db()
    assert reaction.followed_up_at == answer.created_at
    assert ConversationRead.objects.get(user=employer).read_at >= answer.created_at


def test_conversation_reply_only_by_its_two_sides(reaction, twente):
    bystander = MembershipFactory(region=twente).user
    with pytest.raises(ValidationError):
        services.conversation_reply(
            user=bystander, reaction=reaction, text="Hallo", now=timezone.now()
        )
    assert not Reaction.objects.filter(parent=reaction).exists()

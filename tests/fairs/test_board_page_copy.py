"""The board page kept whole (fairs.board_cache.BoardPage, banenmarkt.page_copy):
the same page as rendered for the viewer, whoever built the copy, with the
viewer's own menu counts, messages and tokens, and the moment's state."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from fairs import services
from fairs.models import Post
from members.models import Membership

from ..auth import sign_in_fresh
from ..factories import AdminFactory, MembershipFactory, RegionRoleFactory
from .conftest import FAIR_LIVE, publish
from .test_board_cache import _board

pytestmark = pytest.mark.django_db

NOT_OPEN = "Deze banenmarkt is nog niet open."
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


def _same(html: str) -> str:
    """The page with its CSRF tokens blanked (a new mask on every render)."""
    return TOKEN.sub(r'\1"', html)


def _with_message(client, text: str) -> None:
    """A message waiting for the next page, as a redirect after a form
    leaves one (the cookie storage)."""
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, text)])


def _pair(role, twente):
    """Two users with `role` in `twente`, the second with a conversation
    waiting for them (a count in the menu)."""
    if role in ("job_seeker", "employer", "caseworker"):
        users = [
            MembershipFactory(
                region=twente,
                kind=role,
                organisation="" if role == "job_seeker" else "Werkplein",
            ).user
            for _ in range(2)
        ]
    elif role == "admin":
        users = [AdminFactory(), AdminFactory()]
    else:
        users = [RegionRoleFactory(region=twente, role=role).user for _ in range(2)]
    return users


@pytest.fixture
def live(fair, time_machine):
    time_machine.move_to(FAIR_LIVE, tick=False)
    return fair


ROLES = [
    "job_seeker",
    "employer",
    "caseworker",
    "moderator",
    "project_team",
    "staff",
    "admin",
]


def test_a_kept_page_is_the_page_rendered_for_its_viewer(live, employer, settings):
    """For every role: the page a second person gets from the copy the first
    one built equals the page rendered for them without any copy (their
    own menu counts, message and tokens; the region menu and buttons of
    their rights), and nobody gets another role's page."""
    twente = live[0]
    pairs = {role: _pair(role, twente) for role in ROLES}
    # The second seeker has a reaction waiting for an answer: a menu count.
    seeker_two = pairs["job_seeker"][1]
    pitch = publish(seeker_two, [twente], kind=Post.Kind.PITCH, title="Mijn pitch")
    services.reaction_create(
        publication=pitch.publications.get(), author=employer, text="Kom langs!"
    )
    publish(employer, [twente], title="Heftruckchauffeur")

    pages = {}
    for role, (first, second) in pairs.items():
        builder, viewer = Client(), Client()
        sign_in_fresh(builder, first)
        sign_in_fresh(viewer, second)
        _board(builder, twente)  # builds and keeps the page for this role
        _with_message(viewer, f"Bericht voor {role}")
        kept, built = _board(viewer, twente)
        assert not built, role
        settings.BOARD_CACHE_SECONDS = 0
        _with_message(viewer, f"Bericht voor {role}")
        fresh, _built = _board(viewer, twente)
        settings.BOARD_CACHE_SECONDS = 60
        assert f"Bericht voor {role}" in kept
        assert _same(kept) == _same(fresh), role
        pages[role] = _same(kept)
    # The waiting reaction is counted for its viewer only.
    assert 'class="nav-count"' in pages["job_seeker"]
    # Rights show: the moderators' region menu, not for members.
    queue = reverse("moderation:queue", kwargs={"slug": twente.slug})
    assert queue in pages["moderator"] and queue not in pages["employer"]


def test_a_kept_page_answers_with_a_working_token(live, employer):
    """The log-out form of a kept page carries this session's token."""
    twente = live[0]
    publish(employer, [twente], title="Heftruckchauffeur")
    builder = Client()
    sign_in_fresh(builder, MembershipFactory(region=twente).user)
    _board(builder, twente)
    viewer = Client(enforce_csrf_checks=True)
    sign_in_fresh(viewer, MembershipFactory(region=twente).user)
    _board(viewer, twente)  # the CSRF cookie
    html, built = _board(viewer, twente)
    assert not built
    token = TOKEN.search(html).group(0).split('value="')[1].rstrip('"')
    response = viewer.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in viewer.session


@pytest.mark.parametrize("page", ["", "&page=2"])
def test_a_kept_page_follows_the_clock(fair, employer, time_machine, settings, page):
    """At the opening the page changes by itself, though nothing was
    written: the editions' states are part of what the copy is kept by (on
    page 2 of the coming fair's board, only the note that it has not opened
    yet changes)."""
    twente = fair[0]
    opening = FAIR_LIVE.replace(minute=0)
    edition = twente.editions.get(starts_at=opening)
    query = f"?editie={edition.pk}{page}"
    reader = Client()
    sign_in_fresh(reader, MembershipFactory(region=twente).user)
    time_machine.move_to(opening - timedelta(seconds=30), tick=False)
    _board(reader, twente, query)
    before, built = _board(reader, twente, query)
    assert not built
    time_machine.move_to(opening, tick=False)
    after, _built = _board(reader, twente, query)
    settings.BOARD_CACHE_SECONDS = 0
    fresh, _built = _board(reader, twente, query)
    assert _same(after) == _same(fresh)
    assert NOT_OPEN in before and NOT_OPEN not in after


def test_a_member_s_kind_chooses_the_first_button(live, employer):
    """Employers and job seekers share rights but not the posting buttons:
    each gets the page of their own kind from the copy."""
    twente = live[0]
    vacancy = reverse("fairs:vacancy-create")
    pitch = reverse("fairs:pitch-create")
    pages = {}
    for kind in (Membership.Kind.EMPLOYER, Membership.Kind.JOB_SEEKER):
        for _ in range(2):
            client = Client()
            member = MembershipFactory(
                region=twente,
                kind=kind,
                organisation="Flex" if kind == Membership.Kind.EMPLOYER else "",
            )
            sign_in_fresh(client, member.user)
            pages[kind], _built = _board(client, twente)
    first = {
        kind: re.search(r'<a class="button" href="([^"?]+)', html).group(1)
        for kind, html in pages.items()
    }
    assert first == {
        Membership.Kind.EMPLOYER: vacancy,
        Membership.Kind.JOB_SEEKER: pitch,
    }


def test_the_menu_is_rendered_once_per_viewer_and_counts(live, employer):
    """The menu of a kept page is kept per viewer, page and counts: the next
    view of the same board renders it no more, a change in the viewer's
    counts renders it again, and another viewer gets their own."""
    from django.core.cache import cache
    from django.test.signals import template_rendered

    twente = live[0]
    moderator = RegionRoleFactory(region=twente, role="moderator").user
    reader = Client()
    sign_in_fresh(reader, moderator)
    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        _board(reader, twente)
        rendered.clear()
        _board(reader, twente)
        assert "_nav_personal.html" not in rendered
        # A post to review, counted afresh: the menu shows it at once.
        publish(employer, [twente], title="Nieuwe vacature")
        cache.delete(f"moderation:nav:{moderator.pk}")
        html, _built = _board(reader, twente)
        assert "_nav_personal.html" in rendered
        assert "Taken" in html
        rendered.clear()
        other = Client()
        sign_in_fresh(other, RegionRoleFactory(region=twente, role="moderator").user)
        _board(other, twente)
        assert "_nav_personal.html" in rendered
    finally:
        template_rendered.disconnect(record)

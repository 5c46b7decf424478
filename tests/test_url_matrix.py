"""Every URL of our apps, for every role: a declared matrix, and a walk over
Django's URL resolver that fails for a URL name the matrix does not declare,
so a new page cannot miss its permission test.

Each entry says which roles get the page (and with which status), and how
everyone else is turned away: anonymous visitors to the login page (302),
signed-in people without the right with 403, or 404 where the object is
looked up among the visitor's own (someone else's post or request).
allauth's and the admin's URLs are theirs: they are not walked here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from banenmarkt.models import BsnFlag
from banenmarkt.notifications import unsubscribe_token
from fairs import services as fair_services
from fairs.models import Edition, Post
from fairs.retention import pitch_keep_token
from fairs.schedule import AMSTERDAM
from members.models import DataExport, InviteLink, Membership, RoleInvitation
from moderation import services as moderation_services
from placements.models import CallBack, Placement, SurveyInvitation
from speeddates import services as speed_date_services

from .auth import sign_in_fresh
from .factories import (
    AdminFactory,
    MembershipFactory,
    RegionFactory,
    RegionRoleFactory,
)
from .fairs.conftest import pitch_fields, vacancy_fields
from .fairs.documents import pdf_text_with_photo, pdf_with_text
from .roles import BOARD_READERS, MODERATORS, PROJECT_TEAM, ROLES, make_actor

OUR_NAMESPACES = (
    "fairs",
    "members",
    "moderation",
    "placements",
    "speeddates",
    "conversations",
)
SIGNED_IN = set(ROLES) - {"anonymous"}
EXPORTERS = {"staff", "project_team", "admin"}
# A moment between two fairs, with a fair that closed before it.
MOMENT = datetime(2026, 12, 9, 12, tzinfo=AMSTERDAM)


@dataclass(frozen=True)
class Entry:
    """`allowed` roles get `ok`; the others get `denied` (anonymous: the login
    page, unless the page is public)."""

    kwargs: Callable[[dict], dict] = lambda world: {}
    allowed: frozenset[str] | set[str] = field(default_factory=lambda: set(ROLES))
    ok: int = 200
    denied: int = 403
    method: str = "get"
    query: Callable[[dict], str] = lambda world: ""
    # Per-role answers that differ from the rule (with the reason in a comment).
    special: dict[str, int] = field(default_factory=dict)

    def expected(self, role: str) -> int:
        if role in self.special:
            return self.special[role]
        if role in self.allowed:
            return self.ok
        return 302 if role == "anonymous" else self.denied


def slug(world):
    return {"slug": world["region"].slug}


def slug_pk(key):
    return lambda world: {"slug": world["region"].slug, "pk": world[key].pk}


def fair_day(world):
    return {"day": world["edition"].scheduled_date.isoformat()}


PUBLIC = Entry()
EVERYONE_SIGNED_IN = Entry(allowed=SIGNED_IN)
# Posting needs an active membership; without one: to the dashboard (302).
POSTING = Entry(
    allowed=SIGNED_IN,
    special=dict.fromkeys(
        SIGNED_IN - {"member", "other_member"},
        302,
    ),
)

MATRIX: dict[str, Entry] = {
    # The calendar's public pages: no login.
    "fairs:home": PUBLIC,
    "fairs:calendar": PUBLIC,
    "fairs:feed": PUBLIC,
    "fairs:region": Entry(kwargs=slug),
    "fairs:region-feed": Entry(kwargs=slug),
    "fairs:privacy": PUBLIC,
    "fairs:rules": PUBLIC,
    "fairs:accessibility": PUBLIC,
    # The public fair page (docs/fair-page.md): shared by everyone.
    "fairs:fair-now": PUBLIC,
    "fairs:fair-day": Entry(kwargs=fair_day),
    "fairs:fair-day-counters": Entry(kwargs=fair_day),
    "fairs:fair-day-qr": Entry(kwargs=fair_day),
    "fairs:fair": Entry(kwargs=slug_pk("edition")),
    "fairs:fair-counters": Entry(kwargs=slug_pk("edition")),
    "fairs:fair-qr": Entry(kwargs=slug_pk("edition")),
    # The language switch of shared pages (no CSRF token): back to `next`.
    "fairs:language": Entry(ok=302, method="post"),
    "placements:survey": Entry(kwargs=lambda w: {"token": w["survey_token"]}),
    "members:unsubscribe": Entry(kwargs=lambda w: {"token": w["unsubscribe_token"]}),
    "fairs:pitch-keep": Entry(kwargs=lambda w: {"token": w["pitch_keep_token"]}),
    "members:account-deleted": PUBLIC,
    # Where an invite link lands: for everyone, signed in or not.
    "members:invite": Entry(kwargs=lambda w: {"token": w["invite_link"].token}),
    # The board: members, moderators and staff of the region.
    "fairs:board": Entry(kwargs=slug, allowed=BOARD_READERS),
    "fairs:theme-corners": Entry(kwargs=slug, allowed=BOARD_READERS),
    # The live board's poll for new posts: exactly the board's readers.
    "fairs:board-newer": Entry(kwargs=slug, allowed=BOARD_READERS),
    "fairs:publication": Entry(kwargs=slug_pk("vacancy"), allowed=BOARD_READERS),
    "fairs:cv": Entry(kwargs=slug_pk("pitch"), allowed=BOARD_READERS),
    "moderation:publication-report": Entry(
        kwargs=slug_pk("vacancy"), allowed=BOARD_READERS
    ),
    "members:member-list": Entry(kwargs=slug, allowed=BOARD_READERS),
    # Everyone signed in: their own pages.
    "fairs:combined-board": EVERYONE_SIGNED_IN,
    "fairs:my-posts": EVERYONE_SIGNED_IN,
    # Only the author of the post answers from "My posts" (the world's
    # reaction is on the staffing agency's vacancy: nobody of the roles).
    "fairs:reaction-answer": Entry(
        kwargs=lambda world: {"pk": world["reaction"].pk}, allowed=set(), denied=404
    ),
    "members:dashboard": EVERYONE_SIGNED_IN,
    "conversations:inbox": EVERYONE_SIGNED_IN,
    "members:email-preferences": EVERYONE_SIGNED_IN,
    "members:second-factor": EVERYONE_SIGNED_IN,
    "members:data-export": EVERYONE_SIGNED_IN,
    # Behind reauthentication (each role here signed in a moment ago).
    "members:account-delete": EVERYONE_SIGNED_IN,
    "fairs:vacancy-create": POSTING,
    "fairs:pitch-create": POSTING,
    "fairs:pitch-step": Entry(
        kwargs=lambda w: {"number": 1},
        allowed=SIGNED_IN,
        special=dict.fromkeys(SIGNED_IN - {"member", "other_member"}, 302),
    ),
    # Without a draft, back to the start (members) or the dashboard.
    "fairs:pitch-preview": Entry(allowed=SIGNED_IN, ok=302),
    # Deletes one's own draft, if any; then back to the start.
    "fairs:pitch-discard": Entry(allowed=SIGNED_IN, ok=302, method="post"),
    # Someone else's post or request: looked up among one's own (404).
    "fairs:post-edit": Entry(
        kwargs=lambda w: {"pk": w["vacancy"].post_id}, allowed=set(), denied=404
    ),
    "fairs:post-withdraw": Entry(
        kwargs=lambda w: {"pk": w["vacancy"].post_id}, allowed=set(), denied=404
    ),
    "members:request-edit": Entry(
        kwargs=lambda w: {"pk": w["pending"].pk}, allowed=set(), denied=404
    ),
    # Someone else's conversation: looked up among one's own (404).
    "conversations:conversation": Entry(
        kwargs=lambda w: {"pk": w["reaction"].pk}, allowed=set(), denied=404
    ),
    # Someone else's download of their data (after reauthentication).
    "members:data-export-download": Entry(
        kwargs=lambda w: {"pk": w["data_export"].pk}, allowed=set(), denied=404
    ),
    "members:request-withdraw": Entry(
        kwargs=lambda w: {"pk": w["pending"].pk},
        allowed=set(),
        denied=404,
        method="post",
    ),
    # Joining: anyone signed in who is not in the region yet.
    "members:join": Entry(
        kwargs=slug,
        allowed=SIGNED_IN,
        # Members and people with an open request are sent to their dashboard.
        special={"member": 302, "pending": 302},
    ),
    "members:leave": Entry(kwargs=slug, allowed={"member"}),
    # Moderators.
    "members:join-queue": Entry(kwargs=slug, allowed=MODERATORS),
    "members:join-question": Entry(kwargs=slug_pk("pending"), allowed=MODERATORS),
    "members:join-decline": Entry(kwargs=slug_pk("pending"), allowed=MODERATORS),
    "members:member-end": Entry(kwargs=slug_pk("member"), allowed=MODERATORS),
    "members:member-account-delete": Entry(
        kwargs=slug_pk("member"), allowed=MODERATORS
    ),
    "moderation:queue": Entry(kwargs=slug, allowed=MODERATORS),
    "moderation:like": Entry(
        kwargs=slug_pk("vacancy"), allowed=MODERATORS, ok=302, method="post"
    ),
    "moderation:like-many": Entry(
        kwargs=slug, allowed=MODERATORS, ok=302, method="post"
    ),
    "moderation:undo": Entry(kwargs=slug, allowed=MODERATORS, ok=302, method="post"),
    "moderation:remove": Entry(kwargs=slug_pk("vacancy"), allowed=MODERATORS),
    "moderation:claim": Entry(
        kwargs=slug_pk("vacancy"), allowed=MODERATORS, ok=302, method="post"
    ),
    "moderation:restore": Entry(
        kwargs=slug_pk("removed"), allowed=MODERATORS, ok=302, method="post"
    ),
    # An empty note comes back on a page of its own with the error.
    "moderation:note": Entry(
        kwargs=slug_pk("vacancy"), allowed=MODERATORS, ok=200, method="post"
    ),
    "moderation:bsn-flags": Entry(kwargs=slug, allowed=MODERATORS),
    "moderation:bsn-flag-checked": Entry(
        kwargs=slug_pk("bsn_flag"), allowed=MODERATORS, ok=302, method="post"
    ),
    "moderation:cv-checked": Entry(
        kwargs=slug_pk("scanned_pitch"), allowed=MODERATORS, ok=302, method="post"
    ),
    "moderation:removed": Entry(kwargs=slug, allowed=MODERATORS),
    "moderation:member-notes": Entry(kwargs=slug_pk("member"), allowed=MODERATORS),
    "moderation:audit-log": Entry(kwargs=slug, allowed=MODERATORS),
    # The project team.
    "moderation:decide": Entry(
        kwargs=slug_pk("proposal"), allowed=PROJECT_TEAM, ok=302, method="post"
    ),
    "moderation:clarify": Entry(kwargs=slug_pk("vacancy"), allowed=PROJECT_TEAM),
    "moderation:audit-log-csv": Entry(kwargs=slug, allowed=PROJECT_TEAM),
    "members:roles": Entry(kwargs=slug, allowed=PROJECT_TEAM),
    "members:processing-register": Entry(kwargs=slug, allowed=EXPORTERS),
    "members:invite-links": Entry(kwargs=slug, allowed=PROJECT_TEAM),
    "members:invite-link-qr": Entry(
        kwargs=slug_pk("invite_link"), allowed=PROJECT_TEAM
    ),
    "members:invite-link-archive": Entry(
        kwargs=slug_pk("invite_link"), allowed=PROJECT_TEAM, ok=302, method="post"
    ),
    "members:invite-link-reactivate": Entry(
        kwargs=slug_pk("invite_link"), allowed=PROJECT_TEAM, ok=302, method="post"
    ),
    "members:role-remove": Entry(
        kwargs=slug_pk("staff_role"), allowed=PROJECT_TEAM, ok=302, method="post"
    ),
    "members:role-invitation-withdraw": Entry(
        kwargs=slug_pk("invitation"), allowed=PROJECT_TEAM, ok=302, method="post"
    ),
    "placements:known-employers": Entry(kwargs=slug, allowed=PROJECT_TEAM),
    "placements:survey-send": Entry(
        kwargs=slug_pk("edition"), allowed=PROJECT_TEAM, ok=302, method="post"
    ),
    # After the fair: WSP staff and the project team.
    "placements:after-fair": Entry(kwargs=slug, allowed=EXPORTERS),
    "placements:vacancy-list": Entry(
        kwargs=lambda w: {**slug_pk("edition")(w), "fmt": "csv"}, allowed=EXPORTERS
    ),
    "placements:vacancy-list-all": Entry(
        kwargs=lambda w: {"day": f"{w['edition'].starts_at:%Y-%m-%d}", "fmt": "csv"},
        allowed=EXPORTERS,
        # Someone who exports for another region gets that region's list.
        special={"other_moderator": 200},
    ),
    "placements:call-backs": Entry(kwargs=slug_pk("edition"), allowed=EXPORTERS),
    "placements:call-back": Entry(
        kwargs=slug_pk("edition"),
        allowed=EXPORTERS,
        query=lambda w: "?organisatie=Flex%20Uitzendbureau",
    ),
    "placements:placements": Entry(kwargs=slug_pk("edition"), allowed=EXPORTERS),
    "placements:call-back-placements": Entry(
        kwargs=lambda w: {**slug_pk("edition")(w), "call_pk": w["call_back"].pk},
        allowed=EXPORTERS,
    ),
    "placements:placement-edit": Entry(
        kwargs=lambda w: {**slug_pk("edition")(w), "placement_pk": w["placement"].pk},
        allowed=EXPORTERS,
    ),
    "placements:placement-delete": Entry(
        kwargs=lambda w: {**slug_pk("edition")(w), "placement_pk": w["placement"].pk},
        allowed=EXPORTERS,
    ),
    # Counts only; WSP staff record the placements and account for them.
    "placements:report": Entry(kwargs=slug_pk("edition"), allowed=EXPORTERS),
    # The live dashboard of a fair morning: WSP staff, the project team and
    # platform admins (moderators have the review queue's meter).
    "placements:live": Entry(kwargs=slug, allowed=EXPORTERS),
    "placements:live-edition": Entry(kwargs=slug_pk("edition"), allowed=EXPORTERS),
    "placements:placements-export": Entry(
        kwargs=lambda w: {**slug_pk("edition")(w), "fmt": "csv"}, allowed=EXPORTERS
    ),
    # Speed dates: the vacancy's author (not a role here) and the project team
    # offer slots and see the schedule; a member of the region books one.
    "speeddates:offer": Entry(kwargs=slug_pk("vacancy"), allowed=PROJECT_TEAM),
    "speeddates:schedule": Entry(kwargs=slug_pk("vacancy"), allowed=PROJECT_TEAM),
    "speeddates:no-show": Entry(
        kwargs=slug_pk("speed_date_booking"),
        allowed=PROJECT_TEAM,
        ok=302,
        method="post",
    ),
    "speeddates:book": Entry(
        kwargs=slug_pk("speed_date_slot"), allowed={"member"}, ok=302, method="post"
    ),
    # Someone else's booking: looked up among one's own (404).
    "speeddates:cancel": Entry(
        kwargs=lambda w: {"pk": w["speed_date_booking"].pk},
        allowed=set(),
        denied=404,
        method="post",
    ),
    "speeddates:move": Entry(
        kwargs=lambda w: {"pk": w["speed_date_booking"].pk},
        allowed=set(),
        denied=404,
        method="post",
    ),
    # Caseworkers (for their clients), staff and the project team.
    "placements:pitches-without-reaction": Entry(kwargs=slug, allowed=EXPORTERS),
}


def our_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace in OUR_NAMESPACES:
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_of_our_apps_is_in_the_matrix():
    names = our_url_names()
    assert len(names) > 50
    assert names - set(MATRIX) == set(), "add these URLs to tests/test_url_matrix.py"
    assert set(MATRIX) - names == set(), "these URLs no longer exist"


@pytest.fixture
def world(db, time_machine, settings):
    time_machine.move_to(datetime(2026, 12, 1, 10, 30, tzinfo=AMSTERDAM), tick=False)
    region = RegionFactory(name="Twente", slug="twente")
    other = RegionFactory(name="Rijk van Nijmegen", slug="rijk-van-nijmegen")
    fair_services.editions_generate()
    author = MembershipFactory(
        region=region,
        kind=Membership.Kind.STAFFING_AGENCY,
        organisation="Flex Uitzendbureau",
        display_name="Flex",
    )
    seeker = MembershipFactory(region=region, display_name="Sanne")
    moderator = RegionRoleFactory(region=region, role="project_team").user

    def vacancy(title):
        post = fair_services.post_create(
            author=author.user,
            kind=Post.Kind.VACANCY,
            regions=[region],
            fields=vacancy_fields(title=title),
        )
        return post.publications.get()

    published = vacancy("Orderpicker")
    removed = vacancy("Reclame")
    moderation_services.publication_remove(
        publication=removed, moderator=moderator, reason="inappropriate"
    )
    proposal = moderation_services.publication_propose_removal(
        publication=vacancy("Cursus met korting"), moderator=moderator
    )
    pitch = fair_services.post_create(
        author=seeker.user,
        kind=Post.Kind.PITCH,
        regions=[region],
        fields={
            **pitch_fields(),
            "cv": SimpleUploadedFile("cv.pdf", pdf_with_text("Mijn cv")),
        },
    ).publications.get()
    # A scan (a photo and a name, no text to speak of) that OCR cannot read
    # here: it waits for a moderator.
    settings.CV_OCR_TESSERACT = "/nonexistent/tesseract"
    scanned_pitch = fair_services.post_create(
        author=MembershipFactory(region=region).user,
        kind=Post.Kind.PITCH,
        regions=[region],
        fields={
            **pitch_fields(),
            "cv": SimpleUploadedFile("scan.pdf", pdf_text_with_photo("Jan")),
            "cv_needs_ocr": True,
        },
    )
    # (In a transactional test the task ran at commit already.)
    fair_services.post_cv_read(post_id=scanned_pitch.pk)
    scanned_pitch.refresh_from_db()
    assert scanned_pitch.cv_state == Post.CvState.MODERATOR
    reaction = fair_services.reaction_create(
        publication=published,
        author=seeker.user,
        text="Bel me op 111222333",
        bsn_flagged=["text"],
    )
    edition = Edition.objects.filter(region=region).order_by("starts_at").first()
    time_machine.move_to(MOMENT, tick=False)
    next_fair = Edition.objects.filter(region=region, starts_at__gt=MOMENT).first()
    speed_date_slots = speed_date_services.slots_offer(
        publication=published,
        by=author.user,
        edition=next_fair,
        start=time(11),
        minutes=15,
        count=2,
        video_urls=["https://meet.example/flex"],
    )
    speed_date_booking = speed_date_services.booking_create(
        slot=speed_date_slots[0], seeker=seeker.user
    )
    survey = SurveyInvitation.objects.create(
        edition=edition, membership=seeker, token="matrix-survey-token"
    )
    call_back = CallBack.objects.create(
        region=region,
        edition=edition,
        organisation="Flex Uitzendbureau",
        key="flex uitzendbureau",
        called_at=MOMENT,
        outcome=CallBack.Outcome.REACHED,
        placements_reported=2,
    )
    placement = Placement.objects.create(
        region=region,
        edition=edition,
        anonymous=True,
        employer="Flex Uitzendbureau",
        start_date=MOMENT.date(),
        recorded_by_organisation=Placement.RecordedBy.UWV,
        source=Placement.Source.CALL_BACK,
        booking_reference="VAC-1",
        call_back=call_back,
    )
    return {
        "region": region,
        "other": other,
        "call_back": call_back,
        "placement": placement,
        "vacancy": published,
        "removed": removed,
        "proposal": proposal,
        "pitch": pitch,
        "scanned_pitch": scanned_pitch.publications.get(),
        "bsn_flag": BsnFlag.objects.get(target_id=reaction.pk),
        "reaction": reaction,
        "edition": edition,
        "speed_date_slot": speed_date_slots[1],
        "speed_date_booking": speed_date_booking,
        "member": seeker,
        "pending": MembershipFactory(region=region, status=Membership.Status.PENDING),
        "staff_role": RegionRoleFactory(region=region, role="staff"),
        "invitation": RoleInvitation.objects.create(
            region=region, email="nog-geen-account@example.nl", role="moderator"
        ),
        "invite_link": InviteLink.objects.create(
            region=region, channel=InviteLink.Channel.POSTER, name="Poster"
        ),
        "survey_token": survey.token,
        "data_export": DataExport.objects.create(
            user=seeker.user,
            requested_at=MOMENT,
            ready_at=MOMENT,
            expires_at=MOMENT + timedelta(days=7),
        ),
        "unsubscribe_token": unsubscribe_token(seeker.user),
        "pitch_keep_token": pitch_keep_token(pitch.post),
    }


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_every_role_as_declared(client, world, name):
    entry = MATRIX[name]
    url = reverse(name, kwargs=entry.kwargs(world) or None) + entry.query(world)
    answers = {}
    for role in ROLES:
        client.logout()
        actor = make_actor(role, world["region"], world["other"])
        if actor is not None:
            # Signed in a moment ago: pages behind reauthentication (roles,
            # exports) answer as their permission says.
            sign_in_fresh(client, actor)
        # Each role meets the same world: what one role's request changed
        # (a role removed, a post restored) is rolled back for the next.
        with transaction.atomic():
            response = getattr(client, entry.method)(url)
            transaction.set_rollback(True)
        answers[role] = response.status_code
    assert answers == {role: entry.expected(role) for role in ROLES}


ROLE_HOLDERS = ("moderator", "project_team", "staff", "admin")
# Member pages that show what only a role may take along: a CV.
SECOND_STEP_ALSO = {"fairs:cv"}


def role_holder_without_second_step(role, region):
    if role == "admin":
        return AdminFactory(second_factor=False)
    return RegionRoleFactory(region=region, role=role, second_factor=False).user


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_a_role_opens_its_pages_only_after_the_second_step(client, world, name):
    """Someone with a role but no second step set up is sent to the page that
    explains it, from every page of the role (and from a CV); pages every
    member has answer as before."""
    entry = MATRIX[name]
    url = reverse(name, kwargs=entry.kwargs(world) or None) + entry.query(world)
    role_page = (
        not (entry.allowed & {"member", "anonymous"}) or name in SECOND_STEP_ALSO
    )
    second_step = reverse("members:second-factor")
    answers, wanted = {}, {}
    for role in ROLE_HOLDERS:
        client.logout()
        sign_in_fresh(client, role_holder_without_second_step(role, world["region"]))
        with transaction.atomic():
            response = getattr(client, entry.method)(url)
            transaction.set_rollback(True)
        answers[role] = (
            "second step"
            if response.status_code == 302 and response.url.startswith(second_step)
            else response.status_code
        )
        allowed = entry.expected(role) == entry.ok and role in entry.allowed
        wanted[role] = "second step" if role_page and allowed else entry.expected(role)
    assert answers == wanted

"""Query-count guards for every page that lists rows that grow with use
(issue 19): each page at 10 and at 5,000 rows, seeded in bulk.

Every test measures the page at 10 rows against the page's fixed budget;
at 5,000 rows it then measures the same page again, which must run no more
queries than it did at 10 (a count that grows with the rows is an N+1).
Before each measurement the cache is emptied, the actor signed in afresh and
the home page requested once, so the session and the header's counts behave
as in the other guards (tests/fairs/test_board_views.py keeps the board's).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count as counter

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from banenmarkt.models import AuditEntry, BsnFlag
from conversations.models import ConversationRead
from fairs.models import CvView, Edition, Post, Publication, Reaction
from fairs.moments import fair_moment
from members.models import InviteLink, Membership, RegionRole, RoleInvitation, User
from moderation.models import Removal, Report
from placements.models import CallBack, Placement
from speeddates.models import Booking, Slot

from .auth import sign_in_fresh
from .factories import RegionRoleFactory
from .fairs.conftest import FAIR_LIVE, employer, fair  # noqa: F401
from .fairs.test_board_views import _bulk_posts

pytestmark = pytest.mark.django_db

SMALL = 10
COUNTS = [SMALL, 5000]
_tags = counter()


# Seeding, in bulk: no services, no signals, a handful of INSERTs per call.


def _people(region, n, *, status=Membership.Status.ACTIVE, **fields) -> list[User]:
    """`n` accounts with a membership (by default active) in `region`."""
    tag = next(_tags)
    users = User.objects.bulk_create(
        User(email=f"bulk{tag}-{i}@example.nl", name=f"Bulk {tag} {i}", password="!")
        for i in range(n)
    )
    Membership.objects.bulk_create(
        Membership(
            user=user,
            region=region,
            status=status,
            display_name=f"Bulklid {tag} {i}",
            kind=Membership.Kind.JOB_SEEKER,
            town="Enschede",
            introduction="Ik zoek werk.",
            **fields,
        )
        for i, user in enumerate(users)
    )
    return users


def _publications(
    region,
    edition,
    author,
    n,
    *,
    kind=Post.Kind.VACANCY,
    status=Publication.Status.PUBLISHED,
    published_at=FAIR_LIVE,
    organisations=False,
) -> list[Publication]:
    """`n` posts of `author`, each published in `region` for `edition`; with
    `organisations` every post names an organisation of its own."""
    tag = next(_tags)
    posts = Post.objects.bulk_create(
        Post(
            author=author,
            kind=kind,
            title=f"Bulkrij {tag} {i}",
            description="Werk in de logistiek",
            sector="logistics" if i % 2 else "care",
            education_level="mbo",
            hours_per_week=24,
            place="Hengelo",
            organisation=f"Organisatie {tag} {i}" if organisations else "Flex",
            contact_person="Petra Jansen",
            contact_email="petra@flex.example",
            search_text=f"Bulkrij {i}",
        )
        for i in range(n)
    )
    return Publication.objects.bulk_create(
        Publication(
            post=post,
            region=region,
            edition=edition,
            status=status,
            published_at=published_at,
        )
        for post in posts
    )


def _reactions(publication, authors, **fields) -> list[Reaction]:
    return Reaction.objects.bulk_create(
        Reaction(publication=publication, author=author, text=f"Reactie {i}", **fields)
        for i, author in enumerate(authors)
    )


def _open_edition(region) -> Edition:
    """The next fair's edition (the board fixtures publish in it too)."""
    return Edition.objects.filter(region=region).not_closed().first()


def _board_edition(region) -> Edition:
    """The edition the region's board shows now."""
    return fair_moment(region=region).board


# The pages. `setup` makes the actor and the rows the page needs besides the
# growing ones and returns (actor, url); `grow` adds `n` rows.


@dataclass
class Env:
    twente: object
    nijmegen: object
    employer: object
    state: dict


@dataclass(frozen=True)
class Page:
    name: str
    budget: int
    setup: object
    grow: object
    live: bool = False  # measured while the fair is live (the clock at FAIR_LIVE)


def _url(name, env, **kwargs):
    return reverse(name, kwargs={"slug": env.twente.slug, **kwargs})


def _role(env, role):
    return RegionRoleFactory(region=env.twente, role=role).user


# fairs


def _combined_setup(env):
    return env.employer, reverse("fairs:combined-board")


def _combined_grow(env, n):
    # Split over both regions: at 10 the page is not full yet.
    _bulk_posts(env.twente, env.employer, n - n // 2)
    _bulk_posts(env.nijmegen, env.employer, n // 2)


def _corners_setup(env):
    return env.employer, _url("fairs:theme-corners", env)


def _corners_grow(env, n):
    edition = _board_edition(env.twente)
    pitches = _publications(env.twente, edition, env.employer, n, kind=Post.Kind.PITCH)
    _reactions(pitches[0], [env.employer] * min(n, 50))


def _my_posts_setup(env):
    return env.employer, reverse("fairs:my-posts")


def _my_posts_grow(env, n):
    publications = _publications(env.twente, _open_edition(env.twente), env.employer, n)
    people = _people(env.twente, n)
    # Reactions, answered and not, spread over the posts; CV views.
    Reaction.objects.bulk_create(
        Reaction(
            publication=publications[i % len(publications)],
            author=person,
            text=f"Reactie {i}",
            followed_up_at=FAIR_LIVE if i % 2 else None,
        )
        for i, person in enumerate(people)
    )
    CvView.objects.bulk_create(
        CvView(post_id=publications[i % 10].post_id, region=env.twente, viewer=person)
        for i, person in enumerate(people[:200])
    )


def _publication_setup(env):
    vacancy = _publications(env.twente, _board_edition(env.twente), env.employer, 1)[0]
    env.state["publication"] = vacancy
    return env.employer, _url("fairs:publication", env, pk=vacancy.pk)


def _publication_grow(env, n):
    vacancy = env.state["publication"]
    people = _people(env.twente, n)
    top = _reactions(vacancy, people)
    # Replies to some, and a pitch on the board by some of those who reacted.
    _reactions(vacancy, [env.employer] * min(n, 100), parent=top[0])
    pitches = Post.objects.bulk_create(
        Post(
            author=person,
            kind=Post.Kind.PITCH,
            title=f"Pitch {i}",
            description="Ik werk graag met mensen.",
            sector="retail",
            education_level="mbo",
            hours_per_week=24,
            place="Enschede",
        )
        for i, person in enumerate(people[: n // 5])
    )
    Publication.objects.bulk_create(
        Publication(
            post=pitch,
            region=env.twente,
            edition=vacancy.edition,
            status=Publication.Status.PUBLISHED,
            published_at=FAIR_LIVE,
        )
        for pitch in pitches
    )


# conversations


def _inbox_setup(env):
    vacancy = _publications(env.twente, _open_edition(env.twente), env.employer, 1)[0]
    env.state["publication"] = vacancy
    return env.employer, reverse("conversations:inbox")


def _inbox_grow(env, n):
    vacancy = env.state["publication"]
    people = _people(env.twente, n)
    top = _reactions(vacancy, people)
    _reactions(vacancy, [env.employer] * min(n, 100), parent=top[0])
    ConversationRead.objects.bulk_create(
        ConversationRead(user=env.employer, reaction=r, read_at=timezone.now())
        for r in top[: n // 2]
    )


def _conversation_setup(env):
    vacancy = _publications(env.twente, _open_edition(env.twente), env.employer, 1)[0]
    seeker = _people(env.twente, 1)[0]
    reaction = _reactions(vacancy, [seeker])[0]
    env.state |= {"reaction": reaction, "seeker": seeker}
    # Opened before: each measured request updates the moment it was read.
    ConversationRead.objects.create(
        user=env.employer, reaction=reaction, read_at=timezone.now()
    )
    return env.employer, reverse(
        "conversations:conversation", kwargs={"pk": reaction.pk}
    )


def _conversation_grow(env, n):
    reaction, seeker = env.state["reaction"], env.state["seeker"]
    _reactions(
        reaction.publication,
        [env.employer if i % 2 else seeker for i in range(n)],
        parent=reaction,
    )


# moderation


def _moderator_setup(name, **query):
    def setup(env):
        url = _url(name, env)
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        return _role(env, RegionRole.Role.MODERATOR), url

    return setup


def _queue_grow(env, n):
    _publications(env.twente, _open_edition(env.twente), env.employer, n)


def _reports_grow(env, n):
    reporter = env.state.setdefault("reporter", _people(env.twente, 1)[0])
    publications = _publications(env.twente, _open_edition(env.twente), env.employer, n)
    Report.objects.bulk_create(
        Report(publication=p, reporter=reporter, reason="Dit klopt niet")
        for p in publications
    )


def _removed_grow(env, n):
    moderator = env.state.setdefault("proposer", _role(env, RegionRole.Role.MODERATOR))
    publications = _publications(
        env.twente,
        _open_edition(env.twente),
        env.employer,
        n,
        status=Publication.Status.REMOVED,
    )
    Removal.objects.bulk_create(
        Removal(
            publication=p,
            reason=Removal.Reason.INAPPROPRIATE,
            status=Removal.Status.CONFIRMED,
            proposed_by=moderator,
            decided_by=moderator,
            decided_at=FAIR_LIVE,
        )
        for p in publications
    )


def _bsn_flags_grow(env, n):
    people = _people(env.twente, n)
    BsnFlag.objects.bulk_create(
        BsnFlag(
            region=env.twente,
            target_type="fairs.reaction",
            target_id=i + 1,
            target_label=f"Reactie {i}",
            field="text",
            written_by=person,
        )
        for i, person in enumerate(people)
    )


def _audit_log_grow(env, n):
    people = _people(env.twente, min(n, 200))
    AuditEntry.objects.bulk_create(
        AuditEntry(
            region=env.twente,
            actor=people[i % len(people)],
            action="membership.approve" if i % 2 else "publication.like",
            target_type="membership",
            target_id=i + 1,
            target_label=f"Lid {i}",
        )
        for i in range(n)
    )


# members


def _members_grow(env, n):
    _people(env.twente, n)


def _join_queue_grow(env, n):
    _people(env.twente, n, status=Membership.Status.PENDING)
    _people(
        env.twente,
        min(n, 100),
        status=Membership.Status.QUESTION,
        question="Wie ben je?",
        question_asked_at=FAIR_LIVE,
    )


def _roles_setup(env):
    return _role(env, RegionRole.Role.PROJECT_TEAM), _url("members:roles", env)


def _roles_grow(env, n):
    tag = next(_tags)
    people = _people(env.twente, n)
    RegionRole.objects.bulk_create(
        RegionRole(user=person, region=env.twente, role=RegionRole.Role.MODERATOR)
        for person in people
    )
    RoleInvitation.objects.bulk_create(
        RoleInvitation(
            email=f"uitgenodigd{tag}-{i}@example.nl",
            region=env.twente,
            role=RegionRole.Role.STAFF,
        )
        for i in range(n)
    )


def _invite_links_setup(env):
    team = _role(env, RegionRole.Role.PROJECT_TEAM)
    env.state["links"] = InviteLink.objects.bulk_create(
        InviteLink(region=env.twente, channel=channel, name=f"Link {channel}")
        for channel in InviteLink.Channel.values
    )
    return team, _url("members:invite-links", env)


def _invite_links_grow(env, n):
    links = env.state["links"]
    tag = next(_tags)
    InviteLink.objects.bulk_create(
        InviteLink(
            region=env.twente,
            channel=InviteLink.Channel.POSTER,
            name=f"Oude poster {tag} {i}",
            archived_at=FAIR_LIVE,
        )
        for i in range(max(n // 50, 1))
    )
    for status in (Membership.Status.ACTIVE, Membership.Status.PENDING):
        people = _people(env.twente, n // 2, status=status)
        Membership.objects.filter(user__in=people).update(invite_link=links[0])


# placements


def _staff_setup(name, *, edition=True, **kwargs):
    def setup(env):
        staff = _role(env, RegionRole.Role.STAFF)
        env.state["staff"] = staff
        if edition:
            kwargs["pk"] = _open_edition(env.twente).pk
        return staff, _url(name, env, **kwargs)

    return setup


def _vacancies_grow(env, n):
    _publications(
        env.twente, _open_edition(env.twente), env.employer, n, organisations=True
    )


def _call_backs_grow(env, n):
    edition = _open_edition(env.twente)
    publications = _publications(
        env.twente, edition, env.employer, n, organisations=True
    )
    _reactions(publications[0], [env.employer] * min(n, 50))
    staff = env.state["staff"]
    CallBack.objects.bulk_create(
        CallBack(
            region=env.twente,
            edition=edition,
            organisation=p.post.organisation,
            key=p.post.organisation.lower(),
            assigned_to=staff,
            called_by=staff if i % 2 else None,
            called_at=FAIR_LIVE if i % 2 else None,
        )
        for i, p in enumerate(publications[::2])
    )


def _placements_grow(env, n):
    edition = _open_edition(env.twente)
    vacancies = _publications(env.twente, edition, env.employer, min(n, 100))
    people = _people(env.twente, n)
    Placement.objects.bulk_create(
        Placement(
            region=env.twente,
            edition=edition,
            job_seeker=person,
            employer="Flex",
            vacancy=vacancies[i % len(vacancies)],
            start_date=date(2027, 1, 4),
            recorded_by_organisation=Placement.RecordedBy.GEMEENTE,
            source=Placement.Source.CALL_BACK,
            booking_reference=f"V-{i}",
            recorded_by=env.state["staff"],
        )
        for i, person in enumerate(people)
    )


def _pitches_grow(env, n):
    people = _people(env.twente, n)
    edition = _board_edition(env.twente)
    posts = Post.objects.bulk_create(
        Post(
            author=person,
            kind=Post.Kind.PITCH,
            title=f"Pitch {i}",
            description="Ik werk graag met mensen.",
            sector="retail" if i % 2 else "care",
            education_level="mbo",
            hours_per_week=24,
            place="Enschede",
        )
        for i, person in enumerate(people)
    )
    Publication.objects.bulk_create(
        Publication(
            post=post,
            region=env.twente,
            edition=edition,
            status=Publication.Status.PUBLISHED,
            published_at=FAIR_LIVE,
        )
        for post in posts
    )


def _live_grow(env, n):
    edition = Edition.objects.filter(region=env.twente).live(FAIR_LIVE).get()
    publications = _publications(
        env.twente,
        edition,
        env.employer,
        n,
        published_at=edition.starts_at + timedelta(minutes=5),
    )
    people = _people(env.twente, n)
    Reaction.objects.bulk_create(
        Reaction(
            publication=publications[i % len(publications)], author=person, text="Hoi"
        )
        for i, person in enumerate(people)
    )


# speeddates


def _schedule_setup(env):
    vacancy = _publications(env.twente, _open_edition(env.twente), env.employer, 1)[0]
    env.state |= {"publication": vacancy, "slots": 0}
    return env.employer, _url("speeddates:schedule", env, pk=vacancy.pk)


def _schedule_grow(env, n):
    vacancy = env.state["publication"]
    first = env.state["slots"]
    env.state["slots"] += n
    slots = Slot.objects.bulk_create(
        Slot(
            post_id=vacancy.post_id,
            edition=vacancy.edition,
            starts_at=vacancy.edition.starts_at + timedelta(seconds=first + i),
            minutes=15,
            video_url="https://meet.example/flex",
            created_by=env.employer,
        )
        for i in range(n)
    )
    people = _people(env.twente, n)
    Booking.objects.bulk_create(
        Booking(
            slot=slot,
            post_id=vacancy.post_id,
            seeker=person,
            status=Booking.Status.NO_SHOW if i % 5 == 0 else Booking.Status.BOOKED,
            booked_at=FAIR_LIVE - timedelta(days=1),
        )
        for i, (slot, person) in enumerate(zip(slots, people, strict=True))
    )


# Each budget is what the page runs at 10 rows: the session and user, the
# region and the visitor's rights, the header's counts (cached by the
# warm-up request) and the page's own queries.
PAGES = [
    Page("fairs:combined-board", 8, _combined_setup, _combined_grow),
    Page("fairs:theme-corners", 6, _corners_setup, _corners_grow),
    Page("fairs:my-posts", 7, _my_posts_setup, _my_posts_grow),
    Page("fairs:publication", 9, _publication_setup, _publication_grow),
    Page("conversations:inbox", 5, _inbox_setup, _inbox_grow),
    Page("conversations:conversation", 10, _conversation_setup, _conversation_grow),
    # The queue: 16 with its caches empty (the region's calendar is two
    # queries when not kept, one less than asking whether a fair is live
    # when it is; the side figures are kept a few seconds; the first page's
    # compiled query and then its posts by id).
    Page("moderation:queue", 16, _moderator_setup("moderation:queue"), _queue_grow),
    Page(
        "moderation:queue-reported",
        16,
        _moderator_setup("moderation:queue", alleen="reported"),
        _reports_grow,
    ),
    Page(
        "moderation:removed", 5, _moderator_setup("moderation:removed"), _removed_grow
    ),
    Page(
        "moderation:bsn-flags",
        5,
        _moderator_setup("moderation:bsn-flags"),
        _bsn_flags_grow,
    ),
    Page(
        "moderation:audit-log",
        7,
        _moderator_setup("moderation:audit-log"),
        _audit_log_grow,
    ),
    Page(
        "members:member-list",
        4,
        _moderator_setup("members:member-list"),
        _members_grow,
    ),
    Page(
        "members:join-queue",
        6,
        _moderator_setup("members:join-queue"),
        _join_queue_grow,
    ),
    Page("members:roles", 8, _roles_setup, _roles_grow),
    Page("members:invite-links", 6, _invite_links_setup, _invite_links_grow),
    Page(
        "placements:after-fair",
        7,
        _staff_setup("placements:after-fair", edition=False),
        _vacancies_grow,
        live=True,
    ),
    Page(
        "placements:vacancy-list",
        8,
        _staff_setup("placements:vacancy-list", fmt="csv"),
        _vacancies_grow,
    ),
    Page(
        "placements:call-backs",
        9,
        _staff_setup("placements:call-backs"),
        _call_backs_grow,
    ),
    Page(
        "placements:placements",
        7,
        _staff_setup("placements:placements"),
        _placements_grow,
    ),
    Page(
        "placements:pitches-without-reaction",
        7,
        _staff_setup("placements:pitches-without-reaction", edition=False),
        _pitches_grow,
    ),
    Page(
        "placements:live",
        18,
        _staff_setup("placements:live", edition=False),
        _live_grow,
        live=True,
    ),
    Page("speeddates:schedule", 6, _schedule_setup, _schedule_grow),
]


def _measure(client, actor, url, assert_max):
    """The page's queries, measured as the other guards do: signed in
    afresh, the session and the header's counts cached by one request to
    the home page, the page's own caches empty."""
    cache.clear()
    sign_in_fresh(client, actor)
    client.get(reverse("fairs:home"))
    with assert_max as captured:
        response = client.get(url)
        # An export streams: its rows are read while it is sent.
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
    assert response.status_code == 200, url
    assert body, url
    return len(captured)


@pytest.mark.parametrize("count", COUNTS)
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_list_page_queries_do_not_grow_with_rows(
    client,
    fair,  # noqa: F811
    employer,  # noqa: F811
    time_machine,
    page,
    count,
    django_assert_max_num_queries,
):
    if page.live:
        time_machine.move_to(FAIR_LIVE, tick=False)
    env = Env(twente=fair[0], nijmegen=fair[1], employer=employer, state={})
    actor, url = page.setup(env)
    page.grow(env, SMALL)
    small = _measure(client, actor, url, django_assert_max_num_queries(page.budget))
    if count > SMALL:
        page.grow(env, count - SMALL)
        # No more queries than at 10 rows: the count must not grow with them.
        _measure(client, actor, url, django_assert_max_num_queries(small))

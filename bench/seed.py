"""A national edition to measure on: 35 regions on one fair morning.

Built with bulk_create straight into a database of its own
(`banenmarkt_bench`), once; a later run reuses it and only moves the
editions around the moment it runs (so the fair is live while the load
runs). Sizes (issue 19's load model):

- 33 Twente-sized regions: 6,600 members, 600 vacancies, 250 pitches and
  250 reactions each (a third answered by the post's author);
- `bench-middel`, the same with 2,500 posts, and `bench-groot` with 25,000
  posts (the scale pair: the board at 25,000 against 2,500);
- unreviewed posts everywhere (no likes): the queue of `bench-groot` holds
  25,000.

`--quick` builds the same shape at a tenth (3 regions) to try the harness.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

BIG, MIDDLE = "bench-groot", "bench-middel"
EMAIL_DOMAIN = "bench.example"


@dataclass(frozen=True)
class Scale:
    name: str
    regions: int  # Twente-sized regions, besides the middle and the big one
    members: int
    vacancies: int
    pitches: int
    reactions: int
    middle_posts: int
    big_posts: int


FULL = Scale("full", 33, 6_600, 600, 250, 250, 2_500, 25_000)
QUICK = Scale("quick", 1, 660, 60, 25, 25, 250, 2_500)

SECTORS = ["care", "education", "technology", "logistics", "retail", "ict"]
LEVELS = ["mbo", "hbo", "wo", "none_vmbo"]
PLACES = ["Enschede", "Hengelo", "Almelo", "Oldenzaal", "Borne", "Haaksbergen"]
TEXT = (
    "Wij zoeken een collega die zin heeft om mee te bouwen aan ons team. "
    "Je werkt zelfstandig en in overleg, en je krijgt een goede begeleiding. "
)


def seeded(scale: Scale) -> bool:
    from fairs.models import Region

    return Region.objects.filter(slug=BIG, description=scale.name).exists()


def _region_plan(scale: Scale) -> list[tuple[str, str, int, int]]:
    """(slug, name, vacancies, pitches) per region."""
    plan = [
        (f"bench-{n:02d}", f"Benchregio {n:02d}", scale.vacancies, scale.pitches)
        for n in range(1, scale.regions + 1)
    ]
    middle_pitches = scale.middle_posts // 4
    plan.append(
        (
            MIDDLE,
            "Benchregio Middel",
            scale.middle_posts - middle_pitches,
            middle_pitches,
        )
    )
    big_pitches = scale.big_posts // 4
    plan.append((BIG, "Benchregio Groot", scale.big_posts - big_pitches, big_pitches))
    return plan


def editions_around(now) -> None:
    """Every bench region's edition open now: from an hour ago to two hours
    ahead, dated today (a run on another day finds the fair live again)."""
    from fairs.models import Edition

    Edition.objects.filter(region__slug__startswith="bench-").update(
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
        scheduled_date=timezone.localdate(now),
        is_cancelled=False,
    )


def seed(scale: Scale, *, now=None, out=print) -> None:
    from fairs.models import Edition, Post, Publication, Reaction, Region
    from members.models import Membership, RegionRole, User
    from tests.factories import second_factor_add

    now = now or timezone.now()
    password = make_password("banenmarkt-bench")
    number = 0
    for slug, name, vacancies, pitches in _region_plan(scale):
        with transaction.atomic():
            region = Region.objects.create(
                name=name,
                slug=slug,
                description=scale.name if slug == BIG else "",
                contact_email=f"team@{slug}.{EMAIL_DOMAIN}",
            )
            edition = Edition.objects.create(
                region=region,
                kind=Edition.Kind.REGULAR,
                title="Banenmarkt",
                starts_at=now - timedelta(hours=1),
                ends_at=now + timedelta(hours=2),
                scheduled_date=timezone.localdate(now),
            )
            # Members: employers (a vacancy posted by each in turn), job
            # seekers (the first `pitches` of them with a pitch), the rest
            # members who read.
            employers = max(vacancies // 3, 1)
            users = User.objects.bulk_create(
                User(
                    email=f"lid{number + n}@{EMAIL_DOMAIN}",
                    name=f"Lid {number + n}",
                    password=password,
                )
                for n in range(scale.members)
            )
            number += scale.members
            Membership.objects.bulk_create(
                Membership(
                    user=user,
                    region=region,
                    status=Membership.Status.ACTIVE,
                    display_name=user.name,
                    kind=Membership.Kind.EMPLOYER
                    if n < employers
                    else Membership.Kind.JOB_SEEKER,
                    organisation=f"Werkgever {n}" if n < employers else "",
                    town=PLACES[n % len(PLACES)],
                    decided_at=now - timedelta(days=30),
                )
                for n, user in enumerate(users)
            )
            moderator = users[-1]
            RegionRole.objects.create(user=moderator, region=region, role="moderator")
            second_factor_add(moderator)
            seekers = users[employers:-1]
            posts = Post.objects.bulk_create(
                [
                    Post(
                        kind="vacancy",
                        author=users[n % employers],
                        title=f"Medewerker {SECTORS[n % 6]} {n}",
                        description=TEXT * 4,
                        sector=SECTORS[n % len(SECTORS)],
                        education_level=LEVELS[n % len(LEVELS)],
                        hours_per_week=24 + n % 16,
                        place=PLACES[n % len(PLACES)],
                        organisation=f"Werkgever {n % employers}",
                        contact_person="Personeelszaken",
                        contact_email=f"vacature{n}@werkgever.{EMAIL_DOMAIN}",
                        search_text=f"medewerker {SECTORS[n % 6]} {TEXT}".lower(),
                    )
                    for n in range(vacancies)
                ]
                + [
                    Post(
                        kind="pitch",
                        author=seekers[n % len(seekers)],
                        title=f"Ervaren kracht zoekt werk {n}",
                        description=TEXT * 3,
                        sector=SECTORS[n % len(SECTORS)],
                        education_level=LEVELS[n % len(LEVELS)],
                        hours_per_week=32,
                        place=PLACES[n % len(PLACES)],
                        desired_work="Logistiek of productie",
                        availability="Per direct",
                        search_text=f"ervaren kracht {TEXT}".lower(),
                    )
                    for n in range(pitches)
                ],
                batch_size=2_000,
            )
            # Published over the fair's first hour, newest last.
            span = 3_600 / max(len(posts), 1)
            publications = Publication.objects.bulk_create(
                (
                    Publication(
                        post=post,
                        region=region,
                        edition=edition,
                        status=Publication.Status.PUBLISHED,
                        published_at=now
                        - timedelta(hours=1)
                        + timedelta(seconds=n * span),
                    )
                    for n, post in enumerate(posts)
                ),
                batch_size=2_000,
            )
            reactions = Reaction.objects.bulk_create(
                Reaction(
                    publication=publications[(n * 7) % len(publications)],
                    author=seekers[(n * 3) % len(seekers)],
                    text="Ik heb interesse, kunnen we een keer bellen?",
                )
                for n in range(scale.reactions)
            )
            Reaction.objects.bulk_create(
                Reaction(
                    publication=reaction.publication,
                    author=reaction.publication.post.author,
                    parent=reaction,
                    text="Bedankt voor je reactie! We nemen contact met je op.",
                )
                for reaction in reactions[::3]
            )
        out(f"  {slug}: {scale.members} members, {len(posts)} posts")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def member_of(slug: str, kind: str):
    """A seeded member of the region of `slug`: an employer or a job seeker."""
    from members.models import Membership

    return (
        Membership.objects.filter(region__slug=slug, kind=kind)
        .select_related("user")
        .order_by("pk")
        .first()
        .user
    )


def moderator_of(slug: str):
    from members.models import RegionRole

    return RegionRole.objects.select_related("user").get(region__slug=slug).user


def employers_of(slug: str, count: int):
    from members.models import Membership

    return [
        membership.user
        for membership in Membership.objects.filter(
            region__slug=slug, kind=Membership.Kind.EMPLOYER
        )
        .select_related("user")
        .order_by("pk")[:count]
    ]

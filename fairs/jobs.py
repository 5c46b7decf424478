"""Scheduled emails around a fair day: reminders a week and a day before,
"the job fair is open" at 10:00, privacy and profile tips a week before, and
the nudge to answer reactions two days after they came in.

Reminders and tips count once per fair *day*: someone who takes part in three
regions that meet on the same Tuesday gets one email listing all three.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db.models import CharField, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from banenmarkt.emails import absolute_url
from banenmarkt.models import Notification
from banenmarkt.notifications import Message
from banenmarkt.scheduler import (
    Job,
    at_local,
    edition_id_from_key,
    edition_key,
    jobs_register,
    local_tz,
    shift_days,
)
from members.models import Membership, RegionRole, User

from .email_kinds import EmailKind
from .models import Edition, Publication, Reaction

# Job seekers and the caseworkers who post pitches for them get the tips.
PITCHING_KINDS = (Membership.Kind.JOB_SEEKER, Membership.Kind.CASEWORKER)
FOLLOW_UP_AFTER = timedelta(days=2)
# Reactions older than this are not nudged about any more.
FOLLOW_UP_UNTIL = timedelta(days=14)
# Nudges go out in daytime only (Amsterdam), checked once an hour.
NUDGE_HOURS = range(9, 20)


def edition_key_of(edition: Edition) -> str:
    return edition_key(edition.pk)


def dated_edition_key(edition: Edition) -> str:
    """An edition key with its day: when the edition is moved to another
    day, its reminders are due again (for the new day)."""
    return edition_key(edition.pk, timezone.localdate(edition.starts_at, local_tz()))


def edition_from_key(key: str) -> Edition:
    return Edition.objects.select_related("region").get(pk=edition_id_from_key(key))


def fair_day_key(edition: Edition) -> str:
    return f"fair:{timezone.localdate(edition.starts_at, local_tz()).isoformat()}"


def due_editions(now: datetime, *, start, end, key=edition_key_of) -> list[str]:
    """Keys of the editions (not cancelled) for which start(e) <= now < end(e).
    Only editions within a few weeks of `now` are looked at."""
    nearby = Edition.objects.scheduled().filter(
        starts_at__gte=now - timedelta(days=21), starts_at__lte=now + timedelta(days=21)
    )
    return [key(e) for e in nearby if start(e) <= now < end(e)]


def taking_part(edition: Edition) -> Q:
    """Users with an active membership or a role in the edition's region."""
    return Q(
        Exists(
            Membership.objects.active().filter(
                user=OuterRef("pk"), region_id=edition.region_id
            )
        )
    ) | Q(
        Exists(
            RegionRole.objects.filter(user=OuterRef("pk"), region_id=edition.region_id)
        )
    )


def fairs_that_day(edition: Edition, users: list[User]) -> dict[int, list[dict]]:
    """For each user: their regions with a fair on the edition's day, with
    the display name they use there. Two queries for a whole chunk."""
    day = timezone.localdate(edition.starts_at, local_tz())
    start = at_local(day, datetime.min.time())
    editions = {
        e.region_id: e
        for e in Edition.objects.scheduled()
        .filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
        .select_related("region")
    }
    per_user: dict[int, dict[int, dict]] = defaultdict(dict)
    for membership in Membership.objects.active().filter(
        user__in=users, region_id__in=editions
    ):
        per_user[membership.user_id][membership.region_id] = {
            "display_name": membership.display_name,
            "kind": membership.kind,
        }
    for role in RegionRole.objects.filter(user__in=users, region_id__in=editions):
        per_user[role.user_id].setdefault(
            role.region_id, {"display_name": "", "kind": ""}
        )
    result = {}
    for user_id, regions in per_user.items():
        result[user_id] = sorted(
            (
                {
                    **info,
                    "region": editions[region_id].region,
                    "edition": editions[region_id],
                    "board_url": absolute_url(
                        reverse(
                            "fairs:board",
                            kwargs={"slug": editions[region_id].region.slug},
                        )
                    ),
                }
                for region_id, info in regions.items()
            ),
            key=lambda f: f["region"].name,
        )
    return result


def fair_day_messages(kind: str, template: str):
    def messages(key: str, users: list[User]):
        edition = edition_from_key(key)
        fairs = fairs_that_day(edition, users)
        for user in users:
            mine = fairs.get(user.pk)
            if not mine:
                continue  # left the region since the job started
            yield Message(
                user=user,
                kind=kind,
                key=fair_day_key(edition),
                template=template,
                context={
                    "name": next(
                        (f["display_name"] for f in mine if f["display_name"]),
                        user.name,
                    ),
                    "edition": edition,
                    "fairs": mine,
                    "dashboard_url": absolute_url(reverse("members:dashboard")),
                    "vacancy_url": absolute_url(reverse("fairs:vacancy-create")),
                    "pitch_url": absolute_url(reverse("fairs:pitch-create")),
                    "privacy_url": absolute_url(reverse("fairs:privacy")),
                    "rules_url": absolute_url(reverse("fairs:rules")),
                },
            )

    return messages


def fair_day_job(name, kind, template, *, start, end, users=None) -> Job:
    return Job(
        name=name,
        kind=kind,
        due=lambda now: due_editions(now, start=start, end=end, key=dated_edition_key),
        users=users
        or (lambda key: User.objects.filter(taking_part(edition_from_key(key)))),
        messages=fair_day_messages(kind, template),
        notification_key=lambda key: fair_day_key(edition_from_key(key)),
    )


def week_before(e: Edition) -> datetime:
    return shift_days(e.starts_at, -7)


def day_before(e: Edition) -> datetime:
    return shift_days(e.starts_at, -1)


def midnight_before(e: Edition) -> datetime:
    """The start of the fair day: "tomorrow" is not true any more."""
    return at_local(timezone.localdate(e.starts_at, local_tz()), time(0, 0))


def pitchers(key: str):
    edition = edition_from_key(key)
    return User.objects.filter(
        Exists(
            Membership.objects.active().filter(
                user=OuterRef("pk"),
                region_id=edition.region_id,
                kind__in=PITCHING_KINDS,
            )
        )
    )


# Nudge to answer reactions -----------------------------------------------------


def nudge_due(now: datetime) -> list[str]:
    local = timezone.localtime(now, local_tz())
    if local.hour not in NUDGE_HOURS:
        return []
    return [f"hour:{local:%Y-%m-%dT%H}"]


def hour_from_key(key: str) -> datetime:
    return datetime.fromisoformat(key.split(":", 1)[1] + ":00").replace(
        tzinfo=local_tz()
    )


def open_reactions(key: str):
    """Top-level reactions to a published post, from someone else, between
    two and fourteen days old at the key's hour, that the author has not
    answered, and about whose edition the author was not nudged yet."""
    hour = hour_from_key(key)
    nudged = Exists(
        Notification.objects.filter(
            user=OuterRef("publication__post__author"),
            kind=EmailKind.FOLLOW_UP,
            key=Concat(
                Value("edition:"),
                Cast(OuterRef("publication__edition_id"), CharField()),
            ),
        )
    )
    return (
        Reaction.objects.filter(
            parent__isnull=True,
            followed_up_at__isnull=True,
            created_at__lte=hour - FOLLOW_UP_AFTER,
            created_at__gt=hour - FOLLOW_UP_UNTIL,
            publication__status=Publication.Status.PUBLISHED,
        )
        .exclude(author=F("publication__post__author"))
        .exclude(nudged)
    )


def nudge_users(key: str):
    return User.objects.filter(
        pk__in=open_reactions(key).values("publication__post__author")
    )


def nudge_messages(key: str, users: list[User]):
    grouped: dict[tuple[int, int], dict] = {}
    for reaction in (
        open_reactions(key)
        .filter(publication__post__author__in=users)
        .select_related(
            "publication__post", "publication__region", "publication__edition"
        )
        .order_by("publication__edition_id", "publication_id", "created_at")
    ):
        publication = reaction.publication
        author_id = publication.post.author_id
        entry = grouped.setdefault(
            (author_id, publication.edition_id),
            {"edition": publication.edition, "region": publication.region, "posts": {}},
        )
        post = entry["posts"].setdefault(
            publication.pk,
            {
                "title": publication.post.title,
                "count": 0,
                "url": absolute_url(
                    reverse(
                        "fairs:publication",
                        kwargs={"slug": publication.region.slug, "pk": publication.pk},
                    )
                ),
            },
        )
        post["count"] += 1
    by_id = {user.pk: user for user in users}
    for (author_id, edition_id), entry in grouped.items():
        yield Message(
            user=by_id[author_id],
            kind=EmailKind.FOLLOW_UP,
            key=edition_key(edition_id),
            template="fairs/email/follow_up",
            context={
                "region": entry["region"],
                "edition": entry["edition"],
                "posts": list(entry["posts"].values()),
                "my_posts_url": absolute_url(reverse("fairs:my-posts")),
            },
        )


# A missed moment is made up for only while the email's words are still
# true: "in one week" up to a day late, "next week" until two days before,
# "tomorrow" until midnight.
JOBS = [
    fair_day_job(
        "fair_week",
        EmailKind.FAIR_WEEK,
        "fairs/email/fair_week",
        start=week_before,
        end=lambda e: shift_days(e.starts_at, -6),
    ),
    fair_day_job(
        "privacy_tips",
        EmailKind.PRIVACY_TIPS,
        "fairs/email/privacy_tips",
        start=week_before,
        end=lambda e: shift_days(e.starts_at, -2),
        users=pitchers,
    ),
    fair_day_job(
        "fair_day",
        EmailKind.FAIR_DAY,
        "fairs/email/fair_day",
        start=day_before,
        end=midnight_before,
    ),
    fair_day_job(
        "fair_open",
        EmailKind.FAIR_OPEN,
        "fairs/email/fair_open",
        start=lambda e: e.starts_at,
        end=lambda e: e.ends_at,
    ),
    Job(
        name="follow_up",
        kind=EmailKind.FOLLOW_UP,
        due=nudge_due,
        users=nudge_users,
        messages=nudge_messages,
        notification_key=lambda key: None,
    ),
]
jobs_register(*JOBS)

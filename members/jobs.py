"""Scheduled email for moderators: between fairs, every Monday at 09:00, a
digest of the join requests still waiting in their regions (only to those
who have any)."""

from datetime import datetime, time

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from banenmarkt.emails import absolute_url
from banenmarkt.notifications import Message
from banenmarkt.scheduler import Job, jobs_register, local_tz

from .email_kinds import EmailKind
from .models import Membership, RegionRole, User
from .selectors import MODERATING

DIGEST_AT = time(9, 0)  # Monday


def digest_due(now: datetime) -> list[str]:
    """This ISO week's key, from Monday 09:00 until Sunday night."""
    local = timezone.localtime(now, local_tz())
    if local.weekday() == 0 and local.time() < DIGEST_AT:
        return []
    year, week, _day = local.isocalendar()
    return [f"week:{year}-W{week:02d}"]


def waiting_requests():
    return Membership.objects.filter(status=Membership.Status.PENDING)


def digest_users(key: str):
    return User.objects.filter(
        pk__in=RegionRole.objects.filter(
            role__in=MODERATING,
            region_id__in=waiting_requests().values("region_id"),
        ).values("user_id")
    )


def digest_messages(key: str, users: list[User]):
    waiting = {
        row["region_id"]: row
        for row in waiting_requests()
        .values("region_id")
        .annotate(count=Count("pk"), oldest=Min("requested_at"))
    }
    regions: dict[int, list] = {}
    for role in (
        RegionRole.objects.filter(
            user__in=users, role__in=MODERATING, region_id__in=waiting
        )
        .select_related("region")
        .order_by("region__name")
    ):
        mine = regions.setdefault(role.user_id, [])
        if all(entry["region"].pk != role.region_id for entry in mine):
            mine.append(
                {
                    "region": role.region,
                    "count": waiting[role.region_id]["count"],
                    "oldest": waiting[role.region_id]["oldest"],
                    "url": absolute_url(
                        reverse("members:join-queue", kwargs={"slug": role.region.slug})
                    ),
                }
            )
    for user in users:
        if user.pk in regions:
            yield Message(
                user=user,
                kind=EmailKind.JOIN_DIGEST,
                key=key,
                template="members/email/join_digest",
                context={
                    "regions": regions[user.pk],
                    "total": sum(entry["count"] for entry in regions[user.pk]),
                },
            )


JOBS = [
    Job(
        name="join_digest",
        kind=EmailKind.JOIN_DIGEST,
        due=digest_due,
        users=digest_users,
        messages=digest_messages,
    )
]
jobs_register(*JOBS)

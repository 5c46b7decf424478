"""The work waiting for someone with a role, shown on their dashboard.

The queues belong to the apps above members (the review queue and removals
to moderation, call-backs to placements), so members cannot ask for them
itself. Each of those apps registers a provider here in its
`AppConfig.ready` (an explicit registry, like
`account_delete_handlers_register`; docs/architecture.md). A provider answers
for all the person's regions at once in a fixed number of queries, so the
dashboard's query count does not grow with regions or items.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import ngettext

from fairs.models import Region

from .models import Membership, RegionRole, User

ALL_ROLES = frozenset(RegionRole.Role.values)


@dataclass(frozen=True)
class RegionWork:
    """A region the person holds a role in, with those roles (a platform
    admin holds every role everywhere)."""

    region: Region
    roles: frozenset[str]

    @property
    def role_labels(self) -> list[str]:
        return [role.label for role in RegionRole.Role if role in self.roles]

    @property
    def is_project_team(self) -> bool:
        return RegionRole.Role.PROJECT_TEAM in self.roles

    @property
    def is_moderator(self) -> bool:
        return self.is_project_team or RegionRole.Role.MODERATOR in self.roles

    @property
    def can_export(self) -> bool:
        """Staff and project team: the after-fair lists and call-backs
        (the same rule as `RegionAccess.can_export`)."""
        return self.is_project_team or RegionRole.Role.STAFF in self.roles


@dataclass(frozen=True)
class WorkQueue:
    """One queue in one region: a sentence with its count ("3 join requests
    waiting"), where to work on it, and a note (how long the oldest waits).
    `count` None: a link without a count (the after-fair lists)."""

    region_id: int
    label: str
    url: str
    count: int | None = None
    note: str = ""
    order: int = 0


# provider(*, user, regions: list[RegionWork], now) -> Iterable[WorkQueue]
WorkProvider = Callable[..., Iterable[WorkQueue]]
WORK_PROVIDERS: list[WorkProvider] = []


def work_providers_register(provider: WorkProvider) -> None:
    if provider not in WORK_PROVIDERS:
        WORK_PROVIDERS.append(provider)


def role_regions(*, user: User, roles) -> list[RegionWork]:
    """The regions where `user` holds a role, by name, from their RegionRoles
    (with `region` selected); a platform admin gets every region (one query)."""
    if user.is_superuser:
        return [
            RegionWork(region=region, roles=ALL_ROLES)
            for region in Region.objects.order_by("name")
        ]
    by_region: dict[int, RegionWork] = {}
    for role in roles:
        held = by_region.get(role.region_id)
        by_region[role.region_id] = RegionWork(
            region=role.region,
            roles=(held.roles if held else frozenset()) | {role.role},
        )
    return sorted(by_region.values(), key=lambda work: work.region.name)


def work_for(
    *, user: User, regions: list[RegionWork], now: datetime
) -> list[tuple[RegionWork, list[WorkQueue]]]:
    """Every region with the queues waiting there, in the providers' order."""
    if not regions:
        return []
    queues: dict[int, list[WorkQueue]] = {work.region.pk: [] for work in regions}
    for provider in WORK_PROVIDERS:
        for queue in provider(user=user, regions=regions, now=now):
            queues[queue.region_id].append(queue)
    return [
        (work, sorted(queues[work.region.pk], key=lambda q: q.order))
        for work in regions
    ]


def join_requests_waiting(*, user: User, regions: list[RegionWork], now: datetime):
    """Moderators: join requests waiting per region (one query)."""
    moderated = [work.region.pk for work in regions if work.is_moderator]
    if not moderated:
        return []
    counts = dict(
        Membership.objects.filter(
            region_id__in=moderated, status=Membership.Status.PENDING
        )
        .values_list("region_id")
        .annotate(n=Count("pk"))
        .values_list("region_id", "n")
    )
    slugs = {work.region.pk: work.region.slug for work in regions}
    return [
        WorkQueue(
            region_id=region_id,
            label=ngettext(
                "%(count)d join request waiting",
                "%(count)d join requests waiting",
                counts.get(region_id, 0),
            )
            % {"count": counts.get(region_id, 0)},
            count=counts.get(region_id, 0),
            url=reverse("members:join-queue", kwargs={"slug": slugs[region_id]}),
            order=10,
        )
        for region_id in moderated
    ]

"""Reads for membership pages; each owns its joins so a page's query count
does not grow with the number of requests or members."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse

from banenmarkt.email_kinds import email_kinds_for
from banenmarkt.models import EmailOptOut
from fairs.models import Region
from fairs.moments import fair_moments

from .models import (
    DataExport,
    InviteLink,
    Membership,
    RegionRole,
    RoleInvitation,
    User,
)
from .services import PROFILE_FIELDS

MODERATING = (RegionRole.Role.MODERATOR, RegionRole.Role.PROJECT_TEAM)


def join_queue(*, region: Region) -> QuerySet[Membership]:
    """Pending requests, oldest first (an answered question keeps its place)."""
    return (
        Membership.objects.filter(region=region, status=Membership.Status.PENDING)
        .select_related("user")
        .order_by("requested_at", "pk")
    )


def held_requests(*, region: Region) -> QuerySet[Membership]:
    """Requests waiting for the person's answer to a moderator's question."""
    return (
        Membership.objects.filter(region=region, status=Membership.Status.QUESTION)
        .select_related("user")
        .order_by("question_asked_at", "pk")
    )


def region_members(*, region: Region, query: str = "") -> QuerySet[Membership]:
    """The region's members by name; with `query`, those whose display name
    or organisation contains it."""
    members = Membership.objects.active().filter(region=region)
    if query:
        members = members.filter(
            Q(display_name__icontains=query) | Q(organisation__icontains=query)
        )
    return members.order_by("display_name", "pk")


def author_regions(*, user: User) -> QuerySet[Region]:
    """The regions someone may post in: where they are an active member."""
    return Region.objects.filter(
        memberships__user=user, memberships__status=Membership.Status.ACTIVE
    ).order_by("name")


def posts_pitches_first(*, user: User) -> bool:
    """Pitch as the primary action: an active job seeker or caseworker
    somewhere (employers and agencies mainly post vacancies)."""
    return (
        Membership.objects.active()
        .filter(user=user, kind__in=Membership.PITCH_KINDS)
        .exists()
    )


def employer_membership(*, user: User, region_ids=()) -> Membership | None:
    """The active membership as an employer or staffing agency that a new
    vacancy starts from: in one of `region_ids` if there is one, else the
    latest. None for people who are in no region as an employer."""
    memberships = Membership.objects.active().filter(
        user=user,
        kind__in=(Membership.Kind.EMPLOYER, Membership.Kind.STAFFING_AGENCY),
    )
    return (
        memberships.filter(region_id__in=region_ids).order_by("-requested_at").first()
        or memberships.order_by("-requested_at").first()
    )


def posts_on_behalf_of_clients(*, user: User) -> bool:
    """A caseworker somewhere may post pitches on behalf of clients."""
    return (
        Membership.objects.active()
        .filter(user=user, kind=Membership.Kind.CASEWORKER)
        .exists()
    )


def user_memberships(*, user: User, now=None) -> list[Membership]:
    """All of a person's requests and memberships, newest first, each with
    its region's fair that matters now (`membership.moment`, a FairMoment).
    Three queries."""
    memberships = list(
        Membership.objects.filter(user=user)
        .exclude(status=Membership.Status.WITHDRAWN)
        .select_related("region")
        .order_by("-requested_at")
    )
    moments = fair_moments(region_ids={m.region_id for m in memberships}, now=now)
    for membership in memberships:
        membership.moment = moments[membership.region_id]
    return memberships


def user_roles(*, user: User) -> QuerySet[RegionRole]:
    return (
        RegionRole.objects.filter(user=user)
        .select_related("region")
        .order_by("region__name")
    )


def latest_profile(*, user: User) -> dict:
    """The profile of the person's latest request, to fill in the next one."""

    latest = Membership.objects.filter(user=user).order_by("-requested_at").first()
    return {field: getattr(latest, field) for field in PROFILE_FIELDS} if latest else {}


def region_moderators(*, region: Region) -> QuerySet[User]:
    """Moderators and project team of the region."""
    return User.objects.filter(
        pk__in=RegionRole.objects.filter(region=region, role__in=MODERATING).values(
            "user_id"
        )
    )


def display_names(*, region_ids, user_ids) -> dict[tuple[int, int], str]:
    """{(region_id, user_id): display name} of active memberships."""
    return {
        (region_id, user_id): name
        for region_id, user_id, name in Membership.objects.active()
        .filter(region_id__in=region_ids, user_id__in=user_ids)
        .values_list("region_id", "user_id", "display_name")
    }


def names_of(*, user: User, shortest: int = 3) -> list[str]:
    """The names a person goes by: their account name and display names in
    every region (for finding notes that name them; a name shorter than
    `shortest` letters would find everyone)."""
    names = {user.name.strip()} | {
        name.strip()
        for name in Membership.objects.filter(user=user).values_list(
            "display_name", flat=True
        )
    }
    return sorted(name for name in names if len(name) >= shortest)


def data_export_latest(*, user: User) -> DataExport | None:
    """The person's download of their data (at most one is kept)."""
    return DataExport.objects.filter(user=user).order_by("-requested_at").first()


def email_kinds_offered(*, user) -> list[str]:
    """The kinds of email that can reach this person: moderator and staff
    kinds only for people with such a role."""
    return email_kinds_for(user.region_roles.values_list("role", flat=True))


def email_kinds_wanted(*, user, offered: list[str]) -> list[str]:
    """The offered kinds this person did not switch off."""
    off = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    if EmailOptOut.ALL in off:
        return []
    return [kind for kind in offered if kind not in off]


@dataclass(frozen=True)
class RoleRow:
    """A role on the roles page: held by an account or waiting for one, shown
    alike (by email address), so the page tells nobody which addresses have
    an account."""

    email: str
    role_label: str
    remove_url: str


def region_roles(*, region: Region) -> list[RoleRow]:
    """Roles and role invitations of a region, by email address (two queries;
    a region has some tens)."""
    rows = [
        RoleRow(
            email=r.user.email,
            role_label=r.get_role_display(),
            remove_url=reverse(
                "members:role-remove", kwargs={"slug": region.slug, "pk": r.pk}
            ),
        )
        for r in RegionRole.objects.filter(region=region).select_related("user")
    ]
    rows += [
        RoleRow(
            email=i.email,
            role_label=i.get_role_display(),
            remove_url=reverse(
                "members:role-invitation-withdraw",
                kwargs={"slug": region.slug, "pk": i.pk},
            ),
        )
        for i in RoleInvitation.objects.filter(region=region)
    ]
    return sorted(rows, key=lambda row: (row.role_label, row.email.lower()))


def invite_links(*, region: Region) -> QuerySet[InviteLink]:
    """The region's invite links, active ones first, newest first, each with
    how many asked to join through it (`requested`), how many of those are
    members now (`joined`) and how many still wait for a moderator
    (`waiting`): one query however many links and members."""
    return (
        InviteLink.objects.filter(region=region)
        .annotate(
            requested=Count("memberships"),
            joined=Count(
                "memberships",
                filter=Q(memberships__status=Membership.Status.ACTIVE),
            ),
            waiting=Count(
                "memberships",
                filter=Q(memberships__status__in=Membership.OPEN_REQUEST),
            ),
        )
        .order_by(F("archived_at").desc(nulls_first=True), "-created_at", "-pk")
    )


def invite_link_by_token(*, token: str) -> InviteLink | None:
    return (
        InviteLink.objects.select_related("region").filter(token=token).first()
        if token
        else None
    )


def invite_links_by_tokens(*, tokens: list[str]) -> list[InviteLink]:
    """The links of `tokens`, in the order of `tokens` (the first opened
    first); unknown tokens are left out."""
    if not tokens:
        return []
    found = {
        link.token: link
        for link in InviteLink.objects.select_related("region").filter(token__in=tokens)
    }
    return [found[t] for t in tokens if t in found]

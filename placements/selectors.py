"""Reads for the after-fair work."""

import re
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Lower, Trim
from django.utils import timezone

from fairs.models import Edition, Post, Publication, Reaction, Region
from members.models import Membership, RegionRole
from members.selectors import names_of

from .models import CallBack, KnownEmployer, Placement

EXPORTING_ROLES = (RegionRole.Role.STAFF, RegionRole.Role.PROJECT_TEAM)


def vacancies_offered(*, editions) -> QuerySet[Publication]:
    """The vacancies offered at these editions: published or withdrawn, never
    removed (nor hidden pending a removal, nor never published)."""
    return (
        Publication.objects.filter(
            edition__in=editions,
            post__kind=Post.Kind.VACANCY,
            status__in=Publication.OFFERED,
        )
        .select_related("post", "region", "edition")
        .order_by("region__name", "published_at", "pk")
    )


def export_regions(*, user) -> QuerySet[Region]:
    """The regions whose after-fair lists the user may download."""
    if user.is_superuser:
        return Region.objects.all()
    return Region.objects.filter(
        pk__in=RegionRole.objects.filter(user=user, role__in=EXPORTING_ROLES).values(
            "region_id"
        )
    )


def _count(queryset) -> Subquery:
    """COUNT(*) of a correlated queryset, as a subquery (no GROUP BY)."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    )


def region_editions(*, region: Region, now=None) -> QuerySet[Edition]:
    """Editions that have started (live or closed), newest first, each with
    its figures, so an empty edition is obvious at a glance: vacancies
    offered, reactions and call-backs done. One query."""
    now = now or timezone.now()
    offered = Publication.objects.filter(
        edition=OuterRef("pk"),
        region=OuterRef("region"),
        post__kind=Post.Kind.VACANCY,
        status__in=Publication.OFFERED,
    )
    reactions = Reaction.objects.filter(
        publication__edition=OuterRef("pk"),
        publication__region=OuterRef("region"),
        parent__isnull=True,
    )
    calls = CallBack.objects.filter(edition=OuterRef("pk"), called_at__isnull=False)
    return (
        Edition.objects.filter(region=region, is_cancelled=False, starts_at__lte=now)
        .annotate(
            vacancy_count=Coalesce(_count(offered), 0),
            reaction_count=Coalesce(_count(reactions), 0),
            calls_done=Coalesce(_count(calls), 0),
        )
        .order_by("-starts_at")
    )


def call_back_rows(*, region: Region, edition: Edition) -> list[dict]:
    """Every organisation that offered vacancies at the edition, with its
    number of vacancies, reactions received, follow-up rate, contact details,
    whether it is new to the region, and the call so far. Four queries."""

    vacancies = vacancies_offered(editions=[edition]).filter(region=region).order_by()
    per_organisation = vacancies.values(key=Lower(Trim("post__organisation"))).annotate(
        name=Min("post__organisation"),
        vacancies=Count("pk", distinct=True),
        contact_person=Min("post__contact_person"),
        contact_email=Min("post__contact_email"),
        contact_phone=Min("post__contact_phone"),
    )
    reactions = {
        row["key"]: row
        for row in Reaction.objects.filter(
            publication__in=vacancies, parent__isnull=True
        )
        .values(key=Lower(Trim("publication__post__organisation")))
        .annotate(
            total=Count("pk"),
            followed=Count("pk", filter=Q(followed_up_at__isnull=False)),
        )
    }
    calls = {
        c.key: c
        for c in CallBack.objects.filter(edition=edition)
        .select_related("assigned_to", "called_by")
        .annotate(placements_recorded=Count("placements"))
    }
    known = set(
        KnownEmployer.objects.filter(region=region).values_list("key", flat=True)
    )
    rows = []
    for row in per_organisation:
        counted = reactions.get(row["key"], {"total": 0, "followed": 0})
        rows.append(
            {
                **row,
                "reactions": counted["total"],
                "follow_up_rate": round(100 * counted["followed"] / counted["total"])
                if counted["total"]
                else None,
                "is_new": row["key"] not in known,
                "call": calls.get(row["key"]),
            }
        )
    return sorted(rows, key=lambda r: r["name"].lower())


def call_back_summary(*, region: Region, edition: Edition) -> dict:
    """The call-back list's figures: organisations to call, their vacancies,
    and how many are new to the region."""
    rows = call_back_rows(region=region, edition=edition)
    return {
        "organisations": len(rows),
        "vacancies": sum(row["vacancies"] for row in rows),
        "new_employers": sum(row["is_new"] for row in rows),
    }


def region_staff(*, region: Region):
    """People who can take a share of the call-back list."""

    return (
        get_user_model()
        .objects.filter(
            region_roles__region=region, region_roles__role__in=EXPORTING_ROLES
        )
        .distinct()
        .order_by("name", "email")
    )


EMPLOYER_KINDS = ("employer", "staffing_agency", "public_employment")


def pitches_without_employer_reaction(*, region: Region, edition: Edition):
    """The edition's pitches on the board that no employer (employer,
    staffing agency or public employment member of the region) reacted to."""

    employer_members = Membership.objects.filter(
        region=region, status=Membership.Status.ACTIVE, kind__in=EMPLOYER_KINDS
    ).values("user_id")
    employer_reaction = Reaction.objects.filter(
        publication=OuterRef("pk"), author_id__in=employer_members
    )
    return (
        Publication.objects.on_board()
        .filter(region=region, edition=edition, post__kind=Post.Kind.PITCH)
        .exclude(Exists(employer_reaction))
        .select_related("post")
        .annotate(
            author_name=Subquery(
                Membership.objects.filter(
                    user=OuterRef("post__author"),
                    region=region,
                    status=Membership.Status.ACTIVE,
                ).values("display_name")[:1]
            )
        )
        .order_by("post__sector", "published_at")
    )


def edition_job_seekers(*, region: Region, edition: Edition):
    """Job seekers who took part in the edition (a pitch or a reaction), for
    recording a placement: their membership in the region."""

    took_part = Q(
        user__posts__publications__edition=edition, user__posts__kind=Post.Kind.PITCH
    ) | Q(user__reactions__publication__edition=edition)
    return (
        Membership.objects.active()
        .filter(region=region, kind=Membership.Kind.JOB_SEEKER)
        .filter(took_part)
        .distinct()
        .order_by("display_name")
    )


def call_back_of(*, region: Region, edition: Edition, pk: int) -> CallBack | None:
    """One call of the edition, with how many placements were recorded from
    it."""
    return (
        CallBack.objects.filter(region=region, edition=edition, pk=pk)
        .select_related("called_by")
        .annotate(placements_recorded=Count("placements"))
        .first()
    )


def organisation_vacancies(*, region: Region, edition: Edition, key: str):
    """The vacancies one organisation (by its key) offered at the edition."""
    return (
        vacancies_offered(editions=[edition])
        .filter(region=region)
        .annotate(org_key=Lower(Trim("post__organisation")))
        .filter(org_key=key)
    )


def edition_placements(*, region: Region, edition: Edition):

    return (
        Placement.objects.filter(region=region, edition=edition)
        .select_related("vacancy__post", "recorded_by", "edition", "region")
        .annotate(
            job_seeker_display=Subquery(
                Membership.objects.filter(user=OuterRef("job_seeker"), region=region)
                .order_by("-requested_at")
                .values("display_name")[:1]
            )
        )
    )


# Download my data: notes that name a person (banenmarkt/data_export.py;
# declared in placements/privacy.py). Staff write names as free text, so this
# is a search: best effort, and said so in the download's README.


def _name_search(user, *fields: str) -> tuple[Q, re.Pattern] | None:
    """A query that finds rows whose `fields` contain one of the person's
    names, in regions where they asked to join, and a pattern that keeps
    only whole words ("Jan" finds "Jan de Vries", not "Janssen")."""
    names = names_of(user=user)
    if not names:
        return None
    query = Q()
    for name in names:
        for field_name in fields:
            query |= Q(**{f"{field_name}__icontains": name})
    regions = Membership.objects.filter(user=user).values("region_id")
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)",
        re.IGNORECASE,
    )
    return Q(region__in=regions) & query, pattern


def call_backs_naming(user) -> Iterator[dict]:
    """Call-back notes of WSP staff that name the person."""
    search = _name_search(user, "placement_names", "notes")
    if search is None:
        return
    query, pattern = search
    rows = (
        CallBack.objects.filter(query)
        .order_by("called_at", "pk")
        .values(
            "region__name",
            "edition__title",
            "organisation",
            "called_at",
            "outcome",
            "placement_names",
            "notes",
        )
    )
    for row in rows.iterator(chunk_size=500):
        if pattern.search(row["placement_names"]) or pattern.search(row["notes"]):
            yield row


def placements_naming(user) -> Iterator[dict]:
    """Placements recorded by name, not linked to the person's account (the
    linked ones are in the registry's file)."""
    search = _name_search(user, "job_seeker_name")
    if search is None:
        return
    query, pattern = search
    rows = (
        Placement.objects.filter(query, job_seeker__isnull=True)
        .order_by("start_date", "pk")
        .values(
            "region__name",
            "employer",
            "start_date",
            "job_seeker_name",
            "created_at",
        )
    )
    for row in rows.iterator(chunk_size=500):
        if pattern.search(row["job_seeker_name"]):
            yield row

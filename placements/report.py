"""The edition report for the project team (docs/after-the-fair.md): the figures
people ask for, per edition and over time. Aggregates only, a fixed number of
queries whatever the size of the fair."""

from dataclasses import dataclass, field
from statistics import median

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from fairs.models import Edition, EducationLevel, Post, Publication, Reaction, Sector
from fairs.models.board import OrganisationKind
from members.models import Membership
from moderation.models import Removal, Review

from .models import CallBack, KnownEmployer, Placement, SurveyAnswer


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


@dataclass
class Breakdown:
    """Counts per category with their percentages, for a chart and its table."""

    title: str
    rows: list[tuple[str, int, int]] = field(default_factory=list)  # label, count, %

    @classmethod
    def of(cls, title, counts: dict, choices) -> "Breakdown":
        total = sum(counts.values())
        return cls(
            title=title,
            rows=[
                (str(label), counts.get(value, 0), percent(counts.get(value, 0), total))
                for value, label in choices
            ],
        )


def _counts(queryset, field_name) -> dict:
    return dict(
        queryset.values_list(field_name)
        .annotate(n=Count("pk"))
        .values_list(field_name, "n")
    )


def edition_report(*, region, edition: Edition) -> dict:
    previous = (
        Edition.objects.filter(
            region=region, is_cancelled=False, starts_at__lt=edition.starts_at
        )
        .order_by("-starts_at")
        .first()
    )
    members = Membership.objects.filter(
        region=region, decided_at__lte=edition.ends_at
    ).filter(Q(status=Membership.Status.ACTIVE) | Q(ended_at__gt=edition.ends_at))
    member_total = members.count()
    new_members = (
        members.filter(decided_at__gt=previous.ends_at).count()
        if previous
        else member_total
    )

    offered = Publication.objects.filter(
        region=region,
        edition=edition,
        status__in=[Publication.Status.PUBLISHED, Publication.Status.WITHDRAWN],
    )
    vacancies = offered.filter(post__kind=Post.Kind.VACANCY)
    pitches = offered.filter(post__kind=Post.Kind.PITCH)
    vacancy_count, pitch_count = vacancies.count(), pitches.count()
    by_level = _counts(vacancies, "post__education_level")
    mbo_or_below = by_level.get(EducationLevel.NONE_VMBO, 0) + by_level.get(
        EducationLevel.MBO, 0
    )

    reactions = Reaction.objects.filter(
        publication__in=offered, parent__isnull=True
    ).aggregate(
        total=Count("pk"), followed=Count("pk", filter=Q(followed_up_at__isnull=False))
    )
    all_publications = Publication.objects.filter(
        region=region, edition=edition
    ).exclude(status=Publication.Status.SCHEDULED)
    waits = [
        (reviewed_at - published_at).total_seconds() / 60
        for reviewed_at, published_at in Review.objects.filter(
            publication__in=all_publications
        ).values_list("reviewed_at", "publication__published_at")
        if reviewed_at and published_at
    ]
    removals = _counts(
        Removal.objects.filter(
            publication__in=all_publications, status=Removal.Status.CONFIRMED
        ),
        "reason",
    )
    organisations = set(
        vacancies.annotate(org=F("post__organisation")).values_list("org", flat=True)
    )
    organisation_keys = {o.strip().lower() for o in organisations}
    known = set(
        KnownEmployer.objects.filter(region=region).values_list("key", flat=True)
    )
    calls = CallBack.objects.filter(edition=edition, called_at__isnull=False).count()
    survey = SurveyAnswer.objects.filter(edition=edition).aggregate(
        answers=Count("pk"), jobs=Count("pk", filter=Q(found_job=True))
    )

    return {
        "edition": edition,
        "previous": previous,
        "members": member_total,
        "new_members": new_members,
        "vacancies": vacancy_count,
        "pitches": pitch_count,
        "mbo_or_below": percent(mbo_or_below, vacancy_count),
        "by_level": Breakdown.of(
            _("Vacancies by education level"), by_level, EducationLevel.choices
        ),
        "by_kind": Breakdown.of(
            _("Vacancies by kind of organisation"),
            _counts(vacancies, "post__organisation_kind"),
            OrganisationKind.choices,
        ),
        "by_corner": Breakdown.of(
            _("Pitches by theme corner"),
            _counts(pitches, "post__sector"),
            Sector.choices,
        ),
        "reactions": reactions["total"],
        "follow_up_rate": percent(reactions["followed"], reactions["total"]),
        "reviewed_share": percent(len(waits), all_publications.count()),
        "median_review_minutes": round(median(waits)) if waits else None,
        "removals": Breakdown.of(
            _("Removals by reason"), removals, Removal.Reason.choices
        ),
        "organisations": len(organisation_keys),
        "new_employers": len(organisation_keys - known),
        "calls": calls,
        "placements": Placement.objects.filter(region=region, edition=edition).count(),
        "survey_answers": survey["answers"],
        "survey_jobs": survey["jobs"],
    }


def trend(*, region, until: Edition, editions: int = 6) -> list[dict]:
    """The main figures of the last editions up to `until`, oldest first."""
    recent = list(
        Edition.objects.filter(
            region=region, is_cancelled=False, starts_at__lte=until.starts_at
        ).order_by("-starts_at")[:editions]
    )
    ids = [e.pk for e in recent]
    offered = Publication.objects.filter(
        edition_id__in=ids,
        region=region,
        status__in=[Publication.Status.PUBLISHED, Publication.Status.WITHDRAWN],
    )
    per_kind = {
        (row["edition_id"], row["post__kind"]): row["n"]
        for row in offered.values("edition_id", "post__kind").annotate(n=Count("pk"))
    }
    reactions = dict(
        Reaction.objects.filter(publication__in=offered, parent__isnull=True)
        .values_list("publication__edition_id")
        .annotate(n=Count("pk"))
        .values_list("publication__edition_id", "n")
    )
    placements = dict(
        Placement.objects.filter(edition_id__in=ids)
        .values_list("edition_id")
        .annotate(n=Count("pk"))
        .values_list("edition_id", "n")
    )
    return [
        {
            "edition": e,
            "vacancies": per_kind.get((e.pk, Post.Kind.VACANCY), 0),
            "pitches": per_kind.get((e.pk, Post.Kind.PITCH), 0),
            "reactions": reactions.get(e.pk, 0),
            "placements": placements.get(e.pk, 0),
        }
        for e in reversed(recent)
    ]

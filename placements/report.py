"""The edition report for the project team (docs/after-the-fair.md): the figures
people ask for, per edition and over time. Aggregates only, a fixed number of
queries whatever the size of the fair.

The board's figures of a closed edition are frozen (EditionFigures) before
the first account deletion that would change them, and read from there
ever after: past reports show the same figures (docs/privacy.md)."""

from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from fairs.fair_page import follow_up
from fairs.models import Edition, EducationLevel, Post, Publication, Reaction, Sector
from fairs.models.board import OrganisationKind
from members.models import Membership
from moderation.models import Removal, Review
from speeddates.models import Booking

from .models import CallBack, EditionFigures, KnownEmployer, Placement, SurveyAnswer


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


def _previous(*, region, edition: Edition) -> Edition | None:
    return (
        Edition.objects.filter(
            region=region, is_cancelled=False, starts_at__lt=edition.starts_at
        )
        .order_by("-starts_at")
        .first()
    )


def _offered(*, region, edition_ids):
    return Publication.objects.filter(
        region=region,
        edition_id__in=edition_ids,
        status__in=[Publication.Status.PUBLISHED, Publication.Status.WITHDRAWN],
    )


def board_figures(*, region, edition: Edition, previous: Edition | None) -> dict:
    """The figures counted from rows a deleted account takes along
    (memberships, posts, reactions, their reviews and removals): counts only,
    JSON-ready, so a closed edition's can be frozen (EditionFigures)."""
    members = Membership.objects.filter(
        region=region, decided_at__lte=edition.ends_at
    ).filter(Q(status=Membership.Status.ACTIVE) | Q(ended_at__gt=edition.ends_at))
    member_total = members.count()
    new_members = (
        members.filter(decided_at__gt=previous.ends_at).count()
        if previous
        else member_total
    )
    offered = _offered(region=region, edition_ids=[edition.pk])
    vacancies = offered.filter(post__kind=Post.Kind.VACANCY)
    pitches = offered.filter(post__kind=Post.Kind.PITCH)
    # The same definition as the public fair page's results.
    reactions = follow_up(Reaction.objects.filter(publication__in=offered))
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
    speed_dates = Booking.objects.filter(
        slot__edition=edition, status__in=Booking.ACTIVE
    ).aggregate(
        booked=Count("pk"),
        no_show=Count("pk", filter=Q(status=Booking.Status.NO_SHOW)),
    )
    organisations = set(
        vacancies.annotate(org=F("post__organisation")).values_list("org", flat=True)
    )
    organisation_keys = {o.strip().lower() for o in organisations}
    known = set(
        KnownEmployer.objects.filter(region=region).values_list("key", flat=True)
    )
    return {
        "members": member_total,
        "new_members": new_members,
        "vacancies": vacancies.count(),
        "pitches": pitches.count(),
        "by_level": _counts(vacancies, "post__education_level"),
        "by_kind": _counts(vacancies, "post__organisation_kind"),
        "by_corner": _counts(pitches, "post__sector"),
        "reactions": reactions["total"],
        "followed": reactions["followed"],
        "publications": all_publications.count(),
        "reviewed": len(waits),
        "median_review_minutes": round(median(waits)) if waits else None,
        "removals": _counts(
            Removal.objects.filter(
                publication__in=all_publications, status=Removal.Status.CONFIRMED
            ),
            "reason",
        ),
        "organisations": len(organisation_keys),
        "new_employers": len(organisation_keys - known),
        # Held: booked and not marked a no-show (cancelled and moved
        # bookings do not count).
        "speed_dates_held": speed_dates["booked"] - speed_dates["no_show"],
        "speed_dates_no_show": speed_dates["no_show"],
    }


def edition_figures_freeze(*, editions, now: datetime) -> int:
    """Freeze the board figures of the closed ones among `editions` that are
    not frozen yet (a frozen edition stays as it was); how many were frozen.
    Called before an account's rows are deleted (docs/privacy.md)."""
    frozen = set(
        EditionFigures.objects.filter(edition__in=editions).values_list(
            "edition_id", flat=True
        )
    )
    rows = []
    for edition in editions:
        if edition.pk in frozen or edition.ends_at > now:
            continue
        figures = board_figures(
            region=edition.region,
            edition=edition,
            previous=_previous(region=edition.region, edition=edition),
        )
        rows.append(EditionFigures(edition=edition, figures=figures, frozen_at=now))
    EditionFigures.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def edition_report(*, region, edition: Edition) -> dict:
    previous = _previous(region=region, edition=edition)
    frozen = EditionFigures.objects.filter(edition=edition).first()
    board = (
        frozen.figures
        if frozen
        else board_figures(region=region, edition=edition, previous=previous)
    )
    vacancy_count = board["vacancies"]
    by_level = board["by_level"]
    mbo_or_below = by_level.get(EducationLevel.NONE_VMBO, 0) + by_level.get(
        EducationLevel.MBO, 0
    )
    calls = CallBack.objects.filter(edition=edition, called_at__isnull=False).count()
    survey = SurveyAnswer.objects.filter(edition=edition).aggregate(
        answers=Count("pk"), jobs=Count("pk", filter=Q(found_job=True))
    )

    return {
        "edition": edition,
        "previous": previous,
        "frozen_at": frozen.frozen_at if frozen else None,
        "members": board["members"],
        "new_members": board["new_members"],
        "vacancies": vacancy_count,
        "pitches": board["pitches"],
        "mbo_or_below": percent(mbo_or_below, vacancy_count),
        "by_level": Breakdown.of(
            _("Vacancies by education level"), by_level, EducationLevel.choices
        ),
        "by_kind": Breakdown.of(
            _("Vacancies by kind of organisation"),
            board["by_kind"],
            OrganisationKind.choices,
        ),
        "by_corner": Breakdown.of(
            _("Pitches by theme corner"), board["by_corner"], Sector.choices
        ),
        "reactions": board["reactions"],
        "follow_up_rate": percent(board["followed"], board["reactions"]),
        "reviewed_share": percent(board["reviewed"], board["publications"]),
        "median_review_minutes": board["median_review_minutes"],
        "removals": Breakdown.of(
            _("Removals by reason"), board["removals"], Removal.Reason.choices
        ),
        "organisations": board["organisations"],
        "new_employers": board["new_employers"],
        # Figures frozen before speed dates existed have none.
        "speed_dates_held": board.get("speed_dates_held", 0),
        "speed_dates_no_show": board.get("speed_dates_no_show", 0),
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
    frozen = dict(
        EditionFigures.objects.filter(edition_id__in=ids).values_list(
            "edition_id", "figures"
        )
    )
    offered = _offered(region=region, edition_ids=ids)
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
    live = {
        e.pk: {
            "vacancies": per_kind.get((e.pk, Post.Kind.VACANCY), 0),
            "pitches": per_kind.get((e.pk, Post.Kind.PITCH), 0),
            "reactions": reactions.get(e.pk, 0),
        }
        for e in recent
    }
    return [
        {
            "edition": e,
            "vacancies": frozen.get(e.pk, live[e.pk])["vacancies"],
            "pitches": frozen.get(e.pk, live[e.pk])["pitches"],
            "reactions": frozen.get(e.pk, live[e.pk])["reactions"],
            "placements": placements.get(e.pk, 0),
        }
        for e in reversed(recent)
    ]

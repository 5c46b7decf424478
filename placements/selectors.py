"""Reads for the after-fair work."""

from django.db.models import QuerySet

from fairs.models import Edition, Post, Publication, Region
from members.models import RegionRole

EXPORTING_ROLES = (RegionRole.Role.STAFF, RegionRole.Role.PROJECT_TEAM)


def vacancies_offered(*, editions) -> QuerySet[Publication]:
    """The vacancies offered at these editions: published or withdrawn, never
    removed (nor hidden pending a removal, nor never published)."""
    return (
        Publication.objects.filter(
            edition__in=editions,
            post__kind=Post.Kind.VACANCY,
            status__in=[Publication.Status.PUBLISHED, Publication.Status.WITHDRAWN],
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


def region_editions(*, region: Region) -> QuerySet[Edition]:
    """Editions that have started (live or closed), newest first."""
    from django.utils import timezone

    return Edition.objects.filter(
        region=region, is_cancelled=False, starts_at__lte=timezone.now()
    ).order_by("-starts_at")

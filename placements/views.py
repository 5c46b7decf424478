"""After the fair: the lists staff work from. Region staff, project team and
platform admins only (`can_export`)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from banenmarkt.exports import csv_response, xlsx_response
from fairs.models import Edition
from members.permissions import region_permission_required

from . import selectors
from .exports import VacancyListExporter

FORMATS = {"csv": csv_response, "xlsx": xlsx_response}


@region_permission_required("can_export")
def after_fair(request, *, region, access):
    return render(
        request,
        "placements/after_fair.html",
        {
            "region": region,
            "access": access,
            "editions": selectors.region_editions(region=region)[:12],
            "several_regions": selectors.export_regions(user=request.user).count() > 1,
        },
    )


@region_permission_required("can_export")
def vacancy_list(request, pk, fmt, *, region, access):
    edition = get_object_or_404(Edition, pk=pk, region=region)
    exporter = VacancyListExporter(
        publications=selectors.vacancies_offered(editions=[edition]),
        filename=f"vacaturelijst-{region.slug}-{edition.starts_at:%Y-%m-%d}",
        absolute=request.build_absolute_uri,
    )
    return FORMATS[fmt](exporter)


def vacancy_list_all_regions(request, day, fmt):
    """One list over every region the user exports for, for one fair day
    (staff serving several regions)."""
    try:
        fair_day = date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    regions = selectors.export_regions(user=request.user)
    if not regions.exists():
        raise PermissionDenied
    editions = Edition.objects.filter(region__in=regions, starts_at__date=fair_day)
    exporter = VacancyListExporter(
        publications=selectors.vacancies_offered(editions=editions),
        filename=f"vacaturelijst-{fair_day:%Y-%m-%d}",
        absolute=request.build_absolute_uri,
    )
    return FORMATS[fmt](exporter)

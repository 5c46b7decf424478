"""The live dashboard of a fair morning, for the project team, WSP staff and
platform admins (`can_export`; docs/after-the-fair.md, "Live dashboard").
While the fair is live the figures refresh themselves every 15 s (htmx
polling of `?deel=cijfers`); without JavaScript the page has a refresh link.
After the fair it shows the final figures and links to the report."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from fairs.models import Edition
from fairs.moments import fair_moment
from members.permissions import region_permission_required

from .live import REFRESH_SECONDS, national_figures, region_figures

PROJECTOR = "scherm"


@region_permission_required("can_export")
def live_dashboard(request, pk=None, *, region, access):
    """The edition that matters now (the live one, else the last closed
    one), or the edition `pk` of this region."""
    now = timezone.now()
    moment = fair_moment(region=region, now=now)
    if pk is None:
        edition = moment.live or moment.last_closed
    else:
        edition = get_object_or_404(Edition, pk=pk, region=region)
    projector = request.GET.get("weergave") == PROJECTOR
    context = {
        "region": region,
        "access": access,
        "moment": moment,
        "edition": edition,
        "now": now,
        "projector": projector,
        "refresh_seconds": REFRESH_SECONDS,
        "figures": (
            region_figures(region=region, edition=edition, now=now) if edition else None
        ),
        "national": national_figures(edition=edition, now=now) if edition else None,
    }
    template = "placements/live.html"
    if request.headers.get("HX-Request") and request.GET.get("deel") == "cijfers":
        template = "placements/_live_figures.html"
    return render(request, template, context)

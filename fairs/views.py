"""Public pages: no login needed (each view is marked in urls.py)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views.generic import TemplateView

from members.permissions import RegionPermissionMixin, region_access

from . import ical, selectors
from .models import Region

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


class HomeView(TemplateView):
    template_name = "fairs/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            next_edition=selectors.next_edition(),
            regions=selectors.regions_overview(),
            **kwargs,
        )


class RegionDetailView(TemplateView):
    template_name = "fairs/region_detail.html"

    def get_context_data(self, **kwargs):
        region = selectors.region_detail(slug=self.kwargs["slug"])
        return super().get_context_data(
            region=region, access=region_access(self.request.user, region), **kwargs
        )


class BoardView(RegionPermissionMixin, TemplateView):
    """The region's board: members, moderators and staff only (closed group)."""

    template_name = "fairs/board.html"
    region_permission = "can_view_board"


class CalendarView(TemplateView):
    template_name = "fairs/calendar.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            days=selectors.calendar_days(),
            regions=Region.objects.all(),
            **kwargs,
        )


class StatementView(TemplateView):
    """A plain-language statement page written per language (privacy,
    accessibility): long prose reads better as a whole text than as
    translated fragments."""

    page: str = ""

    def get_template_names(self):
        language = "en" if (get_language() or "").startswith("en") else "nl"
        return [f"pages/{self.page}.{language}.html"]


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=3600"
    return response


def region_feed(request, slug):
    region = get_object_or_404(Region, slug=slug)
    body = ical.region_calendar(
        region=region,
        editions=selectors.feed_editions(region=region),
        absolute=request.build_absolute_uri,
    )
    return _calendar_response(body, f"banenmarkt-{region.slug}.ics")


def national_feed(request):
    body = ical.national_calendar(
        editions=selectors.feed_editions(), absolute=request.build_absolute_uri
    )
    return _calendar_response(body, "banenmarkt.ics")

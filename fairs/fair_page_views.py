"""The public fair page (docs/fair-page.md): a national fair day and each
region's edition, their live counters and their QR code. No login.

A visitor without a session or messages cookie (so: anonymous, with nothing
personal to show) gets the page from the shared cache: the same bytes for
everyone, built at most once per SHARED_SECONDS per page and language, and
served without a database query. Everyone else gets the page rendered with
their own header, its figures from the same cache (fair_page.fair_figures).
"""

from datetime import date, datetime
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from banenmarkt.emails import absolute_url
from banenmarkt.qr import qr_svg, qr_svg_response_body

from . import fair_page
from .fair_page import FairPage

SHARED_SECONDS = 20
# How long an expired copy may still be served while one request builds the
# next, and how long that request may take before another one tries.
STALE_SECONDS = 120
BUILDING_SECONDS = 10
# How often an open page asks for fresh counters while the fair is live.
POLL_SECONDS = 20


def _shareable(request) -> bool:
    """A request with nothing personal: no session, no pending messages."""
    return request.method == "GET" and not (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
    )


def _public(response, seconds: int):
    response["Cache-Control"] = f"public, max-age={max(seconds, 0)}"
    return response


def shared_for_anonymous(view):
    """Serve anonymous visitors one shared copy of the page: a cache hit
    returns the stored bytes before anything else runs (no database query,
    no session). The view is called with `shared=True` to build that copy,
    which must then hold nothing of the visitor (no CSRF token either).

    When the copy has expired, one request builds the next (a lock in the
    cache, held at most BUILDING_SECONDS) while the others keep getting the
    expired copy, for up to STALE_SECONDS: nobody waits behind the build
    (a burst at the opening would otherwise queue behind it). Never
    across a phase change (opening, closing): a copy whose phase has ended
    is built anew by whoever asks."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _shareable(request):
            return view(request, *args, **kwargs)
        key = f"fairs:shared-page:{request.get_host()}:{request.path}:{get_language()}"
        now = timezone.now().timestamp()
        stored = cache.get(key)
        building = False
        if stored is not None:
            if stored["until"] > now:
                return _stored_response(stored, int(stored["until"] - now))
            phase_ends = stored.get("phase_ends")
            if phase_ends is None or now < phase_ends:
                building = cache.add(f"{key}:building", 1, BUILDING_SECONDS)
                if not building:  # someone else is building the next copy
                    return _stored_response(stored, 0)
        try:
            return _build(request, view, key, now, *args, **kwargs)
        finally:
            if building:
                cache.delete(f"{key}:building")

    return wrapper


def _stored_response(stored: dict, seconds: int) -> HttpResponse:
    return _public(
        HttpResponse(stored["content"], content_type=stored["type"]), seconds
    )


def _build(request, view, key: str, now: float, *args, **kwargs):
    response = view(request, *args, shared=True, **kwargs)
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200:
        return response
    until = now + SHARED_SECONDS
    phase_ends = getattr(response, "valid_until", None)
    if phase_ends is not None:
        phase_ends = phase_ends.timestamp()
        until = min(until, phase_ends)
    cache.set(
        key,
        {
            "content": response.content,
            "type": response["Content-Type"],
            "until": until,
            "phase_ends": phase_ends,
        },
        SHARED_SECONDS + STALE_SECONDS,
    )
    return _public(response, int(until - now))


def countdown(starts_at: datetime, now: datetime) -> str:
    """ "3 days" / "5 hours and 20 minutes" / "12 minutes" until opening,
    rounded down to the minute, for a page that works without JavaScript."""
    minutes = max(int((starts_at - now).total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if hours:
        return _("%(hours)s and %(minutes)s") % {
            "hours": ngettext("%(count)d hour", "%(count)d hours", hours)
            % {"count": hours},
            "minutes": ngettext("%(count)d minute", "%(count)d minutes", minutes)
            % {"count": minutes},
        }
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {
        "count": minutes
    }


def _counters_url(page: FairPage) -> str:
    return page.url + "tellers/"


def _render_page(request, page: FairPage, *, shared: bool):
    now = timezone.now()
    phase = page.phase(now)
    # From SITE_URL, not the request: a shared copy, a poster's QR code and a
    # link on a social site must carry the site's own address (https), not
    # whatever host or scheme one request came in on.
    absolute = absolute_url(page.url)
    if page.is_national:
        name = _("The national online job fair")
    else:
        name = _("Online job fair %(region)s") % {"region": page.region.name}
    response = TemplateResponse(
        request,
        "fairs/fair_page.html",
        {
            "page": page,
            "phase": phase,
            "now": now,
            "name": name,
            "figures": fair_page.fair_figures(page=page, now=now),
            "countdown": countdown(page.starts_at, now) if phase == "before" else "",
            "absolute_url": absolute,
            "og_image_url": absolute_url(static("img/og-banenmarkt.png")),
            "qr": qr_svg(
                absolute, label=_("QR code of this page: %(url)s") % {"url": absolute}
            ),
            "counters_url": _counters_url(page),
            "poll_seconds": POLL_SECONDS,
            "shared": shared,
        },
    )
    response.valid_until = page.valid_until(now)
    return response


@shared_for_anonymous
def fair_now(request, shared=False):
    """/beurs/: the national fair that matters now (live, next, or last)."""
    return _render_page(request, fair_page.national_fair(), shared=shared)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404("Not a date") from None


@shared_for_anonymous
def fair_day(request, day, shared=False):
    return _render_page(request, fair_page.national_fair(day=_day(day)), shared=shared)


@shared_for_anonymous
def fair_edition(request, slug, pk, shared=False):
    return _render_page(
        request, fair_page.edition_fair(slug=slug, pk=pk), shared=shared
    )


def _render_counters(request, page: FairPage):
    now = timezone.now()
    response = TemplateResponse(
        request,
        "fairs/_fair_counters.html",
        {
            "page": page,
            "phase": page.phase(now),
            "figures": fair_page.fair_figures(page=page, now=now),
            "counters_url": _counters_url(page),
            "poll_seconds": POLL_SECONDS,
        },
    )
    response.valid_until = page.valid_until(now)
    return response


@shared_for_anonymous
def fair_day_counters(request, day, shared=False):
    return _render_counters(request, fair_page.national_fair(day=_day(day)))


@shared_for_anonymous
def fair_edition_counters(request, slug, pk, shared=False):
    return _render_counters(request, fair_page.edition_fair(slug=slug, pk=pk))


def _qr_response(request, page: FairPage, filename: str):
    body = qr_svg_response_body(absolute_url(page.url))
    response = HttpResponse(body, content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _public(response, 3600)


def fair_day_qr(request, day):
    page = fair_page.national_fair(day=_day(day))
    return _qr_response(request, page, f"banenmarkt-{page.day.isoformat()}.svg")


def fair_edition_qr(request, slug, pk):
    page = fair_page.edition_fair(slug=slug, pk=pk)
    day = timezone.localtime(page.starts_at).date().isoformat()
    return _qr_response(request, page, f"banenmarkt-{page.region.slug}-{day}.svg")

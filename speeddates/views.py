"""Thin views: check who, call a service, say what happened, redirect."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fairs.models import Edition, Post, Publication
from members.permissions import permission_check, region_permission_required

from . import selectors, services
from .forms import SlotOfferForm
from .models import Booking, Slot


def _vacancy(region, pk) -> Publication:
    return get_object_or_404(
        Publication.objects.select_related("post", "region"),
        pk=pk,
        region=region,
        post__kind=Post.Kind.VACANCY,
    )


def _employer_denied(request, access, publication):
    """The vacancy's author, or the region's project team (after the second
    step): None; anyone else is refused."""
    if publication.post.author_id == request.user.pk:
        return None
    return permission_check(request, access, "is_project_team")


def _error_message(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def _publication_url(booking_or_slot) -> str:
    slot = getattr(booking_or_slot, "slot", booking_or_slot)
    publication = Publication.objects.select_related("region").get(
        post_id=slot.post_id, region_id=slot.edition.region_id
    )
    return publication_url(publication)


def publication_url(publication: Publication) -> str:
    return reverse(
        "fairs:publication",
        kwargs={"slug": publication.region.slug, "pk": publication.pk},
    )


@region_permission_required("can_view_board")
def slots_offer(request, pk, *, region, access):
    publication = _vacancy(region, pk)
    denied = _employer_denied(request, access, publication)
    if denied:
        return denied
    editions = Edition.objects.filter(region=region).not_closed()
    form = SlotOfferForm(request.POST or None, editions=editions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            slots = services.slots_offer(
                publication=publication,
                by=request.user,
                edition=data["edition"],
                start=data["start"],
                minutes=data["minutes"],
                count=data["count"],
                video_urls=data["video_urls"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "You offer %(count)d speed date.",
                    "You offer %(count)d speed dates.",
                    len(slots),
                )
                % {"count": len(slots)},
            )
            return redirect(f"{_schedule_path(publication)}?dag={data['edition'].pk}")
    return render(
        request,
        "speeddates/offer.html",
        {"region": region, "access": access, "publication": publication, "form": form},
    )


def _schedule_path(publication: Publication) -> str:
    return reverse(
        "speeddates:schedule",
        kwargs={"slug": publication.region.slug, "pk": publication.pk},
    )


@region_permission_required("can_view_board")
def schedule(request, pk, *, region, access):
    publication = _vacancy(region, pk)
    denied = _employer_denied(request, access, publication)
    if denied:
        return denied
    editions = list(selectors.schedule_editions(publication=publication))
    edition = None
    if request.GET.get("dag", "").isdigit():
        edition = next((e for e in editions if e.pk == int(request.GET["dag"])), None)
    edition = edition or selectors.default_edition(publication=publication)
    slots = (
        selectors.schedule(publication=publication, edition=edition) if edition else []
    )
    return render(
        request,
        "speeddates/schedule.html",
        {
            "region": region,
            "access": access,
            "publication": publication,
            "editions": editions,
            "edition": edition,
            "slots": slots,
            "now": timezone.now(),
        },
    )


@require_POST
@region_permission_required("can_view_board")
def no_show(request, pk, *, region, access):
    booking = get_object_or_404(
        Booking.objects.select_related("slot"), pk=pk, slot__edition__region=region
    )
    publication = get_object_or_404(
        Publication.objects.select_related("post", "region"),
        post_id=booking.post_id,
        region=region,
    )
    denied = _employer_denied(request, access, publication)
    if denied:
        return denied
    undo = request.POST.get("undo") == "1"
    try:
        services.booking_mark_no_show(booking=booking, no_show=not undo)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(
            request,
            _("Marked as come after all.") if undo else _("Marked as no-show."),
        )
    return redirect(f"{_schedule_path(publication)}?dag={booking.slot.edition_id}")


@require_POST
@region_permission_required("can_view_board")
def book(request, pk, *, region, access):
    if not access.is_member:
        raise PermissionDenied
    slot = get_object_or_404(
        Slot.objects.select_related("post", "edition"), pk=pk, edition__region=region
    )
    try:
        services.booking_create(slot=slot, seeker=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(
            request,
            _("Your speed date is booked. You will get an email with the details."),
        )
    return redirect(_publication_url(slot))


def _own_booking(request, pk) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related("slot__edition"), pk=pk, seeker=request.user
    )


@require_POST
def booking_cancel(request, pk):
    booking = _own_booking(request, pk)
    try:
        services.booking_cancel(booking=booking, seeker=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("Your speed date is cancelled."))
    return redirect(_publication_url(booking))


@require_POST
def booking_move(request, pk):
    booking = _own_booking(request, pk)
    slot = get_object_or_404(
        Slot.objects.select_related("post", "edition"),
        pk=request.POST.get("slot") if request.POST.get("slot", "").isdigit() else 0,
        post_id=booking.post_id,
    )
    try:
        services.booking_move(booking=booking, slot=slot, seeker=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(
            request,
            _("Your speed date is moved. You will get an email with the new time."),
        )
    return redirect(_publication_url(booking))

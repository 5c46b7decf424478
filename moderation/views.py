"""The moderators' pages. Every view is region-scoped through
members.permissions; objects are looked up within the region."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from banenmarkt.bsn_flags import bsn_flag_check
from banenmarkt.exports import csv_response
from banenmarkt.models import BsnFlag
from banenmarkt.security import client_ip
from fairs.models import Edition, Publication, Reaction
from members.models import Membership
from members.permissions import region_permission_required

from . import selectors, services
from .exports import AuditLogExporter
from .forms import ClarificationForm, RemovalForm, ReportForm, StaffNoteForm
from .models import Removal, StaffNote

BSN_FLAGS_PAGE_SIZE = 50


def _publication(region, pk, **filters):
    return get_object_or_404(
        Publication.objects.select_related("post", "region"),
        pk=pk,
        region=region,
        **filters,
    )


def _done(request, message: str, error: ValidationError | None = None):
    if error is not None:
        messages.warning(request, " ".join(error.messages))
    else:
        messages.success(request, message)


def _back(request, region):
    target = request.POST.get("next") or ""
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("moderation:queue", slug=region.slug)


@region_permission_required("is_moderator")
def queue(request, *, region, access):
    """Publications waiting for review, oldest first. During a live fair the
    list refreshes itself (htmx polling); without JavaScript it is a normal
    page with a refresh link."""
    only = request.GET.get("alleen", "")
    if only not in selectors.QUEUE_FILTERS:
        only = ""
    page = selectors.review_queue_page(
        region=region, only=only, after=request.GET.get("na", "")
    )
    context = {
        "region": region,
        "access": access,
        "page": page,
        "only": only,
        "filters": [
            ("", _("All")),
            ("bsn", _("Possible BSN")),
            ("reported", _("Reported by members")),
            ("new_org", _("Organisation new in this region")),
            ("cv", _("CV to check")),
        ],
        "proposals": selectors.pending_removals(region=region),
        "bsn_flags_open": selectors.open_bsn_flag_count(region=region),
        "activity": selectors.activity(region=region),
        "live": Edition.objects.filter(region=region).live().exists(),
        "now": timezone.now(),
    }
    template = "moderation/queue.html"
    if request.headers.get("HX-Request"):
        template += "#queue"
    return render(request, template, context)


@require_POST
@region_permission_required("is_moderator")
def like(request, pk, *, region, access):
    publication = _publication(region, pk)
    try:
        if request.POST.get("undo"):
            services.publication_unlike(publication=publication, moderator=request.user)
            _done(request, _("Like undone: the post is back in the queue."))
        else:
            services.publication_like(publication=publication, moderator=request.user)
            _done(request, _("Marked as seen."))
    except ValidationError as error:
        _done(request, "", error)
    return _back(request, region)


@require_POST
@region_permission_required("is_moderator")
def cv_checked(request, pk, *, region, access):
    """A moderator checked a scanned CV that OCR could not read: no BSN in
    it, so it can be downloaded."""
    publication = _publication(region, pk)
    try:
        services.publication_cv_checked(publication=publication, moderator=request.user)
    except ValidationError as error:
        _done(request, "", error)
    else:
        _done(request, _("CV checked. Members can now download it."))
    return _back(request, region)


TAKE_DOWN_MESSAGES = {
    Removal.Status.PENDING: gettext_lazy(
        "The post is hidden. A member of the project team decides whether it is "
        "removed; only then is the author told."
    ),
    Removal.Status.CONFIRMED: gettext_lazy(
        "The post was removed and the author was told why."
    ),
}


@region_permission_required("is_moderator")
def remove(request, pk, *, region, access):
    publication = _publication(region, pk, status=Publication.Status.PUBLISHED)
    form = RemovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason, note = form.cleaned_data["reason"], form.cleaned_data["note"]
        try:
            removal = services.publication_take_down(
                publication=publication,
                moderator=request.user,
                reason=reason,
                note=note,
                bsn_flagged=form.bsn_flagged_fields,
            )
        except ValidationError as error:
            _done(request, "", error)
        else:
            _done(request, TAKE_DOWN_MESSAGES[removal.status])
        return redirect("moderation:queue", slug=region.slug)
    return render(
        request,
        "moderation/remove.html",
        {"region": region, "access": access, "publication": publication, "form": form},
    )


@require_POST
@region_permission_required("is_project_team")
def decide(request, pk, *, region, access):
    removal = get_object_or_404(Removal, pk=pk, publication__region=region)
    try:
        confirm = request.POST.get("decision") == "confirm"
        services.removal_decide(removal=removal, decider=request.user, confirm=confirm)
        if confirm:
            _done(request, _("Removal confirmed. The author has been told why."))
        else:
            _done(request, _("Removal rejected. The post is back on the board."))
    except ValidationError as error:
        _done(request, "", error)
    return redirect("moderation:queue", slug=region.slug)


@region_permission_required("is_moderator")
def removed(request, *, region, access):
    page = Paginator(selectors.removed_publications(region=region), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "moderation/removed.html",
        {"region": region, "access": access, "page": page},
    )


@require_POST
@region_permission_required("is_moderator")
def restore(request, pk, *, region, access):
    publication = _publication(region, pk)
    try:
        services.publication_restore(publication=publication, moderator=request.user)
    except ValidationError as error:
        _done(request, "", error)
    else:
        _done(request, _("The post is back on the board."))
    return redirect("moderation:removed", slug=region.slug)


@region_permission_required("is_project_team")
def clarify(request, pk, *, region, access):
    publication = _publication(region, pk, status=Publication.Status.PUBLISHED)
    form = ClarificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.clarification_add(
            publication=publication,
            author=request.user,
            question=form.cleaned_data["question"],
            answer=form.cleaned_data["answer"],
            bsn_flagged=form.bsn_flagged_fields,
        )
        _done(request, _("Your clarification is shown under the post."))
        return redirect("fairs:publication", slug=region.slug, pk=publication.pk)
    return render(
        request,
        "moderation/clarify.html",
        {"region": region, "access": access, "publication": publication, "form": form},
    )


@require_POST
@region_permission_required("is_moderator")
def publication_note(request, pk, *, region, access):
    """Save a note from the post page. A refused or warned note comes back on
    a page of its own with what was typed (and the box to tick for a
    number that is not a BSN)."""
    publication = _publication(region, pk)
    form = StaffNoteForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "moderation/publication_note.html",
            {
                "region": region,
                "access": access,
                "publication": publication,
                "staff_notes": publication.staff_notes.select_related("author"),
                "note_form": form,
            },
        )
    services.staff_note_add(
        region=region,
        author=request.user,
        text=form.cleaned_data["text"],
        publication=publication,
        bsn_flagged=form.bsn_flagged_fields,
    )
    _done(request, _("Note saved."))
    return redirect("fairs:publication", slug=region.slug, pk=publication.pk)


@region_permission_required("is_moderator")
def member_notes(request, pk, *, region, access):
    membership = get_object_or_404(Membership, pk=pk, region=region)
    form = StaffNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.staff_note_add(
            region=region,
            author=request.user,
            text=form.cleaned_data["text"],
            membership=membership,
            bsn_flagged=form.bsn_flagged_fields,
        )
        _done(request, _("Note saved."))
        return redirect("moderation:member-notes", slug=region.slug, pk=membership.pk)
    notes = StaffNote.objects.filter(membership=membership).select_related("author")
    return render(
        request,
        "moderation/member_notes.html",
        {
            "region": region,
            "access": access,
            "membership": membership,
            "notes": notes,
            "form": form,
        },
    )


@region_permission_required("is_moderator")
def bsn_flags(request, *, region, access):
    """Texts saved with a number that may be a BSN, after the writer ticked
    that it is not one: a moderator looks, contacts the writer if it is, and
    marks it checked. (Posts with a possible BSN are in the queue's filter.)"""
    page = Paginator(
        selectors.open_bsn_flags(region=region), BSN_FLAGS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/bsn_flags.html",
        {"region": region, "access": access, "page": page},
    )


@require_POST
@region_permission_required("is_moderator")
def bsn_flag_checked(request, pk, *, region, access):
    flag = get_object_or_404(BsnFlag, pk=pk, region=region)
    try:
        bsn_flag_check(flag=flag, moderator=request.user)
    except ValidationError as error:
        _done(request, "", error)
    else:
        _done(request, _("Marked as checked."))
    return redirect("moderation:bsn-flags", slug=region.slug)


def _log_filters(request):
    action = request.GET.get("actie", "")
    actor = request.GET.get("door", "")
    return action, int(actor) if actor.isdigit() else None


@region_permission_required("is_moderator")
def audit_log(request, *, region, access):
    action, actor_id = _log_filters(request)
    after_fair = access.can_export
    page = Paginator(
        selectors.audit_log(
            region=region, action=action, actor_id=actor_id, after_fair=after_fair
        ),
        100,
    ).get_page(request.GET.get("page"))
    actions, actors = selectors.audit_log_filter_choices(
        region=region, after_fair=after_fair
    )
    return render(
        request,
        "moderation/audit_log.html",
        {
            "region": region,
            "access": access,
            "page": page,
            "actions": actions,
            "actors": actors,
            "action": action,
            "actor_id": actor_id,
        },
    )


@region_permission_required("is_project_team")
@reauthentication_required
def audit_log_csv(request, *, region, access):
    """The audit log as CSV for the project team, streamed row by row."""
    action, actor_id = _log_filters(request)
    entries = selectors.audit_log(
        region=region, action=action, actor_id=actor_id, after_fair=access.can_export
    )
    return csv_response(AuditLogExporter(region=region, entries=entries))


# --- Reports from members (on the board) -----------------------------------------


@region_permission_required("can_view_board")
def publication_report(request, pk, *, region, access):
    publication = get_object_or_404(
        Publication.objects.select_related("post"),
        pk=pk,
        region=region,
        status=Publication.Status.PUBLISHED,
    )
    reaction = None
    reaction_id = request.GET.get("reactie") or request.POST.get("reactie") or ""
    if reaction_id:
        if not reaction_id.isdigit():
            raise Http404
        reaction = get_object_or_404(Reaction, pk=reaction_id, publication=publication)
    written_by = reaction.author_id if reaction else publication.post.author_id
    if written_by == request.user.pk:
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                publication=publication,
                reaction=reaction,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                ip=client_ip(request),
                bsn_flagged=form.bsn_flagged_fields,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The moderators will look at it."))
            return redirect("fairs:publication", slug=region.slug, pk=publication.pk)
    return render(
        request,
        "fairs/report.html",
        {
            "region": region,
            "publication": publication,
            "reaction": reaction,
            "form": form,
        },
    )


# --- Claiming: "bekeken door X" ---------------------------------------------------


@require_POST
@region_permission_required("is_moderator")
def claim(request, pk, *, region, access):
    """A moderator opened or focused a queue item: the others see who is
    looking at it for CLAIM_MINUTES (`services.publication_claim`, which
    never takes over a live claim of someone else). htmx gets 204 when the
    claim is this moderator's and 409 with who holds it otherwise; without
    JavaScript, back to the item in the queue."""
    publication = _publication(region, pk)
    held = services.publication_claim(publication=publication, moderator=request.user)
    taken = None
    if held.moderator_id != request.user.pk:
        taken = _("%(name)s is already looking at this post.") % {
            "name": str(held.moderator)
        }
    if request.headers.get("HX-Request"):
        if taken is None:
            return HttpResponse(status=204)
        return HttpResponse(taken, status=409, content_type="text/plain; charset=utf-8")
    if taken is not None:
        messages.warning(request, taken)
    return redirect(
        reverse("moderation:queue", kwargs={"slug": region.slug}) + f"#item-{pk}"
    )

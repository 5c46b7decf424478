"""The moderators' pages. Every view is region-scoped through
members.permissions; objects are looked up within the region."""

import hashlib
import secrets
from urllib.parse import urlencode, urlsplit

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banenmarkt.bsn_flags import bsn_flag_check
from banenmarkt.exports import csv_response
from banenmarkt.models import BsnFlag
from banenmarkt.security import client_ip
from fairs.models import Publication, Reaction
from fairs.selectors import board_editions
from members.models import Membership
from members.permissions import region_permission_required

from . import selectors, services, sidebar
from .exports import AuditLogExporter
from .forms import ClarificationForm, RemovalForm, ReportForm, StaffNoteForm
from .models import Removal, Review, StaffNote

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


def _safe_next(request, region, value: str) -> str:
    """A path on this site to return to (the queue page an action came
    from), or the queue."""
    if value.startswith("/") and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("moderation:queue", kwargs={"slug": region.slug})


def _back(request, region):
    return redirect(_safe_next(request, region, request.POST.get("next", "")))


# --- The review queue -------------------------------------------------------------
# Every action works as a normal form (the page reloads, back at the next
# item) and, with htmx, in place: the item is replaced by what happened, with
# "Undo", and the result goes to the status line (a polite live region).

UNDO_SECONDS = 60
_LAST_ACTION = "moderation_last_action"


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _queue_params(request):
    """The queue's filter and cursor: of this request, or of the queue page
    an action was sent from (its `next`)."""
    params = request.GET
    if request.method == "POST":
        params = QueryDict(urlsplit(request.POST.get("next", "")).query)
    only = params.get("alleen", "")
    return (only if only in selectors.QUEUE_FILTERS else ""), params.get("na", "")


ITEM_URLS = {
    "like": "moderation:like",
    "remove": "moderation:remove",
    "clarify": "moderation:clarify",
    "claim": "moderation:claim",
    "cv_checked": "moderation:cv-checked",
    "post": "fairs:publication",
    "cv": "fairs:cv",
}
_SENTINEL = 987654321


def _item_urls(region, items) -> None:
    """The links of every queue item, from one reverse() per kind rather
    than eight per item (rendering 25 items is most of the page's time)."""
    patterns = {
        key: reverse(name, kwargs={"slug": region.slug, "pk": _SENTINEL})
        for key, name in ITEM_URLS.items()
    }
    for item in items:
        pk = str(item.pk)
        item.urls = {
            key: url.replace(str(_SENTINEL), pk) for key, url in patterns.items()
        }


# Each queue item is kept in the cache (the `queue_fragment` tag, with the
# per-request parts filled in): a page reads all its items in one get_many
# and stores what it rendered in one set_many, so a slow or hung Redis costs
# two round trips, not fifty. Raise FRAGMENT_VERSION when the cached part of
# _queue_item.html changes, so a deploy shows the new markup at once.
FRAGMENT_SECONDS = 600
FRAGMENT_VERSION = 2


def _fragment_key(item, language: str, access) -> str:
    """Everything the cached part shows depends on: any change is a new
    key."""
    try:
        review = item.review
        reviewed = (review.pk, review.post_version, review.reviewed_at.isoformat())
    except Review.DoesNotExist:
        reviewed = None
    parts = (
        FRAGMENT_VERSION,
        language,
        item.pk,
        item.post.version,
        item.post.cv_state,
        item.bsn_flag,
        reviewed,
        item.is_reported,
        item.report_reasons,
        item.is_new_org,
        item.author_name,
        item.author_kind,
        item.region_names,
        bool(item.post.cv),
        item.urls,
        access.is_project_team,
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"moderation:item:{digest}"


def _fragments_load(items, access) -> None:
    language = get_language()
    for item in items:
        item.fragment_key = _fragment_key(item, language, access)
    found = cache.get_many([item.fragment_key for item in items]) if items else {}
    for item in items:
        item.fragment_html = found.get(item.fragment_key)


def _render_queue(request, template, context):
    store: dict[str, str] = {}
    response = render(request, template, context | {"fragments_to_store": store})
    if store:
        cache.set_many(store, FRAGMENT_SECONDS)
    return response


def _queue_context(request, region, access, *, now=None) -> dict:
    now = now or timezone.now()
    only, after = _queue_params(request)
    page = selectors.review_queue_page(
        region=region, only=only, after=after, moderator=request.user, now=now
    )
    # Without JavaScript an action returns to the item after this one.
    for item, following in zip(page.items, page.items[1:], strict=False):
        item.following_pk = following.pk
    _item_urls(region, page.items)
    _fragments_load(page.items, access)
    path = reverse("moderation:queue", kwargs={"slug": region.slug})
    query = urlencode(
        {key: value for key, value in (("alleen", only), ("na", page.after)) if value}
    )
    return {
        "region": region,
        "access": access,
        "page": page,
        "page_url": f"{path}?{query}" if query else path,
        "only": only,
        "filters": [
            ("", _("All")),
            ("bsn", _("Possible BSN")),
            ("reported", _("Reported by members")),
            ("new_org", _("Organisation new in this region")),
            ("cv", _("CV to check")),
        ],
        # Proposals, open BSN flags, activity: kept a few seconds per region.
        **sidebar.queue_sidebar(region=region, now=now),
        # From the region's kept calendar, as on the board.
        "live": board_editions(region=region, now=now)[2].is_live,
        "now": now,
        "last_action": _last_action(request, region, now=now),
        "queue_path": path,
    }


def _remember(request, region, kind: str, pks, removal=None) -> dict:
    """Keep the moderator's last action in the session, so it can be undone
    for UNDO_SECONDS (one at a time: a new action replaces it)."""
    action = {
        "id": secrets.token_hex(4),
        "region": region.pk,
        "kind": kind,
        "pks": list(pks),
        "removal": removal.pk if removal is not None else None,
        "at": timezone.now().timestamp(),
    }
    request.session[_LAST_ACTION] = action
    return action


def _last_action(request, region, *, now=None) -> dict | None:
    """The moderator's last action in this region if it can still be undone,
    with the titles of (up to three of) its posts. The session keeps only
    the ids: no post text stays in it."""
    action = request.session.get(_LAST_ACTION)
    if not action or action.get("region") != region.pk:
        return None
    age = (now or timezone.now()).timestamp() - action["at"]
    if not 0 <= age <= UNDO_SECONDS:
        return None
    titles = Publication.objects.filter(
        region=region, pk__in=action["pks"][:3]
    ).values_list("post__title", flat=True)
    return action | {"seconds_left": int(UNDO_SECONDS - age), "titles": titles}


def _item_done(request, region, publication, message, *, action=None, warning=False):
    """What replaces an item in place after an action (htmx), with the
    announcement for the status line."""
    response = render(
        request,
        "moderation/_queue_done.html",
        {
            "region": region,
            "publication": publication,
            "message": message,
            "warning": warning,
            "action": action,
            "next": request.POST.get("next", ""),
        },
    )
    response["HX-Retarget"] = f"#item-{publication.pk}"
    response["HX-Reswap"] = "outerHTML"
    return response


def _back_to_queue(request, region, publication=None):
    """Without JavaScript: back to the queue page the action came from, at
    the item after this one."""
    response = _back(request, region)
    following = request.POST.get("volgende", "")
    if following.isdigit():
        response["Location"] += f"#item-{following}"
    return response


@region_permission_required("is_moderator")
def queue(request, *, region, access):
    """Publications waiting for review, oldest first, reviewed in place.
    During a live fair the meter on top refreshes itself and new posts are
    added at the end of the last page (htmx polling, `?deel=meter`); without
    JavaScript it is a normal page with a refresh link."""
    context = _queue_context(request, region, access)
    if _is_htmx(request) and request.GET.get("deel") == "meter":
        return _meter(request, region, context)
    template = "moderation/queue.html"
    if _is_htmx(request):
        template += "#queue"
    return _render_queue(request, template, context)


def _meter(request, region, context):
    """The polled part: the meter, and the posts that arrived after the
    last one the moderator has, as far as they fit on the page."""
    # The same page, read again: what is on it that the moderator does not
    # have on screen (`getoond`) arrived since, or was released by another
    # moderator; it is added at the end (no extra query). Of what the
    # moderator has on screen, what left the queue was handled by someone
    # else (one query).
    shown = [int(pk) for pk in request.GET.getlist("getoond")[:100] if pk.isdigit()]
    known = set(shown)
    newer = [item for item in context["page"].items if item.pk not in known]
    gone = selectors.no_longer_waiting(region=region, pks=shown) if shown else []
    context |= {"newer": newer, "gone": gone}
    return _render_queue(request, "moderation/_queue_meter.html", context)


@require_POST
@region_permission_required("is_moderator")
def like(request, pk, *, region, access):
    publication = _publication(region, pk)
    undo = bool(request.POST.get("undo"))
    try:
        if undo:
            services.publication_unlike(publication=publication, moderator=request.user)
        else:
            services.publication_like(publication=publication, moderator=request.user)
    except ValidationError as error:
        if _is_htmx(request):
            return _item_done(
                request, region, publication, " ".join(error.messages), warning=True
            )
        _done(request, "", error)
        return _back_to_queue(request, region)
    if undo:
        _done(request, _("Like undone: the post is back in the queue."))
        return _back(request, region)
    action = _remember(request, region, "like", [publication.pk])
    if _is_htmx(request):
        return _item_done(request, region, publication, _("Seen:"), action=action)
    _done(request, _("Marked as seen."))
    return _back_to_queue(request, region)


@require_POST
@region_permission_required("is_moderator")
def like_many(request, *, region, access):
    """Mark the selected posts seen at once (one undo for all of them)."""
    pks = [int(pk) for pk in request.POST.getlist("pk") if pk.isdigit()][:100]
    liked = services.publications_like_many(
        region=region, pks=pks, moderator=request.user
    )
    if liked:
        _remember(request, region, "like", liked)
        message = ngettext(
            "%(count)d post marked as seen.",
            "%(count)d posts marked as seen.",
            len(liked),
        ) % {"count": len(liked)}
    elif pks:
        message = _("Nothing marked: someone else already handled these posts.")
    else:
        message = _("Select the posts you want to mark as seen first.")
    return _queue_after(request, region, access, message, warning=not liked)


def _queue_after(request, region, access, message, *, warning=False, focus=None):
    """After an action on the whole queue: with htmx the refreshed queue and
    the announcement; without, back to the page with a message."""
    if _is_htmx(request):
        context = _queue_context(request, region, access) | {
            "announcement": message,
            "focus_pk": focus,
        }
        return _render_queue(request, "moderation/_queue_refresh.html", context)
    if warning:
        messages.warning(request, message)
    else:
        messages.success(request, message)
    response = _back(request, region)
    if focus:
        response["Location"] += f"#item-{focus}"
    return response


@require_POST
@region_permission_required("is_moderator")
def undo(request, *, region, access):
    """Undo the moderator's last action in this region, within a minute:
    the likes go (only their own), a removal is restored, a proposal to
    remove a commercial post is taken back."""
    action = _last_action(request, region)
    if action is None or action["id"] != request.POST.get("actie"):
        return _queue_after(
            request,
            region,
            access,
            _("This can no longer be undone: only your last action, within a minute."),
            warning=True,
        )
    del request.session[_LAST_ACTION]
    pks = action["pks"]
    try:
        if action["kind"] == "like":
            services.publications_unlike_own(
                region=region, pks=pks, moderator=request.user
            )
        elif action["kind"] in ("remove", "propose"):
            removal = get_object_or_404(
                Removal, pk=action["removal"], publication__region=region
            )
            if action["kind"] == "remove":
                services.removal_undo(removal=removal, moderator=request.user)
            else:
                services.removal_withdraw(removal=removal, moderator=request.user)
    except ValidationError as error:
        return _queue_after(
            request, region, access, " ".join(error.messages), warning=True
        )
    return _queue_after(
        request,
        region,
        access,
        _("Undone: the post is back in the queue."),
        focus=pks[0],
    )


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
IN_PLACE_MESSAGES = {
    Removal.Status.PENDING: gettext_lazy(
        "Hidden; the project team decides on removing it:"
    ),
    Removal.Status.CONFIRMED: gettext_lazy("Removed:"),
}


@region_permission_required("is_moderator")
def remove(request, pk, *, region, access):
    """Remove a post with a reason (a commercial one is proposed). In the
    queue the form opens in the item itself (htmx); without JavaScript it
    is a page of its own."""
    publication = _publication(region, pk, status=Publication.Status.PUBLISHED)
    in_place = _is_htmx(request)
    form = RemovalForm(request.POST or None, auto_id=f"remove-{pk}-%s")
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
            if in_place:
                return _item_done(
                    request, region, publication, " ".join(error.messages), warning=True
                )
            _done(request, "", error)
            return _back_to_queue(request, region)
        kind = "propose" if removal.status == Removal.Status.PENDING else "remove"
        action = _remember(request, region, kind, [publication.pk], removal)
        if in_place:
            return _item_done(
                request,
                region,
                publication,
                IN_PLACE_MESSAGES[removal.status],
                action=action,
            )
        _done(request, TAKE_DOWN_MESSAGES[removal.status])
        return _back_to_queue(request, region)
    context = {
        "region": region,
        "access": access,
        "publication": publication,
        "form": form,
        "next": _safe_next(
            request, region, request.POST.get("next") or request.GET.get("next", "")
        ),
        "following": "".join(
            filter(
                str.isdigit,
                request.POST.get("volgende") or request.GET.get("volgende", ""),
            )
        )[:19],
    }
    if in_place:
        return render(request, "moderation/_remove_form.html", context)
    return render(request, "moderation/remove.html", context)


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
    """Add a highlighted question and answer under a post; from the queue
    in the item itself (htmx), otherwise on a page of its own."""
    publication = _publication(region, pk, status=Publication.Status.PUBLISHED)
    in_place = _is_htmx(request)
    form = ClarificationForm(request.POST or None, auto_id=f"clarify-{pk}-%s")
    if request.method == "POST" and form.is_valid():
        services.clarification_add(
            publication=publication,
            author=request.user,
            question=form.cleaned_data["question"],
            answer=form.cleaned_data["answer"],
            bsn_flagged=form.bsn_flagged_fields,
        )
        if in_place:
            return render(
                request,
                "moderation/_clarified.html",
                {"region": region, "publication": publication},
            )
        _done(request, _("Your clarification is shown under the post."))
        return redirect("fairs:publication", slug=region.slug, pk=publication.pk)
    context = {
        "region": region,
        "access": access,
        "publication": publication,
        "form": form,
        "next": _safe_next(
            request, region, request.POST.get("next") or request.GET.get("next", "")
        ),
    }
    if in_place:
        return render(request, "moderation/_clarify_form.html", context)
    return render(request, "moderation/clarify.html", context)


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

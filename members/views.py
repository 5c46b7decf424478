"""Membership pages. Region-scoped views go through members.permissions; a
person's own requests are looked up with `user=request.user` in the query."""

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from banenmarkt.email_kinds import email_kind_label
from banenmarkt.emails import absolute_url
from banenmarkt.exports import csv_response
from banenmarkt.models import EmailOptOut
from banenmarkt.notifications import unsubscribe_token_read
from banenmarkt.privacy import ProcessingRegisterExporter, retention
from banenmarkt.qr import qr_svg, qr_svg_response_body
from banenmarkt.security import client_ip, security_event
from fairs.models import Region
from fairs.moments import fair_moment

from . import dashboard, selectors, services
from .accounts import has_second_factor, holds_role
from .forms import (
    AccountDeleteForm,
    DeclineForm,
    EmailPreferencesForm,
    EndMembershipForm,
    InviteLinkForm,
    JoinRequestForm,
    QuestionForm,
    RequestUpdateForm,
    RoleAppointForm,
)
from .models import (
    DataExport,
    InviteLink,
    Membership,
    RegionRole,
    RoleInvitation,
    User,
)
from .permissions import region_access, region_permission_required

QUEUE_PAGE_SIZE = 100
MEMBERS_PAGE_SIZE = 50


def _state_error(request, error: ValidationError):
    messages.warning(request, " ".join(error.messages))


# --- Invite links: which link someone came through ---------------------------
# Kept in a signed cookie, not in the session: the landing page is a GET that
# anyone (and any link checker) opens, and a session would be a database row
# (cached_db). The cookie survives signing up, verifying the address and
# logging in, and holds only link tokens (at most one per region, the first).

INVITE_COOKIE = "bm_uitnodiging"
INVITE_COOKIE_SALT = "members.invite_link"
INVITE_COOKIE_MAX_AGE = 60 * 60 * 24 * 30  # a month to sign up and ask
INVITE_COOKIE_TOKENS = 10


def _invite_tokens(request) -> list[str]:
    value = request.get_signed_cookie(
        INVITE_COOKIE,
        default="",
        salt=INVITE_COOKIE_SALT,
        max_age=INVITE_COOKIE_MAX_AGE,
    )
    return [t for t in value.split(",") if t][:INVITE_COOKIE_TOKENS]


def _invite_tokens_set(response, tokens: list[str]) -> None:
    if not tokens:
        response.delete_cookie(INVITE_COOKIE, samesite="Lax")
        return
    response.set_signed_cookie(
        INVITE_COOKIE,
        ",".join(tokens[:INVITE_COOKIE_TOKENS]),
        salt=INVITE_COOKIE_SALT,
        max_age=INVITE_COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# --- The person -------------------------------------------------------------


def join(request, slug):
    """Ask to join a region (and, in one go, other regions)."""
    region = get_object_or_404(Region, slug=slug)
    access = region_access(request.user, region)
    if access.membership is not None:
        if access.is_member:
            messages.info(
                request,
                _("You are already a member of %(region)s.") % {"region": region},
            )
        else:
            messages.info(
                request, _("You already asked to join %(region)s.") % {"region": region}
            )
        return redirect("members:dashboard")
    available = Region.objects.exclude(
        pk__in=Membership.objects.filter(
            user=request.user, status__in=Membership.CURRENT
        ).values("region_id")
    )
    if request.method == "POST":
        form = JoinRequestForm(
            request.POST, available_regions=available, user=request.user
        )
        if form.is_valid():
            profile = {f: form.cleaned_data[f] for f in services.PROFILE_FIELDS}
            tokens = _invite_tokens(request)
            links = selectors.invite_links_by_tokens(tokens=tokens)
            try:
                created = services.membership_request(
                    user=request.user,
                    regions=list(form.cleaned_data["regions"]),
                    ip=client_ip(request),
                    bsn_flagged=form.bsn_flagged_fields,
                    invite_links=links,
                    **profile,
                )
            except ValidationError as error:
                form.add_error(None, error)
                return render(
                    request, "members/join.html", {"region": region, "form": form}
                )
            messages.success(
                request,
                ngettext(
                    "Your request has been sent. A moderator will look at it soon.",
                    "Your %(count)d requests have been sent. A moderator will look at them soon.",
                    len(created),
                )
                % {"count": len(created)},
            )
            response = redirect("members:dashboard")
            if tokens:
                # A link counted once; the regions asked are done with.
                asked = {m.region_id for m in created}
                _invite_tokens_set(
                    response,
                    [link.token for link in links if link.region_id not in asked],
                )
            return response
    else:
        form = JoinRequestForm(
            initial={
                "regions": [region.pk],
                **selectors.latest_profile(user=request.user),
            },
            available_regions=available,
        )
    return render(request, "members/join.html", {"region": region, "form": form})


class DashboardView(TemplateView):
    template_name = "members/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        now = timezone.now()
        memberships = list(selectors.user_memberships(user=user, now=now))
        regions = dashboard.role_regions(
            user=user, roles=selectors.user_roles(user=user)
        )
        active = [m for m in memberships if m.status == Membership.Status.ACTIVE]
        return super().get_context_data(
            active=active,
            pitch_first=any(m.posts_pitches for m in active),
            requests=[m for m in memberships if m.status != Membership.Status.ACTIVE],
            work=dashboard.work_for(user=user, regions=regions, now=now),
            # Only asked of people with a role (one query).
            second_factor_missing=bool(regions) and not has_second_factor(user),
            **kwargs,
        )


def request_edit(request, pk):
    """Edit an open request, or answer the moderator's question."""
    membership = get_object_or_404(
        Membership.objects.select_related("region"),
        pk=pk,
        user=request.user,
        status__in=Membership.OPEN_REQUEST,
    )
    if request.method == "POST":
        form = RequestUpdateForm(request.POST, instance=membership)
        if form.is_valid():
            profile = {f: form.cleaned_data[f] for f in services.PROFILE_FIELDS}
            try:
                services.membership_request_update(
                    membership=membership,
                    user=request.user,
                    answer=form.cleaned_data.get("answer", ""),
                    bsn_flagged=form.bsn_flagged_fields,
                    **profile,
                )
            except ValidationError as error:
                _state_error(request, error)
            else:
                messages.success(
                    request, _("Thank you. Your request is back with the moderators.")
                )
            return redirect("members:dashboard")
    else:
        form = RequestUpdateForm(instance=membership)
    return render(
        request, "members/request_edit.html", {"membership": membership, "form": form}
    )


@require_POST
def request_withdraw(request, pk):
    membership = get_object_or_404(Membership, pk=pk, user=request.user)
    try:
        services.membership_withdraw(membership=membership, user=request.user)
    except ValidationError as error:
        _state_error(request, error)
    else:
        messages.success(request, _("Your request has been withdrawn."))
    return redirect("members:dashboard")


@region_permission_required("is_member")
def leave(request, *, region, access):
    if request.method == "POST":
        services.membership_leave(membership=access.membership, user=request.user)
        messages.success(request, _("You have left %(region)s.") % {"region": region})
        return redirect("members:dashboard")
    return render(request, "members/leave.html", {"region": region})


# --- Email preferences ------------------------------------------------------


def email_preferences(request):
    """Which kinds of email the person gets."""
    offered = selectors.email_kinds_offered(user=request.user)
    form = EmailPreferencesForm(
        request.POST or None,
        offered=offered,
        initial={
            "kinds": selectors.email_kinds_wanted(user=request.user, offered=offered)
        },
    )
    if request.method == "POST" and form.is_valid():
        services.email_preferences_set(
            user=request.user, wanted=set(form.cleaned_data["kinds"]), offered=offered
        )
        messages.success(request, _("Your email preferences have been saved."))
        return redirect("members:email-preferences")
    return render(request, "members/email_preferences.html", {"form": form})


# --- Download my data ---------------------------------------------------------


def data_export(request):
    """What a download of one's data holds; ask for one (POST); its state
    and, when ready, the link to it."""
    if request.method == "POST":
        try:
            services.data_export_request(user=request.user, now=timezone.now())
        except ValidationError as error:
            _state_error(request, error)
        else:
            messages.success(
                request,
                _(
                    "We are making your download. This can take a few minutes. "
                    "We will send you an email when it is ready."
                ),
            )
        return redirect("members:data-export")
    return render(
        request,
        "members/data_export.html",
        {
            "export": selectors.data_export_latest(user=request.user),
            "retention_days": retention("export_file").days,
        },
    )


@reauthentication_required
def data_export_download(request, pk):
    """The ZIP, to its owner only (404 for anyone else) and only after the
    password or second step again (allauth's reauthentication)."""
    now = timezone.now()
    export = get_object_or_404(
        DataExport,
        pk=pk,
        user=request.user,
        ready_at__isnull=False,
        expires_at__gt=now,
    )
    try:
        handle = export.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    services.data_export_downloaded(export=export, now=now)
    security_event("data_export.downloaded", request=request, export_id=export.pk)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"banenmarkt-mijn-gegevens-{timezone.localdate(export.ready_at):%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
@csrf_exempt  # RFC 8058: mail programs post without a CSRF token; the signed token is the proof
def unsubscribe(request, token):
    """One-click unsubscribe without login. GET shows one button (link
    checkers in mail filters open links, they must not unsubscribe anyone);
    POST, also straight from the mail program's own button, unsubscribes."""

    try:
        user_id, kind = unsubscribe_token_read(token)
        user = User.objects.get(pk=user_id)
    except (signing.BadSignature, ValueError, TypeError, User.DoesNotExist):
        return render(
            request, "members/unsubscribe.html", {"invalid": True}, status=400
        )
    label = "" if kind == EmailOptOut.ALL else email_kind_label(kind)
    done = ""
    if request.method == "POST":
        if "undo" in request.POST:
            services.email_resubscribe(user=user, kind=kind)
            done = "undone"
        else:
            services.email_unsubscribe(user=user, kind=kind)
            done = "unsubscribed"
    return render(
        request,
        "members/unsubscribe.html",
        {"label": label, "done": done, "token": token},
    )


# --- Moderators --------------------------------------------------------------


@region_permission_required("is_moderator")
def join_queue(request, *, region, access):
    """Pending requests, oldest first; approve one with one click, or all on
    the page / the ticked ones in one go."""
    if request.method == "POST":
        if "approve" in request.POST:
            ids = [request.POST["approve"]]
        elif "approve_page" in request.POST:
            ids = request.POST.getlist("on_page")
        else:
            ids = request.POST.getlist("selected")
        ids = [int(i) for i in ids if str(i).isdigit()]
        if not ids:
            messages.warning(request, _("Select at least one request."))
        else:
            count = services.membership_approve_many(
                region=region, moderator=request.user, ids=ids
            )
            skipped = len(set(ids)) - count
            messages.success(
                request,
                ngettext(
                    "%(count)d request approved.", "%(count)d requests approved.", count
                )
                % {"count": count},
            )
            if skipped:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d request had already been handled.",
                        "%(count)d requests had already been handled.",
                        skipped,
                    )
                    % {"count": skipped},
                )
        return redirect(request.get_full_path())
    page = Paginator(selectors.join_queue(region=region), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "members/join_queue.html",
        {
            "region": region,
            "access": access,
            "page": page,
            "held": selectors.held_requests(region=region),
        },
    )


def _open_request(region, pk):
    return get_object_or_404(
        Membership.objects.select_related("user", "region"),
        pk=pk,
        region=region,
        status__in=Membership.OPEN_REQUEST,
    )


@region_permission_required("is_moderator")
def join_question(request, pk, *, region, access):
    membership = _open_request(region, pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_ask_question(
                membership=membership,
                moderator=request.user,
                question=form.cleaned_data["question"],
                bsn_flagged=form.bsn_flagged_fields,
            )
        except ValidationError as error:
            _state_error(request, error)
        else:
            messages.success(
                request,
                _("Your question was sent to %(name)s.")
                % {"name": membership.display_name},
            )
        return redirect("members:join-queue", slug=region.slug)
    return render(
        request,
        "members/join_question.html",
        {"region": region, "membership": membership, "form": form},
    )


@region_permission_required("is_moderator")
def join_decline(request, pk, *, region, access):
    membership = _open_request(region, pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_decline(
                membership=membership,
                moderator=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                bsn_flagged=form.bsn_flagged_fields,
            )
        except ValidationError as error:
            _state_error(request, error)
        else:
            messages.success(
                request,
                _("The request of %(name)s was declined.")
                % {"name": membership.display_name},
            )
        return redirect("members:join-queue", slug=region.slug)
    return render(
        request,
        "members/join_decline.html",
        {"region": region, "membership": membership, "form": form},
    )


@region_permission_required("can_view_members")
def member_list(request, *, region, access):
    query = request.GET.get("q", "").strip()
    members = selectors.region_members(region=region, query=query)
    page = Paginator(members, MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/member_list.html",
        {"region": region, "access": access, "page": page, "query": query},
    )


@region_permission_required("is_moderator")
def member_end(request, pk, *, region, access):
    membership = get_object_or_404(
        Membership.objects.select_related("user"),
        pk=pk,
        region=region,
        status=Membership.Status.ACTIVE,
    )
    form = EndMembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(
                membership=membership,
                moderator=request.user,
                reason=form.cleaned_data["reason"],
                bsn_flagged=form.bsn_flagged_fields,
            )
        except ValidationError as error:
            _state_error(request, error)
        else:
            messages.success(
                request,
                _("The membership of %(name)s has ended.")
                % {"name": membership.display_name},
            )
        return redirect("members:member-list", slug=region.slug)
    return render(
        request,
        "members/member_end.html",
        {"region": region, "membership": membership, "form": form},
    )


def second_factor(request):
    """Why people with a role need a second step, and where to set it up.
    The pages of a role lead here until it is set up (members/accounts.py)."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    return render(
        request,
        "members/second_factor.html",
        {
            "holds_role": holds_role(request.user),
            "is_set_up": has_second_factor(request.user),
            "next_url": next_url,
        },
    )


@reauthentication_required
def account_delete(request):
    """Delete my account: what goes, what stays without my name and why, and
    one button. Behind reauthentication: the password (or second step) again
    if the last time is more than 5 minutes ago."""
    if request.method == "POST":
        services.account_delete(user=request.user, by=request.user)
        logout(request)
        return redirect("members:account-deleted")
    return render(
        request,
        "members/account_delete.html",
        {
            "memberships": [
                m
                for m in selectors.user_memberships(user=request.user)
                if m.status in Membership.CURRENT
            ],
            "roles": selectors.user_roles(user=request.user),
        },
    )


@login_not_required
def account_deleted(request):
    return render(request, "members/account_deleted.html")


@region_permission_required("is_moderator")
@reauthentication_required
def member_account_delete(request, pk, *, region, access):
    """A moderator deletes the account of a member who asks for it (by
    phone), with the reason. Accounts with a role anywhere are for a
    platform admin, in the admin: their deletion takes roles in regions this
    moderator does not run."""
    membership = get_object_or_404(
        Membership.objects.select_related("user"),
        pk=pk,
        region=region,
        status__in=Membership.CURRENT,
    )
    if holds_role(membership.user):
        raise PermissionDenied
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.account_delete(
            user=membership.user,
            by=request.user,
            reason=form.cleaned_data["reason"],
            region=region,
            bsn_flagged=form.bsn_flagged_fields,
        )
        messages.success(request, _("The account has been deleted."))
        return redirect("members:member-list", slug=region.slug)
    return render(
        request,
        "members/member_account_delete.html",
        {"region": region, "membership": membership, "form": form},
    )


# --- Project team --------------------------------------------------------------


@region_permission_required("can_manage_roles")
@reauthentication_required
def roles(request, *, region, access):
    """Giving a role asks for the password or second step again when the
    last one is more than a few minutes old (allauth's reauthentication)."""
    form = RoleAppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        services.role_give(
            region=region, email=email, role=form.cleaned_data["role"], by=request.user
        )
        messages.success(
            request,
            _(
                "Done. We sent an email to %(email)s. If this address has no "
                "account yet, the role starts as soon as the person makes one."
            )
            % {"email": email},
        )
        return redirect("members:roles", slug=region.slug)
    return render(
        request,
        "members/roles.html",
        {
            "region": region,
            "access": access,
            "form": form,
            "region_roles": selectors.region_roles(region=region),
        },
    )


@region_permission_required("can_export")
def processing_register(request, *, region, access):
    """The processing register (verwerkingsregister) for the region's privacy
    officer, from the registry of personal data (banenmarkt/privacy.py)."""
    return csv_response(ProcessingRegisterExporter())


@require_POST
@region_permission_required("can_manage_roles")
@reauthentication_required
def role_remove(request, pk, *, region, access):
    region_role = get_object_or_404(
        RegionRole.objects.select_related("user"), pk=pk, region=region
    )
    services.role_remove(region_role=region_role, by=request.user)
    messages.success(request, _("The role has been taken away."))
    return redirect(reverse("members:roles", kwargs={"slug": region.slug}))


@require_POST
@region_permission_required("can_manage_roles")
@reauthentication_required
def role_invitation_withdraw(request, pk, *, region, access):
    invitation = get_object_or_404(RoleInvitation, pk=pk, region=region)
    services.role_invitation_withdraw(invitation=invitation, by=request.user)
    messages.success(request, _("The role has been taken away."))
    return redirect(reverse("members:roles", kwargs={"slug": region.slug}))


# --- Invite links ----------------------------------------------------------------


def _invite_url(link: InviteLink) -> str:
    return absolute_url(reverse("members:invite", kwargs={"token": link.token}))


@login_not_required
def invite(request, token):
    """Where an invite link lands: what the region and its next fair are and
    how to join. Remembers the link (a cookie, no database write) so the
    request made afterwards counts for it; the first link of a region
    counts. An archived link still lands, kindly, and counts nobody."""
    link = selectors.invite_link_by_token(token=token)
    if link is None:
        raise Http404
    region = link.region
    moment = fair_moment(region=region)
    access = (
        region_access(request.user, region) if request.user.is_authenticated else None
    )
    response = render(
        request,
        "members/invite.html",
        {
            "link": link,
            "region": region,
            "next_fair": moment.live or moment.upcoming,
            "access": access,
            "join_url": reverse("members:join", kwargs={"slug": region.slug}),
        },
    )
    tokens = _invite_tokens(request)
    already_in = access is not None and access.membership is not None
    if link.is_active and not already_in and token not in tokens:
        # The first link per region counts; one switched off since no longer
        # does, so a later active link of that region takes its place.
        earlier = [
            other
            for other in selectors.invite_links_by_tokens(tokens=tokens)
            if other.is_active or other.region_id != region.pk
        ]
        if not any(other.region_id == region.pk for other in earlier):
            _invite_tokens_set(response, [t.token for t in earlier] + [token])
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@region_permission_required("is_project_team")
def invite_links(request, *, region, access):
    """The region's invite links with how many came through each, and a form
    for a new one."""
    form = InviteLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link = services.invite_link_create(
                region=region,
                channel=form.cleaned_data["channel"],
                name=form.cleaned_data["name"],
                by=request.user,
                bsn_flagged=form.bsn_flagged_fields,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The invite link “%(name)s” is ready to share.")
                % {"name": link.name},
            )
            return redirect(
                reverse("members:invite-links", kwargs={"slug": region.slug})
                + f"#link-{link.pk}"
            )
    moment = fair_moment(region=region)
    next_fair = moment.live or moment.upcoming
    rows = []
    for link in selectors.invite_links(region=region):
        url = _invite_url(link)
        row = {"link": link, "url": url}
        if link.channel == InviteLink.Channel.POSTER and link.is_active:
            row["qr"] = qr_svg(
                url, label=_("QR code of the link “%(name)s”") % {"name": link.name}
            )
        if link.channel == InviteLink.Channel.CASEWORKER and link.is_active:
            row["message"] = _(
                "Hi, on %(date)s there is an online job fair in %(region)s: "
                "employers with vacancies, and you can put up a short "
                "introduction of yourself. Sign up through this link, it is "
                "free: %(url)s"
            ) % {
                "date": (
                    date_format(timezone.localtime(next_fair.starts_at), "l j F")
                    if next_fair
                    else _("the next fair day")
                ),
                "region": region.name,
                "url": url,
            }
        rows.append(row)
    return render(
        request,
        "members/invite_links.html",
        {
            "region": region,
            "access": access,
            "form": form,
            "rows": rows,
            "limit": InviteLink.MAX_ACTIVE_PER_REGION,
        },
    )


def _region_link(region, pk) -> InviteLink:
    return get_object_or_404(
        InviteLink.objects.select_related("region"), pk=pk, region=region
    )


@require_POST
@region_permission_required("is_project_team")
def invite_link_archive(request, pk, *, region, access):
    link = services.invite_link_archive(link=_region_link(region, pk), by=request.user)
    messages.success(
        request,
        _(
            "The link “%(name)s” is switched off. People who open it can still "
            "join, but they no longer count for it."
        )
        % {"name": link.name},
    )
    return redirect("members:invite-links", slug=region.slug)


@require_POST
@region_permission_required("is_project_team")
def invite_link_reactivate(request, pk, *, region, access):
    try:
        link = services.invite_link_reactivate(
            link=_region_link(region, pk), by=request.user
        )
    except ValidationError as error:
        _state_error(request, error)
    else:
        messages.success(
            request, _("The link “%(name)s” is on again.") % {"name": link.name}
        )
    return redirect("members:invite-links", slug=region.slug)


@region_permission_required("is_project_team")
def invite_link_qr(request, pk, *, region, access):
    """The link's QR code as an SVG file, to put on a poster."""
    link = _region_link(region, pk)
    response = HttpResponse(
        qr_svg_response_body(_invite_url(link)), content_type="image/svg+xml"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="uitnodiging-{region.slug}-{link.pk}.svg"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""After the fair: the lists staff work from. Region staff, project team and
platform admins only (`can_export`)."""

import contextlib
from datetime import date

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from banenmarkt.exports import csv_response, xlsx_response
from fairs import services as fair_services
from fairs.models import Edition, Region
from fairs.moments import fair_moment
from members.accounts import second_factor_missing, second_factor_redirect
from members.permissions import region_permission_required

from . import selectors, services
from .exports import PlacementExporter, VacancyListExporter
from .forms import (
    CallBackForm,
    KnownEmployerForm,
    KnownEmployerUploadForm,
    PlacementDeleteForm,
    PlacementForm,
    SurveyForm,
    UmbrellaVacancyForm,
)
from .live import region_figures
from .models import KnownEmployer, Placement, SurveyInvitation, organisation_key
from .report import edition_report as build
from .report import trend

FORMATS = {"csv": csv_response, "xlsx": xlsx_response}


@region_permission_required("can_export")
def after_fair(request, *, region, access):
    now = timezone.now()  # once, so the panel and the list agree
    return render(
        request,
        "placements/after_fair.html",
        {
            "region": region,
            "access": access,
            "moment": fair_moment(region=region, now=now),
            "editions": selectors.region_editions(region=region, now=now)[:12],
            "now": now,
            "several_regions": selectors.export_regions(user=request.user).count() > 1,
        },
    )


@region_permission_required("can_export")
@reauthentication_required
def vacancy_list(request, pk, fmt, *, region, access):
    edition = get_object_or_404(Edition, pk=pk, region=region)
    exporter = VacancyListExporter(
        publications=selectors.vacancies_offered(editions=[edition]),
        filename=f"vacaturelijst-{region.slug}-{edition.starts_at:%Y-%m-%d}",
        absolute=request.build_absolute_uri,
    )
    return FORMATS[fmt](exporter)


@reauthentication_required
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
    if second_factor_missing(request.user):
        return second_factor_redirect(request)
    editions = Edition.objects.filter(region__in=regions, starts_at__date=fair_day)
    exporter = VacancyListExporter(
        publications=selectors.vacancies_offered(editions=editions),
        filename=f"vacaturelijst-{fair_day:%Y-%m-%d}",
        absolute=request.build_absolute_uri,
    )
    return FORMATS[fmt](exporter)


@region_permission_required("can_export")
def call_back_list(request, pk, *, region, access):
    """Phone every employer that took part: progress, a share per staff
    member, and "nieuw" for employers the region does not know yet."""
    edition = get_object_or_404(Edition, pk=pk, region=region)
    staff = list(selectors.region_staff(region=region))
    if request.method == "POST":
        chosen = request.POST.getlist("organisation")
        assignee_id = request.POST.get("assignee", "")
        assignee = next((u for u in staff if str(u.pk) == assignee_id), None)
        if not chosen:
            messages.warning(request, _("Select at least one organisation."))
        elif assignee_id and assignee is None:
            messages.warning(request, _("Choose a colleague from the list."))
        else:
            count = services.call_backs_assign(
                region=region, edition=edition, organisations=chosen, assignee=assignee
            )
            messages.success(
                request,
                ngettext(
                    "%(count)d organisation assigned.",
                    "%(count)d organisations assigned.",
                    count,
                )
                % {"count": count},
            )
        return redirect(request.get_full_path())
    all_rows = selectors.call_back_rows(region=region, edition=edition)
    called = sum(1 for row in all_rows if row["call"] and row["call"].called_at)
    mine = request.GET.get("wie") == "mij"
    rows = all_rows
    if mine:
        rows = [
            r for r in rows if r["call"] and r["call"].assigned_to_id == request.user.pk
        ]
    return render(
        request,
        "placements/call_backs.html",
        {
            "region": region,
            "access": access,
            "edition": edition,
            "rows": rows,
            "called": called,
            "total": len(all_rows),
            "staff": staff,
            "mine": mine,
        },
    )


@region_permission_required("can_export")
def call_back_record(request, pk, *, region, access):
    edition = get_object_or_404(Edition, pk=pk, region=region)
    organisation = (
        request.GET.get("organisatie") or request.POST.get("organisatie") or ""
    ).strip()
    row = next(
        (
            r
            for r in selectors.call_back_rows(region=region, edition=edition)
            if r["key"] == organisation_key(organisation)
        ),
        None,
    )
    if row is None:
        raise Http404
    form = CallBackForm(request.POST or None, instance=row["call"])
    if request.method == "POST" and form.is_valid():
        call = services.call_back_record(
            region=region,
            edition=edition,
            organisation=row["name"],
            caller=request.user,
            outcome=form.cleaned_data["outcome"],
            placements_reported=form.cleaned_data["placements_reported"],
            placement_names=form.cleaned_data["placement_names"],
            notes=form.cleaned_data["notes"],
            bsn_flagged=form.bsn_flagged_fields,
        )
        messages.success(
            request, _("The call to %(name)s is saved.") % {"name": row["name"]}
        )
        if call.placements_reported > call.placements.count():
            # The employer reported placements: record them right away.
            return redirect(
                "placements:call-back-placements",
                slug=region.slug,
                pk=edition.pk,
                call_pk=call.pk,
            )
        return redirect("placements:call-backs", slug=region.slug, pk=edition.pk)
    return render(
        request,
        "placements/call_back_form.html",
        {
            "region": region,
            "access": access,
            "edition": edition,
            "row": row,
            "form": form,
        },
    )


@region_permission_required("is_project_team")
def known_employers(request, *, region, access):
    """The project team keeps the list of employers the region already knows."""
    add_form = KnownEmployerForm(request.POST if "add" in request.POST else None)
    upload_form = KnownEmployerUploadForm(
        request.POST if "upload" in request.POST else None,
        request.FILES if "upload" in request.POST else None,
    )
    if request.method == "POST":
        try:
            if "add" in request.POST and add_form.is_valid():
                _employer, created = services.known_employer_add(
                    region=region,
                    name=add_form.cleaned_data["name"],
                    by=request.user,
                    bsn_flagged=add_form.bsn_flagged_fields,
                )
                messages.success(
                    request,
                    _("Added to the list.")
                    if created
                    else _("This employer was on the list already."),
                )
                return redirect("placements:known-employers", slug=region.slug)
            if "upload" in request.POST and upload_form.is_valid():
                added, known = services.known_employers_import(
                    region=region,
                    upload=upload_form.cleaned_data["file"],
                    by=request.user,
                )
                messages.success(
                    request,
                    _("%(added)d employers added, %(known)d were on the list already.")
                    % {"added": added, "known": known},
                )
                return redirect("placements:known-employers", slug=region.slug)
        except ValidationError as error:
            target = upload_form if "upload" in request.POST else add_form
            target.add_error(None, error)
    employers = KnownEmployer.objects.filter(region=region)
    return render(
        request,
        "placements/known_employers.html",
        {
            "region": region,
            "access": access,
            "employers": employers,
            "add_form": add_form,
            "upload_form": upload_form,
        },
    )


@region_permission_required("can_follow_up_pitches")
def pitches_without_reaction(request, *, region, access):
    """Pitches no employer reacted to (also during the fair), so caseworkers
    and staff can act on them."""

    edition = fair_moment(region=region).board
    page = None
    if edition is not None:
        page = Paginator(
            selectors.pitches_without_employer_reaction(region=region, edition=edition),
            50,
        ).get_page(request.GET.get("page"))
    return render(
        request,
        "placements/pitches_without_reaction.html",
        {"region": region, "access": access, "edition": edition, "page": page},
    )


def _placement_form(data, *, region, edition, initial, vacancies=None):
    return PlacementForm(
        data,
        initial=initial,
        job_seekers=selectors.edition_job_seekers(region=region, edition=edition),
        vacancies=vacancies
        if vacancies is not None
        else selectors.vacancies_offered(editions=[edition]).filter(region=region),
        umbrella=region.booking_mode == Region.BookingMode.UMBRELLA,
    )


@region_permission_required("can_export")
def call_back_placements(request, pk, call_pk, *, region, access):
    """Right after a call in which the employer reported placements: record
    them one by one, prefilled with the organisation, its vacancy at the fair
    and "call-back", and linked to the call."""
    edition = get_object_or_404(Edition, pk=pk, region=region)
    call = selectors.call_back_of(region=region, edition=edition, pk=call_pk)
    if call is None:
        raise Http404
    vacancies = selectors.organisation_vacancies(
        region=region, edition=edition, key=call.key
    )
    initial = {
        "employer": call.organisation,
        "source": Placement.Source.CALL_BACK,
        "vacancy": vacancies[0] if len(vacancies) == 1 else None,
    }
    form = _placement_form(
        request.POST or None,
        region=region,
        edition=edition,
        initial=initial,
        vacancies=vacancies,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_record(
                region=region,
                edition=edition,
                recorded_by=request.user,
                call_back=call,
                bsn_flagged=form.bsn_flagged_fields,
                **form.placement_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            recorded = call.placements_recorded + 1
            messages.success(
                request,
                _("Placement %(recorded)d of %(reported)d is recorded.")
                % {"recorded": recorded, "reported": call.placements_reported},
            )
            if recorded >= call.placements_reported:
                return redirect(
                    "placements:call-backs", slug=region.slug, pk=edition.pk
                )
            return redirect(request.path)
    return render(
        request,
        "placements/call_back_placements.html",
        {
            "region": region,
            "access": access,
            "edition": edition,
            "call": call,
            "form": form,
            "umbrella": region.booking_mode == Region.BookingMode.UMBRELLA,
            "placements": selectors.edition_placements(
                region=region, edition=edition
            ).filter(call_back=call),
        },
    )


def _placement_of(region, edition_pk, placement_pk):
    """One placement of the edition, with the job seeker's display name in
    the region (as on the list), never their account name."""
    edition = get_object_or_404(Edition, pk=edition_pk, region=region)
    return get_object_or_404(
        selectors.edition_placements(region=region, edition=edition),
        pk=placement_pk,
    )


@region_permission_required("can_export")
def placement_edit(request, pk, placement_pk, *, region, access):
    """Correct a placement: whoever may record placements may correct them."""
    placement = _placement_of(region, pk, placement_pk)
    edition = placement.edition
    job_seekers = selectors.edition_job_seekers(region=region, edition=edition)
    form = _placement_form(
        request.POST or None,
        region=region,
        edition=edition,
        initial=PlacementForm.initial_from(placement, job_seekers=job_seekers),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_correct(
                placement=placement,
                by=request.user,
                bsn_flagged=form.bsn_flagged_fields,
                **form.placement_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The placement is corrected."))
            return redirect("placements:placements", slug=region.slug, pk=edition.pk)
    return render(
        request,
        "placements/placement_edit.html",
        {
            "region": region,
            "access": access,
            "edition": edition,
            "placement": placement,
            "form": form,
            "umbrella": region.booking_mode == Region.BookingMode.UMBRELLA,
        },
    )


@region_permission_required("can_export")
def placement_delete(request, pk, placement_pk, *, region, access):
    """Delete a placement recorded by mistake, with a reason for the audit
    log."""
    placement = _placement_of(region, pk, placement_pk)
    form = PlacementDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.placement_delete(
            placement=placement,
            by=request.user,
            reason=form.reason_text(),
            bsn_flagged=form.bsn_flagged_fields,
        )
        messages.success(request, _("The placement is deleted."))
        return redirect("placements:placements", slug=region.slug, pk=pk)
    return render(
        request,
        "placements/placement_delete.html",
        {
            "region": region,
            "access": access,
            "edition": placement.edition,
            "placement": placement,
            "form": form,
        },
    )


@region_permission_required("can_export")
def placements(request, pk, *, region, access):
    """Record placements of an edition and see them; in an umbrella region the
    project team first sets the umbrella vacancy's number."""

    edition = get_object_or_404(Edition, pk=pk, region=region)
    umbrella = region.booking_mode == Region.BookingMode.UMBRELLA
    form = _placement_form(
        request.POST if "record" in request.POST else None,
        region=region,
        edition=edition,
        initial={"employer": request.GET.get("organisatie", ""), "source": "call_back"},
    )
    umbrella_form = UmbrellaVacancyForm(
        request.POST if "umbrella" in request.POST else None,
        initial={"number": edition.umbrella_vacancy_number},
    )
    if request.method == "POST":
        if "umbrella" in request.POST:
            if not access.is_project_team:
                raise PermissionDenied
            if umbrella_form.is_valid():
                fair_services.edition_set_umbrella_vacancy(
                    edition=edition,
                    number=umbrella_form.cleaned_data["number"],
                    by=request.user,
                    bsn_flagged=umbrella_form.bsn_flagged_fields,
                )
                messages.success(request, _("The umbrella vacancy's number is saved."))
                return redirect(request.path)
        elif form.is_valid():
            try:
                services.placement_record(
                    region=region,
                    edition=edition,
                    recorded_by=request.user,
                    bsn_flagged=form.bsn_flagged_fields,
                    **form.placement_fields(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The placement is recorded. Well done!"))
                return redirect(request.path)
    return render(
        request,
        "placements/placements.html",
        {
            "region": region,
            "access": access,
            "edition": edition,
            "umbrella": umbrella,
            "form": form,
            "umbrella_form": umbrella_form,
            "placements": selectors.edition_placements(region=region, edition=edition),
        },
    )


@region_permission_required("can_export")
@reauthentication_required
def placements_export(request, pk, fmt, *, region, access):
    edition = get_object_or_404(Edition, pk=pk, region=region)
    exporter = PlacementExporter(
        placements=selectors.edition_placements(region=region, edition=edition),
        filename=f"plaatsingen-{region.slug}-{edition.starts_at:%Y-%m-%d}",
    )
    return FORMATS[fmt](exporter)


@login_not_required
def survey(request, token):
    """The survey behind the link in the email: no login needed, the secret
    token is the key. Voluntary, one answer per invitation, may be anonymous."""
    invitation = get_object_or_404(
        SurveyInvitation.objects.select_related("edition__region", "membership"),
        token=token,
    )
    form = SurveyForm(request.POST or None)
    if invitation.is_answered:
        return render(
            request, "placements/survey_done.html", {"invitation": invitation}
        )
    if request.method == "POST" and form.is_valid():
        # ValidationError: answered in another tab at the same moment.
        with contextlib.suppress(ValidationError):
            services.survey_answer(
                token=token,
                anonymous=form.cleaned_data["anonymous"],
                bsn_flagged=form.bsn_flagged_fields,
                **form.answers(),
            )
        return render(
            request, "placements/survey_done.html", {"invitation": invitation}
        )
    return render(
        request, "placements/survey.html", {"invitation": invitation, "form": form}
    )


@require_POST
@region_permission_required("is_project_team")
def survey_send(request, pk, *, region, access):
    edition = get_object_or_404(Edition, pk=pk, region=region)
    count = services.survey_invite(edition=edition)
    messages.success(
        request,
        ngettext(
            "%(count)d job seeker invited.", "%(count)d job seekers invited.", count
        )
        % {"count": count},
    )
    return redirect("placements:after-fair", slug=region.slug)


@region_permission_required("can_export")
def edition_report(request, pk, *, region, access):
    """The edition's figures (counts only, no names): for the project team
    and for WSP staff, who record the placements and account for them."""

    edition = get_object_or_404(Edition, pk=pk, region=region)
    return render(
        request,
        "placements/report.html",
        {
            "region": region,
            "access": access,
            "report": build(region=region, edition=edition),
            # The live dashboard's figures open the report ("The morning
            # in figures"), without the queue of the moment.
            "morning": region_figures(region=region, edition=edition, queue=False),
            "trend": trend(region=region, until=edition),
        },
    )

"""The guided pitch: a pitch posted in five short steps with a preview, for
people with low digital skills (issue 15; docs/board.md, "The guided pitch").

Plain forms, one POST per step, so it works without JavaScript. What a step
checked is kept in the member's draft (`PitchDraft`) on the server, so they
can leave halfway and come back in a new session; publishing checks every
step again and goes through `services.post_create` like any post. Editing a
published pitch stays the single page of `views.post_edit`. A module of its
own so the board's views.py stays readable."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banenmarkt.privacy import retention
from banenmarkt.security import client_ip
from members import selectors as member_selectors

from . import selectors, services
from .forms import PITCH_STEPS, PitchForm, PitchStep, step_form_data
from .models import Post
from .views import cv_scan_message, published_message

LAST_STEP = len(PITCH_STEPS)
# Kept in the draft beside the steps: the region whose board the member came
# from, the first choice in step 5.
REGION_HINT = "region_hint"


def _form_kwargs(request, draft) -> dict:
    return {
        "can_post_on_behalf": member_selectors.posts_on_behalf_of_clients(
            user=request.user
        ),
        "regions": member_selectors.author_regions(user=request.user),
        "draft": draft,
    }


def _no_regions(request):
    messages.info(request, _("Join a region first; then you can post."))
    return redirect("members:dashboard")


def _next_step(draft) -> int:
    return min((draft.step_done if draft else 0) + 1, LAST_STEP)


def pitch_start(request):
    """Where "Post a pitch" leads: the five steps, the privacy tips, and a
    draft to continue or discard when the member left one halfway."""
    if not member_selectors.author_regions(user=request.user).exists():
        return _no_regions(request)
    draft = selectors.pitch_draft_of(user=request.user)
    return render(
        request,
        "fairs/pitch_start.html",
        {
            "steps": PITCH_STEPS,
            "draft": draft,
            "next_step": _next_step(draft),
            "finished": draft is not None and draft.step_done >= LAST_STEP,
            "draft_days": retention("pitch_draft").days,
            "region": request.GET.get("regio", ""),
        },
    )


def _initial(request, step: PitchStep, draft, kwargs) -> dict:
    if draft is not None and step.key in draft.values:
        return draft.values[step.key]
    if step.key == "regions":
        regions = kwargs["regions"]
        # "Post a pitch" on a region's board names that region.
        hint = request.GET.get("regio") or (
            draft.values.get(REGION_HINT) if draft else ""
        )
        chosen = regions.filter(slug=hint or "")
        return {"regions": list((chosen or regions).values_list("pk", flat=True)[:1])}
    return {}


def pitch_step(request, number):
    if not 1 <= number <= LAST_STEP:
        raise Http404
    kwargs = _form_kwargs(request, None)
    if not kwargs["regions"].exists():
        return _no_regions(request)
    draft = selectors.pitch_draft_of(user=request.user)
    kwargs["draft"] = draft
    if number > _next_step(draft):
        # Steps are filled in order; a later one waits for the earlier ones.
        return redirect("fairs:pitch-step", number=_next_step(draft))
    step = PITCH_STEPS[number - 1]
    if request.method != "POST":
        form = step.form_class(initial=_initial(request, step, draft, kwargs), **kwargs)
    else:
        form = step.form_class(request.POST, request.FILES, **kwargs)
        valid = form.is_valid()
        back = "back" in request.POST
        if valid or back:
            # Back keeps what passed the checks; nothing refused is kept.
            kept = draft.values.get(step.key, {}) if draft else {}
            values = (
                form.step_values()
                if valid
                else {**kept, **form.step_values(valid_only=True)}
            )
            upload = form.cleaned_data.get("cv_upload") if valid else None
            services.pitch_draft_save(
                author=request.user,
                step=step.key,
                number=number,
                values=values,
                done=valid and not back,
                cv_file=upload,
                cv_needs_ocr=getattr(form, "cv_needs_ocr", False),
                remove_cv=valid and bool(form.cleaned_data.get("remove_cv")),
                extra={REGION_HINT: request.GET["regio"][:50]}
                if request.GET.get("regio")
                else None,
            )
            if back:
                if number == 1:
                    return redirect("fairs:pitch-create")
                return redirect("fairs:pitch-step", number=number - 1)
            if number == LAST_STEP:
                return redirect("fairs:pitch-preview")
            return redirect("fairs:pitch-step", number=number + 1)
    return render(
        request,
        "fairs/pitch_step.html",
        {
            "form": form,
            "step": step,
            "steps": PITCH_STEPS,
            "last_step": LAST_STEP,
            "reachable": _next_step(draft),
            "draft": draft,
        },
    )


def _checked(draft, kwargs):
    """Every step checked again from the draft: (fields, regions, bsn_flag),
    or the number of the first step that does not pass (a membership may
    have ended, a region gone since)."""
    fields, regions, flagged = {}, [], False
    for step in PITCH_STEPS:
        form = step.form_class(
            data=step_form_data(draft.values.get(step.key, {})), **kwargs
        )
        if draft.step_done < step.number or not form.is_valid():
            return step.number
        # Written for a client, but the author may no longer post for
        # clients (the membership ended): never publish it as their own.
        if draft.values.get(step.key, {}).get("on_behalf") and (
            "on_behalf" not in form.fields
        ):
            return step.number
        if step.key == "regions":
            regions = list(form.cleaned_data["regions"])
            continue
        flagged = flagged or bool(form.bsn_flagged_fields)
        fields.update(
            (name, value)
            for name, value in form.cleaned_data.items()
            if name in PitchForm.Meta.fields
        )
    return fields, regions, flagged


def pitch_preview(request):
    """The pitch as members will see it, with Publish and Ready for the fair."""
    kwargs = _form_kwargs(request, None)
    if not kwargs["regions"].exists():
        return _no_regions(request)
    draft = selectors.pitch_draft_of(user=request.user)
    if draft is None:
        return redirect("fairs:pitch-create")
    kwargs["draft"] = draft
    checked = _checked(draft, kwargs)
    if isinstance(checked, int):
        messages.warning(
            request,
            _("Step %(number)s is not complete yet. Check it and choose Next.")
            % {"number": checked},
        )
        return redirect("fairs:pitch-step", number=checked)
    fields, regions, bsn_flag = checked
    error = None
    if request.method == "POST":
        try:
            post = services.pitch_draft_publish(
                draft=draft,
                regions=regions,
                fields=fields,
                schedule_when_closed="schedule" in request.POST,
                bsn_flag=bsn_flag,
                ip=client_ip(request),
            )
        except services.DraftGone:
            messages.info(request, _("Your pitch has already been posted."))
            return redirect("fairs:my-posts")
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, published_message(post))
            cv_scan_message(request, draft.cv_needs_ocr)
            return redirect("fairs:my-posts")
    preview = Post(kind=Post.Kind.PITCH, author=request.user, **fields)
    author_name = member_selectors.display_names(
        region_ids=[regions[0].pk], user_ids=[request.user.pk]
    ).get((regions[0].pk, request.user.pk), "")
    return render(
        request,
        "fairs/pitch_preview.html",
        {
            "post": preview,
            "draft": draft,
            "regions": regions,
            "author_name": author_name,
            "error": error,
            "steps": PITCH_STEPS,
            "last_step": LAST_STEP,
        },
    )


@require_POST
def pitch_discard(request):
    """Throw away the draft (and its CV) to start again."""
    draft = selectors.pitch_draft_of(user=request.user)
    if draft is not None:
        services.pitch_draft_delete(draft=draft)
        messages.success(request, _("Your draft has been deleted."))
    return redirect(reverse("fairs:pitch-create"))

"""The calendar's public pages (no login; marked in urls.py) and the board,
for members, moderators and staff of a region only."""

import dataclasses
import re

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import Context, engines
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from banenmarkt import page_copy
from banenmarkt.cache import read_ahead
from banenmarkt.privacy import registry as privacy_registry
from banenmarkt.security import client_ip
from members import selectors as member_selectors
from members.accounts import has_second_factor, second_factor_redirect
from members.permissions import (
    RegionPermissionMixin,
    access_from,
    readable_regions_with_access,
    region_access,
    region_permission_required,
    regions_with_access,
)

from . import board_cache, ical, retention, selectors, services, visits
from .forms import (
    BoardFilterForm,
    PitchForm,
    ReactionForm,
    VacancyForm,
    vacancy_initial,
)
from .models import Post, Publication, Reaction, Region
from .moments import fair_moment

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

    def get_context_data(self, **kwargs):
        # The privacy statement says what is kept, why and how long from the
        # registry of personal data, so it cannot drift from the code.
        return super().get_context_data(personal_data=privacy_registry(), **kwargs)


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


# --- The board -----------------------------------------------------------------


def _id_param(value) -> int | None:
    """An id from the query string: ASCII digits only ("²".isdigit() is
    true, and int() refuses it) and no longer than an id can be."""
    return int(value) if value and re.fullmatch(r"[0-9]{1,18}", value) else None


def _page_number(request) -> int:
    try:
        return int(request.GET.get("page", 1))
    except ValueError:
        return 1


def _result_count(page, filters: dict) -> str:
    """ "12 vacatures gevonden" on a filtered board (announced politely)."""
    if page is None or page.total is None:
        return ""
    count = page.total
    if filters.get("kind") == Post.Kind.VACANCY:
        text = ngettext("%(count)d vacancy found", "%(count)d vacancies found", count)
    elif filters.get("kind") == Post.Kind.PITCH:
        text = ngettext("%(count)d pitch found", "%(count)d pitches found", count)
    else:
        text = ngettext("%(count)d post found", "%(count)d posts found", count)
    return text % {"count": count}


class BoardView(RegionPermissionMixin, TemplateView):
    """The region's board: members, moderators and staff only (closed group).
    Six queries at most, whatever the page, filters or number of posts. The
    filters, cards and pagination come from the shared copy, and the
    region's editions from beside it (fairs.board_cache), when there is one;
    the whole page, but for its personal parts, is kept too, per set of
    rights and moment (`_page_parts`): then two queries (the user, the
    region with the visitor's rights) and no page rendering."""

    template_name = "fairs/board.html"
    region_permission = "can_view_board"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        content = context.pop("content")
        since = context.pop("since")
        key = board_cache.page_key(
            region_id=self.region.pk,
            edition_id=context["edition"].pk if context["edition"] else 0,
            parameters=request.GET,
            valid=context.pop("valid"),
            live=context["live"],
            parts=self._page_parts(context),
        )
        if context["edition"] is None or key is None:
            context["board_content"] = self._for_viewer(content(), since)
            return self.render_to_response(context)
        version, kept = board_cache.kept_page(region_id=self.region.pk, key=key)
        if kept is None:
            built = content()
            kept = board_cache.BoardPage(
                page=page_copy.render_copy(
                    request,
                    self.template_name,
                    # Our own rendering, with the cards' markers unfilled.
                    context | {"board_content": mark_safe(built.html)},  # noqa: S308 # nosec B308, B703
                ),
                cards=built.cards,
            )
            board_cache.keep_page(key=key, version=version, page=kept)
        cards_filled = self._for_viewer(
            board_cache.BoardContent(html=kept.page.html, cards=kept.cards), since
        )
        return HttpResponse(
            page_copy.fill(request, dataclasses.replace(kept.page, html=cards_filled))
        )

    def _for_viewer(self, content, since):
        return content.for_viewer(
            since=since,
            viewer_id=self.request.user.pk,
            new_reaction_counts=selectors.new_reaction_counts,
        )

    def _page_parts(self, context) -> tuple:
        """What the page around the content depends on: the path, the
        visitor's rights (the region menu, the posting buttons) and the
        editions' states by the clock (the notes about a closed or coming
        fair, "Open now")."""
        access, moment, now = self.access, context["moment"], context["moment"].now

        def state(edition):
            return (edition.pk, edition.status(now)) if edition else None

        return (
            self.request.path,
            (
                access.is_admin,
                access.can_view_board,
                access.is_moderator,
                access.is_project_team,
                access.can_follow_up_pitches,
                access.can_export,
                access.can_manage_roles,
                bool(access.membership and access.membership.posts_pitches),
            ),
            state(context["edition"]),
            tuple(state(edition) for edition in context["editions"]),
            state(moment.live),
            state(moment.upcoming),
            state(moment.board),
            state(context["next_fair"]),
        )

    def get_context_data(self, **kwargs):
        now = timezone.now()
        parameters = self.request.GET
        # Without a filter in the query string (none, or only a page or an
        # edition) no form is made (its fields are copied per form: a tenth
        # of a kept page's time, and page 50 was slower than page 1 by
        # that); the copy's build makes one.
        filtered = bool(set(parameters) - {"page", "editie"})
        filter_form = BoardFilterForm(parameters) if filtered else None
        filters = filter_form.filters() if filter_form else {}
        # The calendar and the visit markers, in the header's round trip.
        read_ahead(
            self.request,
            [
                *board_cache.calendar_keys(self.region.pk),
                visits.visits_key(self.request.user.pk),
            ],
        )
        edition, editions, moment = selectors.board_editions(
            region=self.region,
            edition_id=_id_param(parameters.get("editie")),
            now=now,
            request=self.request,
        )
        since = visits.board_visit(
            user=self.request.user, region=self.region, now=now, request=self.request
        )
        number = _page_number(self.request)
        live = _live_board(moment, edition, number, filters)
        valid = filter_form is None or filter_form.is_valid()

        def build() -> board_cache.BoardContent:
            form = filter_form or BoardFilterForm()
            page = None
            if edition is not None:
                page = selectors.board_page(
                    region=self.region, edition=edition, filters=filters, number=number
                )
            html = _fragment(
                self.request,
                "fairs/_board_content.html",
                {
                    "region": self.region,
                    "edition": edition,
                    "page": page,
                    "filter_form": form,
                    "filter_form_html": _empty_filter_form(self.request, edition, form),
                    "result_count": _result_count(page, filters),
                    "live": live,
                    "poll_seconds": settings.BOARD_POLL_SECONDS,
                    "card_markers": True,
                    "publication_url": publication_url_prefix(self.region.slug),
                },
            )
            cards = [
                board_cache.Card(
                    pk=publication.pk,
                    published_at=publication.published_at,
                    author_id=publication.post.author_id,
                    last_reaction_at=publication.last_reaction_at,
                )
                for publication in (page.items if page else [])
            ]
            return board_cache.BoardContent(html=html, cards=cards)

        def content() -> board_cache.BoardContent:
            if edition is None:
                return build()
            return board_cache.board_content(
                region_id=self.region.pk,
                edition_id=edition.pk,
                parameters=parameters,
                valid=valid,
                live=live,
                build=build,
            )

        # Between fairs the board stays on the last fair and shows beside it
        # what is already placed for the next one.
        next_fair = None
        if edition is not None and edition == moment.board and moment.between_fairs:
            next_fair = moment.upcoming
        next_posts = None
        if (
            next_fair is not None
            and self.region.posting_policy == Region.PostingPolicy.OPEN
        ):
            next_posts = selectors.next_fair_preview(
                region=self.region, edition=next_fair
            )
        return super().get_context_data(
            edition=edition,
            editions=editions,
            moment=moment,
            next_fair=next_fair,
            next_posts=next_posts,
            content=content,
            since=since,
            valid=valid,
            live=live,
            **kwargs,
        )


def publication_url_prefix(region_slug: str) -> str:
    """The address of a region's post pages without the id (`<prefix><pk>/`):
    one reverse() for a page of cards rather than two per card."""
    return reverse(
        "fairs:publication", kwargs={"slug": region_slug, "pk": 0}
    ).removesuffix("0/")


def _fragment(request, template_name: str, context: dict) -> str:
    """A part of a page rendered from `context` alone: no context processors
    (the header's counts are not part of it), and the request only for
    `{% querystring %}`."""
    template = engines["django"].get_template(template_name).template
    bound = Context({"request": request, **context}, autoescape=True)
    bound.request = request
    return template.render(bound)


# The board's filter form without filters, rendered once per language and
# edition link: its choices are fixed, and it took a sixth of a board request
# (docs/performance.md).
_EMPTY_FILTER_FORMS: dict[tuple, str] = {}


def _empty_filter_form(request, edition, filter_form) -> str:
    if filter_form.is_bound and set(request.GET) - {"page", "editie"}:
        return ""
    key = (
        get_language(),
        edition.pk if edition and request.GET.get("editie") else None,
    )
    html = _EMPTY_FILTER_FORMS.get(key)
    if html is None:
        if len(_EMPTY_FILTER_FORMS) > 200:
            _EMPTY_FILTER_FORMS.clear()
        html = _fragment(
            request,
            "fairs/_board_filters.html",
            {"edition": edition, "filter_form": BoardFilterForm(), "result_count": ""},
        )
        _EMPTY_FILTER_FORMS[key] = html
    return html


def _live_board(moment, edition, number: int, filters: dict) -> bool:
    """The board updates itself (polls) only where new posts belong: during
    the fair, on its first page, unfiltered. Elsewhere a new post would
    land out of order or outside the filter: the page is read as it was."""
    return bool(
        moment.live is not None
        and edition == moment.live
        and number <= 1
        and not filters
    )


@region_permission_required("can_view_board")
def board_newer(request, *, region, access):
    """The live board's poll (`?na=<id of the newest post shown>`): the posts
    published since, to add on top, and a polite announcement. Outside the
    fair it answers an empty poller that stops polling. Reads only (the
    visit marker is in the cache)."""
    now = timezone.now()
    moment = fair_moment(region=region, now=now)
    after = _id_param(request.GET.get("na")) or 0
    newer = []
    if moment.live is not None:
        newer = selectors.board_newer(region=region, edition=moment.live, after=after)
        visits.board_visit(user=request.user, region=region, now=now)
    return render(
        request,
        "fairs/_board_newer.html",
        {
            "region": region,
            "newer": newer,
            "live": moment.live is not None,
            "newest": newer[0].pk if newer else after,
            "publication_url": publication_url_prefix(region.slug),
            "poll_seconds": settings.BOARD_POLL_SECONDS,
        },
    )


class ThemeCornersView(RegionPermissionMixin, TemplateView):
    template_name = "fairs/theme_corners.html"
    region_permission = "can_view_board"

    def get_context_data(self, **kwargs):
        # The fair that matters now, from the calendar kept with the board.
        edition, _editions, _moment = selectors.board_editions(region=self.region)
        corners = (
            selectors.theme_corners(region=self.region, edition=edition)
            if edition
            else []
        )
        return super().get_context_data(
            edition=edition,
            corners=corners,
            pitch_count=sum(corner["count"] for corner in corners),
            # One reverse() for the links of up to 60 pitches.
            publication_url=publication_url_prefix(self.region.slug),
            board_url=reverse("fairs:board", kwargs={"slug": self.region.slug}),
            **kwargs,
        )


class CombinedBoardView(TemplateView):
    """All my regions' boards in one list, each post once."""

    template_name = "fairs/board_combined.html"

    def get_context_data(self, **kwargs):
        regions = [
            region
            for region in readable_regions_with_access(self.request.user)
            if access_from(self.request.user, region).can_view_board
        ]
        filter_form = BoardFilterForm(self.request.GET or None)
        page = selectors.combined_board_page(
            region_ids=[r.pk for r in regions],
            filters=filter_form.filters(),
            number=_page_number(self.request),
        )
        new = {
            row["id"]: row["count"]
            for row in visits.counts_cached(self.request.user, self.request)["regions"]
        }
        for region in regions:
            region.new_count = new.get(region.pk, 0)
        prefixes = {}
        for post in page.items if page else []:
            for publication in post.board_publications:
                slug = publication.region.slug
                if slug not in prefixes:
                    prefixes[slug] = publication_url_prefix(slug)
                publication.url = f"{prefixes[slug]}{publication.pk}/"
        return super().get_context_data(
            regions=regions,
            page=page,
            filter_form=filter_form,
            filter_form_html=_empty_filter_form(self.request, None, filter_form),
            result_count=_result_count(page, filter_form.filters()),
            **kwargs,
        )


@region_permission_required("can_view_board")
def publication_detail(request, pk, *, region, access):
    publication, reactions = selectors.publication_detail(
        region=region,
        pk=pk,
        viewer=request.user,
        is_moderator=access.is_moderator,
        since=visits.board_since(user=request.user, region=region),
    )
    form = ReactionForm(request.POST or None)
    if request.method == "POST":
        if publication.status != Publication.Status.PUBLISHED:
            raise PermissionDenied
        if form.is_valid():
            parent = None
            if form.cleaned_data.get("parent"):
                parent = get_object_or_404(
                    Reaction, pk=form.cleaned_data["parent"], publication=publication
                )
            try:
                reaction = services.reaction_create(
                    publication=publication,
                    author=request.user,
                    text=form.cleaned_data["text"],
                    parent=parent,
                    ip=client_ip(request),
                    bsn_flagged=form.bsn_flagged_fields,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your reaction has been placed."))
                return redirect(f"{request.path}#reactie-{reaction.pk}")
    return render(
        request,
        "fairs/publication_detail.html",
        {
            "region": region,
            "access": access,
            "publication": publication,
            "post": publication.post,
            "reactions": reactions,
            "form": form,
            "is_author": publication.post.author_id == request.user.pk,
        },
    )


@region_permission_required("can_view_board")
def cv_download(request, pk, *, region, access):
    """Every download is checked and logged: no public URL for a CV exists."""
    publication = get_object_or_404(
        Publication.objects.select_related("post"),
        pk=pk,
        region=region,
        status=Publication.Status.PUBLISHED,
        post__kind=Post.Kind.PITCH,
    )
    post = publication.post
    if not post.cv:
        raise Http404
    if (access.roles or access.is_admin) and not has_second_factor(request.user):
        # Someone with a role downloads CVs only after the second step
        # (members/accounts.py); members download as members.
        return second_factor_redirect(request)
    # A scan is downloadable once read; while it waits for a moderator, the
    # region's moderators download it to check it.
    checking = post.cv_state == Post.CvState.MODERATOR and access.is_moderator
    if not post.cv_downloadable and not checking:
        return render(
            request,
            "fairs/cv_waiting.html",
            {"region": region, "publication": publication},
            status=409,
        )
    try:
        services.cv_view_record(post=post, region=region, viewer=request.user)
    except services.CvDownloadLimit:
        return render(request, "fairs/cv_limit.html", {"region": region}, status=429)
    extension = post.cv.name.rsplit(".", 1)[-1]
    response = FileResponse(
        post.cv.open("rb"),
        as_attachment=True,
        filename=f"cv-{slugify(post.title)[:40]}-{publication.pk}.{extension}",
        content_type=CV_CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


CV_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def vacancy_create(request):
    """A vacancy on one page. (A pitch is written in steps: pitch_views.)"""
    regions = member_selectors.author_regions(user=request.user)
    if not regions.exists():
        messages.info(request, _("Join a region first; then you can post."))
        return redirect("members:dashboard")
    initial = {"regions": list(regions.values_list("pk", flat=True)[:1])}
    if request.GET.get("regio"):
        initial["regions"] = list(
            regions.filter(slug=request.GET["regio"]).values_list("pk", flat=True)
        )
    membership = member_selectors.employer_membership(
        user=request.user, region_ids=initial["regions"]
    )
    initial |= vacancy_initial(user=request.user, membership=membership)
    form = VacancyForm(
        request.POST or None, request.FILES or None, regions=regions, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(
                author=request.user,
                kind=Post.Kind.VACANCY,
                regions=list(form.cleaned_data["regions"]),
                fields=form.post_fields(),
                schedule_when_closed="schedule" in request.POST,
                bsn_flag=form.bsn_flag,
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, published_message(post))
            return redirect("fairs:my-posts")
    return render(
        request,
        "fairs/post_form.html",
        {
            "form": form,
            "kind": Post.Kind.VACANCY,
            "is_pitch": False,
            "regions": regions,
        },
    )


def published_message(post: Post) -> str:
    """What a new post's author is told: published, or ready for the fair."""
    statuses = set(post.publications.values_list("status", flat=True))
    if statuses == {Publication.Status.SCHEDULED}:
        return _("Your post is ready and will be published when the fair opens.")
    if Publication.Status.SCHEDULED in statuses:
        return _(
            "Your post has been published. In regions where you can only post "
            "during the fair, it will be published when the fair opens."
        )
    return _("Your post has been published.")


def cv_scan_message(request, needs_ocr: bool) -> None:
    """A scanned CV waits for its BSN check: the author is told so."""
    if needs_ocr:
        messages.info(
            request,
            _(
                "Your CV is a scan. We first check it for a BSN. Until then, "
                "nobody can download it. This usually takes a few minutes."
            ),
        )


def post_edit(request, pk):
    post = get_object_or_404(
        Post, pk=pk, author=request.user, withdrawn_at__isnull=True
    )
    is_pitch = post.kind == Post.Kind.PITCH
    form_class = PitchForm if is_pitch else VacancyForm
    form = form_class(
        request.POST or None,
        request.FILES or None,
        instance=post,
        regions=Region.objects.none(),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        services.post_update(
            post=post,
            editor=request.user,
            fields=form.post_fields(),
            bsn_flag=form.bsn_flag,
        )
        messages.success(request, _("Your changes have been saved in every region."))
        cv_scan_message(request, getattr(form, "cv_needs_ocr", False))
        return redirect("fairs:my-posts")
    return render(
        request,
        "fairs/post_form.html",
        {"form": form, "kind": post.kind, "is_pitch": is_pitch, "post": post},
    )


def post_withdraw(request, pk):
    post = get_object_or_404(
        Post, pk=pk, author=request.user, withdrawn_at__isnull=True
    )
    if request.method == "POST":
        services.post_withdraw(post=post, user=request.user)
        messages.success(request, _("Your post has been withdrawn from every board."))
        return redirect("fairs:my-posts")
    return render(request, "fairs/post_withdraw.html", {"post": post})


def pitch_keep(request, token):
    """Keep a pitch that is about to be deleted, from the link in the warning
    (no login). GET shows one button: link checkers in mail filters open
    links, and must not keep anything; POST keeps it."""
    try:
        post = retention.pitch_keep_token_read(token)
    except (signing.BadSignature, ValueError, TypeError):
        return render(request, "fairs/pitch_keep.html", {"invalid": True}, status=400)
    if post is None:
        return render(request, "fairs/pitch_keep.html", {"gone": True}, status=404)
    kept = False
    if request.method == "POST":
        services.pitch_keep(post=post)
        kept = True
    return render(request, "fairs/pitch_keep.html", {"post": post, "kept": kept})


# The one-click answer under a reaction in "My posts": editable, and it
# counts as the follow-up like any reply.
QUICK_ANSWERS = {
    Post.Kind.VACANCY: gettext_lazy(
        "Thank you for your reaction! We will contact you."
    ),
    Post.Kind.PITCH: gettext_lazy("Thank you for your reaction! I will contact you."),
}


def _answer_form(reaction, kind, data=None) -> ReactionForm:
    return ReactionForm(
        data,
        auto_id=f"answer-{reaction.pk}-%s",
        initial={"text": QUICK_ANSWERS[kind]},
    )


class MyPostsView(TemplateView):
    """The author's posts, with per publication the reactions, how many are
    answered, and the ones still waiting, each with a ready answer."""

    template_name = "fairs/my_posts.html"

    def get_context_data(self, **kwargs):
        posts = selectors.my_posts(user=self.request.user)
        for post in posts:
            for publication in post.publications.all():
                for reaction in publication.open_reactions:
                    reaction.answer_form = _answer_form(reaction, post.kind)
        return super().get_context_data(
            posts=posts,
            pitch_first=member_selectors.posts_pitches_first(user=self.request.user),
            **kwargs,
        )


def reaction_answer(request, pk):
    """Answer a reaction on one's own post from "My posts" (the quick
    answer, as typed or changed). A refused answer comes back on a page of
    its own with what was typed."""
    reaction = get_object_or_404(
        Reaction.objects.select_related("publication__post", "publication__region"),
        pk=pk,
        parent=None,
        publication__post__author=request.user,
    )
    publication = reaction.publication
    region = regions_with_access(request.user).filter(pk=publication.region_id).first()
    if (
        publication.status != Publication.Status.PUBLISHED
        or region is None
        or not access_from(request.user, region).can_view_board
    ):
        raise PermissionDenied
    form = _answer_form(reaction, publication.post.kind, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reaction_create(
                publication=publication,
                author=request.user,
                text=form.cleaned_data["text"],
                parent=reaction,
                ip=client_ip(request),
                bsn_flagged=form.bsn_flagged_fields,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your answer is under the reaction."))
            return redirect(f"{reverse('fairs:my-posts')}#mine-{publication.post_id}")
    return render(
        request,
        "fairs/reaction_answer.html",
        {"reaction": reaction, "publication": publication, "form": form},
    )

"""Writes for regions and editions. Views, admin, commands and tasks call these."""

import logging
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from banenmarkt import limits
from banenmarkt.audit import audit_record, target_type
from banenmarkt.bsn import BsnFinding, scan
from banenmarkt.bsn_flags import bsn_flag_record
from banenmarkt.models import AuditEntry
from banenmarkt.outbox import enqueue_on_commit
from banenmarkt.security import security_event
from members.models import Membership

from . import cv, ocr
from .board_cache import board_changed
from .models import (
    CvView,
    Edition,
    PitchDraft,
    Post,
    Publication,
    Reaction,
    Region,
    Sector,
)
from .moments import fair_moment
from .schedule import fair_window, fair_window_display, national_fair_dates

logger = logging.getLogger(__name__)


@transaction.atomic
def editions_generate(
    *, now: datetime | None = None, months_ahead: int | None = None
) -> list[Edition]:
    """Create the national-schedule editions from today to `months_ahead` months
    on, for every region that follows the national schedule.

    Idempotent: an edition is keyed by (region, rule date), so a second run, or
    two runs at once (the unique constraint plus `ignore_conflicts`), creates
    nothing more, and an edition an admin moved or cancelled is left alone.
    Returns the editions it created.
    """
    now = now or timezone.now()
    months_ahead = settings.FAIR_MONTHS_AHEAD if months_ahead is None else months_ahead
    today = timezone.localdate(now)
    dates = national_fair_dates(
        start=today, end=today + relativedelta(months=months_ahead)
    )
    regions = list(Region.objects.filter(follows_national_schedule=True))
    existing = set(
        Edition.objects.filter(
            region__in=regions, scheduled_date__in=dates
        ).values_list("region_id", "scheduled_date")
    )
    new = []
    for region in regions:
        for day in dates:
            if (region.pk, day) in existing:
                continue
            starts_at, ends_at = fair_window(day)
            edition = Edition(
                region=region,
                kind=Edition.Kind.REGULAR,
                scheduled_date=day,
                starts_at=starts_at,
                ends_at=ends_at,
            )
            edition.full_clean(validate_constraints=False)
            new.append(edition)
    Edition.objects.bulk_create(new, ignore_conflicts=True)
    board_changed(region_ids={edition.region_id for edition in new})
    return new


@transaction.atomic
def edition_reschedule(
    *, edition: Edition, starts_at: datetime, ends_at: datetime
) -> Edition:
    """Move an edition (e.g. away from a holiday). The generator keeps knowing it
    by its rule date, so it never puts the edition back."""
    edition.starts_at, edition.ends_at = starts_at, ends_at
    edition.full_clean()
    edition.save()
    return edition


@transaction.atomic
def edition_add_extra(
    *, region: Region, starts_at: datetime, ends_at: datetime, title: str = ""
) -> Edition:
    """Add an edition outside the national rule (e.g. a themed reverse fair)."""
    edition = Edition(
        region=region,
        kind=Edition.Kind.EXTRA,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    edition.full_clean()
    edition.save()
    return edition


@transaction.atomic
def edition_set_cancelled(*, edition: Edition, cancelled: bool) -> Edition:
    """Cancel (or reinstate) an edition. Cancelling rather than deleting keeps the
    rule date taken, so the generator does not bring the edition back; its
    publications move to the next edition."""
    edition.is_cancelled = cancelled
    edition.full_clean()
    edition.save()
    if cancelled:
        publications_move_from_cancelled(edition=edition)
    return edition


# --- The board -----------------------------------------------------------------


class PostingWindowClosed(ValidationError):
    """A region that allows posting only during the fair is not open now."""


class NoEditionPlanned(ValidationError):
    """There is no edition to count the post for."""


class CvDownloadLimit(Exception):
    """A member downloaded an unusual number of CVs in a short time."""


def posting_edition(*, region: Region, now: datetime) -> tuple[Edition, bool]:
    """The edition a post in `region` counts for, and whether it may be
    published right now: the live edition, else the next one (open regions
    publish between fairs, fair-only regions wait for the opening)."""
    moment = fair_moment(region=region, now=now)
    if moment.live is not None:
        return moment.live, True
    upcoming = moment.upcoming
    if upcoming is None:
        raise NoEditionPlanned(
            _("No fair is planned in %(region)s yet, so you cannot post there now.")
            % {"region": region.name}
        )
    return upcoming, region.posting_policy == Region.PostingPolicy.OPEN


def _closed_message(region: Region, edition: Edition) -> str:

    return _(
        "In %(region)s you can only post while the fair is open. The next fair "
        "is on %(when)s. Choose “Ready for the fair”: we publish it at the opening."
    ) % {
        "region": region.name,
        "when": fair_window_display(edition.starts_at, edition.ends_at),
    }


def search_text_for(post: Post) -> str:
    """What full-text search looks in (kept on the post, rebuilt on save)."""
    parts = [
        post.title,
        post.description,
        post.organisation,
        post.place,
        post.desired_work,
        str(Sector(post.sector).label) if post.sector else "",
    ]
    return "\n".join(p for p in parts if p)


def _check_membership(author, regions) -> None:

    allowed = set(
        Membership.objects.active()
        .filter(user=author, region__in=regions)
        .values_list("region_id", flat=True)
    )
    if any(region.pk not in allowed for region in regions):
        raise PermissionError("Authors post only in regions they are a member of.")


@transaction.atomic
def post_create(
    *,
    author,
    kind: str,
    regions: list[Region],
    fields: dict,
    schedule_when_closed: bool = False,
    bsn_flag: bool = False,
    now: datetime | None = None,
    ip: str = "",
) -> Post:
    """Write a post once and publish it to each region (its own publication
    per region). In a fair-only region outside the fair it is refused, unless
    `schedule_when_closed`: then it is published at the next opening."""
    now = now or timezone.now()
    if not regions:
        raise ValidationError(_("Choose at least one region."))
    limits.member_limit_check(
        limit=limits.POSTS,
        recent=Post.objects.filter(
            author=author, created_at__gte=limits.POSTS.since(now)
        ).count(),
        user_id=author.pk,
    )
    _check_membership(author, regions)
    plans = []
    for region in regions:
        edition, open_now = posting_edition(region=region, now=now)
        if not open_now and not schedule_when_closed:
            raise PostingWindowClosed(_closed_message(region, edition))
        plans.append((region, edition, open_now))
    # Counted only for a post that will be written.
    limits.address_limit_hit(limit=limits.POSTS, address=ip, now=now)

    cv_file = fields.pop("cv", None)
    cv_needs_ocr = fields.pop("cv_needs_ocr", False)
    post = Post(kind=kind, author=author, **fields)
    if post.on_behalf:
        post.client_consent_at = now
    if cv_file:
        _cv_attach(post, cv_file, needs_ocr=cv_needs_ocr, now=now)
    post.search_text = search_text_for(post)
    post.full_clean()
    post.save()
    if post.cv_state == Post.CvState.OCR:
        enqueue_on_commit(CV_READ_TASK, post.pk)
    Publication.objects.bulk_create(
        [
            Publication(
                post=post,
                region=region,
                edition=edition,
                status=Publication.Status.PUBLISHED
                if open_now
                else Publication.Status.SCHEDULED,
                published_at=now if open_now else None,
                bsn_flag=bsn_flag,
            )
            for region, edition, open_now in plans
        ]
    )
    board_changed(region_ids=[region.pk for region in regions])
    return post


@transaction.atomic
def post_update(*, post: Post, editor, fields: dict, bsn_flag: bool = False) -> Post:
    """The author edits the shared text: it changes in every region."""
    if editor.pk != post.author_id:
        raise PermissionError("Only the author edits a post.")
    if post.withdrawn_at is not None:
        raise ValidationError(
            _("This post was withdrawn and can no longer be changed.")
        )
    cv_file = fields.pop("cv", None)
    cv_needs_ocr = fields.pop("cv_needs_ocr", False)
    remove_cv = fields.pop("remove_cv", False)
    # The OCR task may have changed the CV since the page loaded the post
    # (read it, or removed it for a BSN): start from the row, locked.
    current = Post.objects.select_for_update(of=("self",)).get(pk=post.pk)
    for name in CV_FIELDS:
        setattr(post, name, getattr(current, name))
    for name, value in fields.items():
        setattr(post, name, value)
    if remove_cv and post.cv:
        post.cv.delete(save=False)
        _cv_detach(post)
    if cv_file:
        if post.cv:
            post.cv.delete(save=False)
        _cv_attach(post, cv_file, needs_ocr=cv_needs_ocr, now=timezone.now())
    post.search_text = search_text_for(post)
    post.version += 1
    post.full_clean()
    post.save()
    if cv_file and post.cv_state == Post.CvState.OCR:
        enqueue_on_commit(CV_READ_TASK, post.pk)
    if bsn_flag:
        post.publications.update(bsn_flag=True)
    board_changed(region_ids=post.publications.values_list("region_id", flat=True))
    return post


# --- The guided pitch's draft (fairs.pitch_views; docs/board.md) ----------------


@transaction.atomic
def pitch_draft_save(
    *,
    author,
    step: str,
    number: int,
    values: dict,
    done: bool,
    cv_file=None,
    cv_needs_ocr: bool = False,
    remove_cv: bool = False,
    extra: dict | None = None,
) -> PitchDraft:
    """Keep what a step of the guided pitch checked (`values`, replacing
    what that step held), for the member to finish later. `done`: the
    member passed the step with Next; `extra`: other keys to keep beside
    the steps. A new CV replaces the kept one; the old file goes once this
    has committed."""
    draft, _created = PitchDraft.objects.select_for_update().get_or_create(
        author=author
    )
    draft.values = {**draft.values, **(extra or {}), step: values}
    if done:
        draft.step_done = max(draft.step_done, number)
    if (cv_file or remove_cv) and draft.cv:
        storage, name = draft.cv.storage, draft.cv.name
        transaction.on_commit(lambda: storage.delete(name))
        draft.cv, draft.cv_filename, draft.cv_needs_ocr = "", "", False
    if cv_file:
        draft.cv = cv_file
        draft.cv_filename = cv_file.name[:200]
        draft.cv_needs_ocr = cv_needs_ocr
    draft.full_clean()
    draft.save()
    return draft


@transaction.atomic
def pitch_draft_delete(
    *, draft: PitchDraft, untouched_since: datetime | None = None
) -> bool:
    """Discard a draft (the member, the retention sweep, or publishing);
    its CV file goes once this has committed. `untouched_since`: the sweep's
    cutoff; a draft the member saved meanwhile stays. Whether it went."""
    rows = PitchDraft.objects.select_for_update().filter(pk=draft.pk)
    if untouched_since is not None:
        rows = rows.filter(updated_at__lt=untouched_since)
    draft = rows.first()
    if draft is None:
        return False
    if draft.cv:
        storage, name = draft.cv.storage, draft.cv.name
        transaction.on_commit(lambda: storage.delete(name))
    draft.delete()
    return True


class DraftGone(Exception):
    """The draft was published (or discarded) in the meantime."""


@transaction.atomic
def pitch_draft_publish(
    *,
    draft: PitchDraft,
    regions: list[Region],
    fields: dict,
    schedule_when_closed: bool = False,
    bsn_flag: bool = False,
    now: datetime | None = None,
    ip: str = "",
) -> Post:
    """Publish a finished draft through `post_create`, exactly as a pitch
    posted in one go, with the draft's CV; the draft goes in the same
    transaction. `fields`: the steps' values, checked again by the view."""
    # A second click on Publish waits here until the first has committed,
    # then finds the draft gone: one pitch, never two.
    draft = PitchDraft.objects.select_for_update().filter(pk=draft.pk).first()
    if draft is None:
        raise DraftGone
    fields = dict(fields)
    with draft.cv.open("rb") if draft.cv else nullcontext() as stored:
        if stored is not None:
            fields["cv"] = File(stored.file, name=draft.cv_filename)
            fields["cv_needs_ocr"] = draft.cv_needs_ocr
        post = post_create(
            author=draft.author,
            kind=Post.Kind.PITCH,
            regions=regions,
            fields=fields,
            schedule_when_closed=schedule_when_closed,
            bsn_flag=bsn_flag,
            now=now,
            ip=ip,
        )
    pitch_draft_delete(draft=draft)
    return post


# --- CVs that are scans (fairs.ocr; docs/board.md, "CVs") ------------------------

CV_READ_TASK = "fairs.tasks.post_cv_read"
# A CV waiting for OCR longer than this was lost (a worker died, Redis
# forgot): `posts_cv_requeue` hands it out again.
CV_OCR_REQUEUE_AFTER = timedelta(minutes=10)
CV_OCR_REQUEUE_BATCH = 50
# After this many tries the CV waits for a moderator instead.
CV_OCR_MAX_ATTEMPTS = 3


def _cv_attach(post: Post, cv_file, *, needs_ocr: bool, now: datetime) -> None:
    post.cv = cv_file
    post.cv_filename = cv_file.name[:200]
    post.cv_state = Post.CvState.OCR if needs_ocr else Post.CvState.READ
    post.cv_ocr_queued_at = now if needs_ocr else None
    post.cv_ocr_attempts = 0


def _cv_detach(post: Post) -> None:
    post.cv = ""
    post.cv_filename = ""
    post.cv_state = Post.CvState.READ
    post.cv_ocr_queued_at = None
    post.cv_ocr_attempts = 0


CV_FIELDS = ["cv", "cv_filename", "cv_state", "cv_ocr_queued_at", "cv_ocr_attempts"]


def _cv_locked(post_id: int, state: str, cv_name: str | None = None) -> Post | None:
    """The post under a row lock if its CV is still in `state` (and, when
    given, still the file `cv_name`: the author may have replaced it)."""
    post = (
        Post.objects.select_for_update(of=("self",))
        .filter(pk=post_id, cv_state=state)
        .first()
    )
    if post is None or (cv_name is not None and post.cv.name != cv_name):
        return None
    return post


def _cv_to_moderator(post: Post, *, why: str) -> None:
    post.cv_state = Post.CvState.MODERATOR
    post.cv_ocr_queued_at = None
    post.save(update_fields=[*CV_FIELDS, "updated_at"])
    logger.warning("CV of post %s waits for a moderator: %s", post.pk, why)


def post_cv_read(*, post_id: int, now: datetime | None = None) -> str:
    """Read a scanned CV with OCR and apply the BSN guard (the task's work).
    Returns what happened: "read", "removed", "moderator", "failed" or
    "nothing" (not waiting for OCR any more: a second run is a no-op).

    The OCR runs outside any transaction (it takes seconds); the state
    changes under a row lock, only if the CV is still the same file and
    still waiting. Every try counts before it starts, so a file that kills
    the worker ends with a moderator, not in a loop."""
    now = now or timezone.now()
    with transaction.atomic():
        post = _cv_locked(post_id, Post.CvState.OCR)
        if post is None:
            return "nothing"
        unavailable = ocr.missing()
        if unavailable:
            _cv_to_moderator(post, why=f"not installed: {unavailable}")
            return "moderator"
        if post.cv_ocr_attempts >= CV_OCR_MAX_ATTEMPTS:
            _cv_to_moderator(post, why="OCR failed every try")
            return "moderator"
        post.cv_ocr_attempts += 1
        post.cv_ocr_queued_at = now
        post.save(update_fields=["cv_ocr_attempts", "cv_ocr_queued_at"])
        cv_name = post.cv.name
    try:
        with post.cv.open("rb") as file:
            data = file.read(cv.MAX_BYTES + 1)
        pages = cv.read(data, cv.PDF).ocr_pages
        text = ocr.pages_text(data, pages)
    except ocr.OcrUnavailable as error:
        with transaction.atomic():
            post = _cv_locked(post_id, Post.CvState.OCR, cv_name)
            if post is not None:
                _cv_to_moderator(post, why=f"not installed: {error}")
        return "moderator"
    except (ocr.OcrFailed, cv.CvRefused, OSError) as error:
        # Left waiting: the re-queue job tries again, up to the maximum.
        logger.warning("OCR of the CV of post %s failed: %s", post_id, error)
        return "failed"
    with transaction.atomic():
        post = _cv_locked(post_id, Post.CvState.OCR, cv_name)
        if post is None:
            return "nothing"
        if scan(text) is BsnFinding.NONE:
            post.cv_state = Post.CvState.READ
            post.cv_ocr_queued_at = None
            post.save(update_fields=["cv_state", "cv_ocr_queued_at"])
            return "read"
        _cv_remove_for_bsn(post)
        return "removed"


def _cv_remove_for_bsn(post: Post) -> None:
    """A BSN in the scan: the file goes (after the commit), the post stays
    without a CV, the author is told. The number is not kept anywhere."""
    storage, name = post.cv.storage, post.cv.name
    _cv_detach(post)
    post.save(update_fields=[*CV_FIELDS, "updated_at"])
    transaction.on_commit(lambda: storage.delete(name))
    # The audit log is kept in the platform's language, whoever triggered it.
    with override(settings.LANGUAGE_CODE):
        reason = _("The scanned CV had a BSN: the file was removed.")
    for publication in post.publications.select_related("region"):
        audit_record(
            action="fairs.cv.removed_bsn",
            actor=None,
            region=publication.region,
            target=post,
            reason=reason,
        )
    security_event("cv.removed_bsn", post_id=post.pk, user_id=post.author_id)
    # The file name is a random uuid: one email per removed file.
    key = name.rsplit("/", 1)[-1].split(".")[0]
    enqueue_on_commit(CV_REMOVED_NOTIFY_TASK, post.pk, key)


CV_REMOVED_NOTIFY_TASK = "fairs.tasks.post_cv_removed_notify"


@transaction.atomic
def post_cv_mark_checked(*, post: Post) -> Post:
    """A moderator looked at a scanned CV that OCR could not read and found
    no BSN: it can be downloaded. Raises ValidationError when the CV is not
    waiting for a moderator (any more)."""
    locked = _cv_locked(post.pk, Post.CvState.MODERATOR)
    if locked is None:
        raise ValidationError(_("This CV is not waiting for a check (any more)."))
    locked.cv_state = Post.CvState.READ
    locked.save(update_fields=["cv_state"])
    return locked


def posts_cv_requeue(*, now: datetime | None = None) -> int:
    """Hand out again the CVs that waited for OCR too long (a lost task),
    at most `CV_OCR_REQUEUE_BATCH` per run; rows another run holds are
    skipped. Returns how many were handed out."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            Post.objects.select_for_update(skip_locked=True)
            .filter(
                cv_state=Post.CvState.OCR,
                cv_ocr_queued_at__lt=now - CV_OCR_REQUEUE_AFTER,
            )
            .order_by("cv_ocr_queued_at")
            .values_list("pk", flat=True)[:CV_OCR_REQUEUE_BATCH]
        )
        Post.objects.filter(pk__in=ids).update(cv_ocr_queued_at=now)
        for post_id in ids:
            enqueue_on_commit(CV_READ_TASK, post_id)
    return len(ids)


@transaction.atomic
def publication_set_status(
    *, publication: Publication, status: str, allowed: tuple[str, ...]
) -> Publication:
    """Change a publication's status if it is in one of `allowed`, under a row
    lock: two moderators acting at once get one consistent result. Raises
    ValidationError when someone else changed it first. Moderation calls this;
    it never writes the board's tables itself."""
    locked = (
        Publication.objects.select_for_update(of=("self",))
        .select_related("post")
        .get(pk=publication.pk)
    )
    if locked.status not in allowed:
        raise ValidationError(
            _("Someone else just changed this post (now: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    if status == Publication.Status.PUBLISHED and locked.post.withdrawn_at is not None:
        raise ValidationError(
            _("The author withdrew this post, so it cannot go back on the board.")
        )
    locked.status = status
    if status == Publication.Status.PUBLISHED and locked.published_at is None:
        locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at"])  # drops the board's copies
    return locked


@transaction.atomic
def post_withdraw(*, post: Post, user, now: datetime | None = None) -> Post:
    """Off every board, but kept for the after-fair lists."""
    if user.pk != post.author_id:
        raise PermissionError("Only the author withdraws a post.")
    now = now or timezone.now()
    post.withdrawn_at = now
    post.save(update_fields=["withdrawn_at", "updated_at"])
    post.publications.filter(
        status__in=[Publication.Status.PUBLISHED, Publication.Status.SCHEDULED]
    ).update(status=Publication.Status.WITHDRAWN)
    board_changed(region_ids=post.publications.values_list("region_id", flat=True))
    # A withdrawn pitch's CV goes at once (retention `cv_withdrawn`); the
    # daily sweep does the same for pitches removed from every board.
    if post.kind == Post.Kind.PITCH and post.cv:
        storage, name = post.cv.storage, post.cv.name
        _cv_detach(post)
        post.save(update_fields=[*CV_FIELDS, "updated_at"])
        transaction.on_commit(lambda: storage.delete(name))
    return post


# Before a pitch is deleted for good (the retention sweep, fairs/retention.py),
# the report freezes the figures of the closed editions it counted in. The
# report sits above this app, so it registers its handler
# (PlacementsConfig.ready); handlers run in the same transaction.
POST_DELETE_HANDLERS: list[Callable[..., object]] = []


def post_delete_handlers_register(handler: Callable[..., object]) -> None:
    """`handler(post=..., now=...)` runs before a post is deleted."""
    if handler not in POST_DELETE_HANDLERS:
        POST_DELETE_HANDLERS.append(handler)


@transaction.atomic
def pitch_delete(*, post: Post, now: datetime) -> bool:
    """Delete a pitch with its publications, reactions and CV (retention
    `pitch_after_last_fair`); the file goes once this has committed. False
    when it is already gone."""
    post = Post.objects.select_for_update().filter(pk=post.pk).first()
    if post is None:
        return False
    for handler in POST_DELETE_HANDLERS:
        handler(post=post, now=now)
    board_changed(region_ids=post.publications.values_list("region_id", flat=True))
    if post.cv:
        storage, name = post.cv.storage, post.cv.name
        transaction.on_commit(lambda: storage.delete(name))
    post.delete()
    return True


def pitch_keep(*, post: Post, now: datetime | None = None) -> Post:
    """The author keeps a pitch they were warned about: its retention period
    starts again from now (fairs/retention.py)."""
    post.kept_at = now or timezone.now()
    Post.objects.filter(pk=post.pk).update(kept_at=post.kept_at)
    return post


@transaction.atomic
def publications_withdraw_for_member(*, user, region: Region) -> int:
    """Someone who left a region, or whose membership was ended, is no longer
    on its board: their publications there are withdrawn (kept in the
    records). Their posts in other regions stay."""
    board_changed(region_ids=[region.pk])
    return Publication.objects.filter(
        region=region,
        post__author=user,
        status__in=[Publication.Status.PUBLISHED, Publication.Status.SCHEDULED],
    ).update(status=Publication.Status.WITHDRAWN)


def boards_forget_author(*, user, now=None) -> None:
    """An account is deleted (and its posts with it, by cascade): the shared
    copies of the boards it posted on go, so its posts leave at once
    (fairs.board_cache)."""
    board_changed(
        region_ids=Publication.objects.filter(post__author=user)
        .values_list("region_id", flat=True)
        .distinct()
    )


def publications_move_from_cancelled(*, edition: Edition) -> int:
    """A cancelled edition hands its publications to the region's next
    edition, so nothing published or made ready disappears with it."""
    following = (
        Edition.objects.filter(region_id=edition.region_id, is_cancelled=False)
        .filter(ends_at__gt=max(timezone.now(), edition.starts_at))
        .exclude(pk=edition.pk)
        .order_by("starts_at")
        .first()
    )
    if following is None:
        return 0
    board_changed(region_ids=[edition.region_id])
    return Publication.objects.filter(edition=edition).update(edition=following)


def publications_publish_due(*, now: datetime | None = None) -> int:
    """Publish posts that were made ready for a fair that is now live. One
    conditional UPDATE: a second run, or two at once, publishes nothing twice."""
    now = now or timezone.now()
    due = Publication.objects.filter(
        status=Publication.Status.SCHEDULED,
        edition__starts_at__lte=now,
        edition__ends_at__gt=now,
        edition__is_cancelled=False,
    )
    with transaction.atomic():
        board_changed(region_ids=due.values_list("region_id", flat=True).distinct())
        return due.update(status=Publication.Status.PUBLISHED, published_at=now)


@transaction.atomic
def reaction_create(
    *,
    publication: Publication,
    author,
    text: str,
    parent: Reaction | None = None,
    ip: str = "",
    bsn_flagged: Sequence[str] = (),
) -> Reaction:
    """React under a post, or reply to a reaction. The post's author only
    replies (a reaction to one's own post has nobody to go to); replying to a
    reaction marks it followed up. The person reacted to gets an email.
    `bsn_flagged`: the fields with a possible BSN the author confirmed
    (`BsnGuardMixin`), flagged for the region's moderators."""
    if parent is not None and (
        parent.publication_id != publication.pk or parent.parent_id
    ):
        raise ValidationError(_("You can only reply to a reaction under this post."))
    if parent is None and author.pk == publication.post.author_id:
        raise ValidationError(
            _("This is your own post. You can reply to the reactions under it.")
        )
    # The author's first answer to each reaction (the follow-up) is never
    # held back by the member's limit: after a fair an employer answers
    # forty reactions in a row. Each reaction gets one such answer.
    first_answer = (
        parent is not None
        and author.pk == publication.post.author_id
        and parent.followed_up_at is None
    )
    if not first_answer:
        limits.member_limit_check(
            limit=limits.REACTIONS,
            recent=Reaction.objects.filter(
                author=author, created_at__gte=limits.REACTIONS.since()
            ).count(),
            user_id=author.pk,
        )
    limits.address_limit_hit(limit=limits.REACTIONS, address=ip)
    reaction = Reaction(
        publication=publication, author=author, text=text.strip(), parent=parent
    )
    reaction.full_clean()
    reaction.save()
    if parent is None:  # the card counts top-level reactions
        board_changed(region_ids=[publication.region_id])
    bsn_flag_record(
        region=publication.region,
        target=reaction,
        fields=bsn_flagged,
        label=publication.post.title,
        written_by=author,
        url=reverse(
            "fairs:publication",
            kwargs={"slug": publication.region.slug, "pk": publication.pk},
        )
        + f"#reactie-{reaction.pk}",
    )
    if (
        parent is not None
        and author.pk == publication.post.author_id
        and parent.followed_up_at is None
    ):
        parent.followed_up_at = reaction.created_at
        parent.save(update_fields=["followed_up_at"])
    notify = parent.author_id if parent is not None else publication.post.author_id
    if notify != author.pk:
        enqueue_on_commit("fairs.tasks.reaction_notify", reaction.pk)
    return reaction


def cv_view_record(
    *, post: Post, region: Region, viewer, now: datetime | None = None
) -> None:
    """Log a CV download, or stop a member who downloads an unusual number of
    CVs in a short time and alert the region's moderators (once per window)."""
    if viewer.pk == post.author_id:
        return
    now = now or timezone.now()
    window_start = now - timedelta(minutes=settings.CV_DOWNLOAD_WINDOW_MINUTES)
    with transaction.atomic():
        # One viewer's downloads wait for each other here (a row lock on the
        # viewer), so parallel requests cannot all pass the count at once.
        get_user_model().objects.select_for_update().filter(pk=viewer.pk).first()
        recent = CvView.objects.filter(
            viewer=viewer, viewed_at__gte=window_start
        ).count()
        if recent < settings.CV_DOWNLOAD_LIMIT:
            CvView.objects.create(post=post, region=region, viewer=viewer)
            return
        already = AuditEntry.objects.filter(
            action="fairs.cv.download_stopped",
            target_type=target_type(viewer),
            target_id=viewer.pk,
            created_at__gte=window_start,
        ).exists()
        if not already:
            with override(settings.LANGUAGE_CODE):
                reason = _("%(count)s CVs in %(minutes)s minutes") % {
                    "count": recent,
                    "minutes": settings.CV_DOWNLOAD_WINDOW_MINUTES,
                }
            audit_record(
                action="fairs.cv.download_stopped",
                actor=None,
                region=region,
                target=viewer,
                reason=reason,
            )
            enqueue_on_commit(
                "fairs.tasks.cv_harvest_alert", region.pk, viewer.pk, recent
            )
        security_event(
            "cv.download_stopped", user_id=viewer.pk, region=region.slug, count=recent
        )
    raise CvDownloadLimit


@transaction.atomic
def edition_set_umbrella_vacancy(
    *, edition: Edition, number: str, by=None, bsn_flagged: Sequence[str] = ()
) -> Edition:
    """The registration number of the one vacancy a region books all of an
    edition's placements on (Twente's practice)."""
    edition.umbrella_vacancy_number = number.strip()
    edition.full_clean()
    edition.save(update_fields=["umbrella_vacancy_number", "updated_at"])
    bsn_flag_record(
        region=edition.region,
        target=edition,
        fields=["umbrella_vacancy_number" if f == "number" else f for f in bsn_flagged],
        label=str(edition),
        written_by=by,
    )
    return edition

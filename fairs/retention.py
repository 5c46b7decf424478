"""Retention sweeps of the board (banenmarkt/retention.py)."""

from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.core import signing
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, Greatest

from banenmarkt.models import Notification
from banenmarkt.outbox import enqueue_on_commit
from banenmarkt.privacy import retention
from banenmarkt.retention import BATCH

from . import services
from .models import PitchDraft, Post, Publication, Reaction, Region

# Where a pitch is on a board, about to be, or may come back to.
KEPT = [
    Publication.Status.PUBLISHED,
    Publication.Status.SCHEDULED,
    Publication.Status.HELD,
]


def cv_file_delete(post: Post) -> bool:
    """The CV file of `post` goes (after the commit); the post stays. Returns
    whether there was one."""
    if not post.cv:
        return False
    storage, name = post.cv.storage, post.cv.name
    Post.objects.filter(pk=post.pk).update(
        cv="",
        cv_filename="",
        cv_state=Post.CvState.READ,
        cv_ocr_queued_at=None,
        cv_ocr_attempts=0,
    )
    transaction.on_commit(lambda: storage.delete(name))
    return True


def cvs_of_withdrawn_pitches(now: datetime) -> int:
    """A withdrawn pitch, or one removed from every board it was on, keeps no
    CV file (retention `cv_withdrawn`): the records need the post, not the CV.
    A removal that is later undone brings the pitch back without its CV; the
    author can upload it again. A pitch hidden while a second moderator
    decides keeps it."""
    on_a_board = Publication.objects.filter(post=OuterRef("pk"), status__in=KEPT)
    posts = (
        Post.objects.filter(kind=Post.Kind.PITCH)
        .exclude(cv="")
        .filter(Q(withdrawn_at__isnull=False) | ~Exists(on_a_board))
        .order_by("pk")[:BATCH]
    )
    return sum(cv_file_delete(post) for post in posts)


# --- Pitches after the member's last fair -------------------------------------
# A pitch and its CV are deleted the region's `pitch_retention_months` after
# the last fair its author took part in (a post of theirs or a reaction of
# theirs on that fair's board), counted from when the pitch was written or
# last kept if that is later. The author is warned PITCH_NOTICE before and
# can keep it with one click (fairs.views.pitch_keep); a pitch published in
# several regions follows the shortest period among them. A pitch that a
# moderator removed is kept as the record of that decision for the `audit`
# period instead (its CV went at once), then deleted without a warning.
PITCH_NOTICE = timedelta(days=7)
PITCH_KIND = "pitch_retention"
# The link in the warning keeps the pitch without logging in; it works well
# past the deletion day (the page then says the pitch is gone).
KEEP_SALT = "fairs.pitch_keep"
KEEP_LINK_AGE = timedelta(days=60)


def pitch_keep_token(post: Post) -> str:
    return signing.TimestampSigner(salt=KEEP_SALT).sign_object(
        [post.pk, post.author_id]
    )


def pitch_keep_token_read(token: str) -> Post | None:
    """The pitch of a keep link, None when it is gone; raises
    signing.BadSignature for a link that is wrong or too old."""
    post_id, author_id = signing.TimestampSigner(salt=KEEP_SALT).unsign_object(
        token, max_age=KEEP_LINK_AGE
    )
    return Post.objects.filter(
        pk=post_id, author_id=author_id, kind=Post.Kind.PITCH
    ).first()


def _pitches_with_clock(now: datetime):
    """Pitches with `clock_from` (when their period started) and `months`."""
    fairs = {"edition__is_cancelled": False, "edition__ends_at__lte": now}
    posted = (
        Publication.objects.filter(post__author=OuterRef("author"), **fairs)
        .order_by("-edition__ends_at")
        .values("edition__ends_at")[:1]
    )
    reacted = (
        Reaction.objects.filter(
            author=OuterRef("author"),
            **{f"publication__{key}": value for key, value in fairs.items()},
        )
        .order_by("-publication__edition__ends_at")
        .values("publication__edition__ends_at")[:1]
    )
    shortest = (
        Publication.objects.filter(post=OuterRef("pk"))
        .order_by("region__pitch_retention_months")
        .values("region__pitch_retention_months")[:1]
    )
    default = Region._meta.get_field("pitch_retention_months").default
    # Coalesce each: GREATEST is NULL on SQLite when one argument is.
    return Post.objects.filter(kind=Post.Kind.PITCH).annotate(
        clock_from=Greatest(
            Coalesce(Subquery(posted), "created_at"),
            Coalesce(Subquery(reacted), "created_at"),
            Coalesce("kept_at", "created_at"),
        ),
        months=Coalesce(Subquery(shortest), Value(default)),
    )


def pitch_warning_key(post: Post) -> str:
    """The warning is about this period: keeping the pitch needs a new one."""
    return f"{post.pk}@{post.clock_from:%Y-%m-%dT%H:%M:%S}"


def pitches_after_last_fair(now: datetime) -> int:
    pitches = _pitches_with_clock(now)
    warned = Notification.objects.filter(
        user=OuterRef("author"),
        kind=PITCH_KIND,
        key__startswith=Concat(Cast(OuterRef("pk"), CharField()), Value("@")),
        created_at__gt=OuterRef("clock_from"),
    )
    default = Region._meta.get_field("pitch_retention_months").default
    months = sorted(
        {default, *Region.objects.values_list("pitch_retention_months", flat=True)}
    )
    removed = Exists(
        Publication.objects.filter(
            post=OuterRef("pk"), status=Publication.Status.REMOVED
        )
    )
    handled = 0
    for post in (
        pitches.filter(removed)
        .filter(clock_from__lt=now - retention("audit").period)
        .order_by("pk")[:BATCH]
    ):
        handled += services.pitch_delete(post=post, now=now)
    pitches = pitches.exclude(removed)
    for count in months:
        cutoff = now - relativedelta(months=count)
        of_period = pitches.filter(months=count)
        # Delete: the period has passed and the warning is a week old.
        for post in (
            of_period.filter(clock_from__lt=cutoff)
            .filter(Exists(warned.filter(created_at__lte=now - PITCH_NOTICE)))
            .order_by("pk")[:BATCH]
        ):
            handled += services.pitch_delete(post=post, now=now)
        # Warn: the period ends within the notice and no warning yet. The
        # record first: a second run warns nobody twice.
        for post in (
            of_period.filter(clock_from__lt=cutoff + PITCH_NOTICE)
            .exclude(Exists(warned))
            .order_by("pk")[:BATCH]
        ):
            record, created = Notification.objects.get_or_create(
                user_id=post.author_id, kind=PITCH_KIND, key=pitch_warning_key(post)
            )
            if created:
                deleted_after = max(
                    post.clock_from + relativedelta(months=count), now + PITCH_NOTICE
                )
                enqueue_on_commit(
                    "fairs.tasks.pitch_retention_warn",
                    record.pk,
                    post.pk,
                    deleted_after.isoformat(),
                )
                handled += 1
    return handled


def pitch_drafts(now: datetime) -> int:
    """A pitch draft nobody touched for the `pitch_draft` period goes, with
    its CV file (after the commit)."""
    cutoff = now - retention("pitch_draft").period
    drafts = list(
        PitchDraft.objects.filter(updated_at__lt=cutoff).order_by("pk")[:BATCH]
    )
    return sum(
        services.pitch_draft_delete(draft=draft, untouched_since=cutoff)
        for draft in drafts
    )

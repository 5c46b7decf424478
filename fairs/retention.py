"""Retention sweeps of the board (banenmarkt/retention.py)."""

from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from banenmarkt.retention import BATCH

from .models import Post, Publication

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

from datetime import datetime

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from banenmarkt.emails import DATABASE_RETRY_OPTIONS, EMAIL_TASK_OPTIONS, absolute_url
from banenmarkt.models import Notification
from banenmarkt.notifications import Message, send_all, send_once, service_email
from members.selectors import region_moderators

from . import retention, selectors, services
from .email_kinds import EmailKind
from .models import Post, Publication, Reaction, Region


@shared_task(name="fairs.tasks.editions_generate", **DATABASE_RETRY_OPTIONS)
def editions_generate() -> int:
    """Beat task: keep editions generated ahead. Idempotent; returns how many
    editions it created."""
    return len(services.editions_generate())


@shared_task(name="fairs.tasks.publications_publish_due", **DATABASE_RETRY_OPTIONS)
def publications_publish_due() -> int:
    """Beat task, every minute: publish what was made ready for a fair that
    has opened (10:00). Idempotent."""
    return services.publications_publish_due()


def _publication_url(publication) -> str:
    return absolute_url(
        reverse(
            "fairs:publication",
            kwargs={"slug": publication.region.slug, "pk": publication.pk},
        )
    )


@transaction.atomic
def reactions_bundle_send(*, publication_id: int, now: datetime | None = None) -> int:
    """Email the post's author the reactions not announced yet, in one
    message, unless the last such email about this post is less than
    REACTION_EMAIL_INTERVAL old (then the minutely `reactions_bundles_send`
    sends them later). Returns how many reactions were announced.

    The reactions are locked while the email goes out: two workers at once
    announce each reaction once. A mail error rolls back, so they stay
    unannounced and the task retries."""
    now = now or timezone.now()
    publication = Publication.objects.select_related("post__author", "region").get(
        pk=publication_id
    )
    author = publication.post.author
    pending = list(
        Reaction.objects.select_for_update()
        .filter(publication=publication, parent=None, author_notified_at=None)
        .exclude(author=author)
        .order_by("created_at", "pk")
    )
    if not pending:
        return 0
    last = Reaction.objects.filter(publication=publication).aggregate(
        last=Max("author_notified_at")
    )["last"]
    if last is not None and now - last < selectors.REACTION_EMAIL_INTERVAL:
        return 0
    send_once(
        Message(
            user=author,
            kind=EmailKind.REACTION,
            key=f"reactions:{publication.pk}:{pending[-1].pk}",
            template="fairs/email/reactions",
            context={
                "reactions": pending,
                "post": publication.post,
                "region": publication.region,
                "url": _publication_url(publication),
            },
        )
    )
    Reaction.objects.filter(pk__in=[r.pk for r in pending]).update(
        author_notified_at=now
    )
    return len(pending)


@shared_task(name="fairs.tasks.reaction_notify", **EMAIL_TASK_OPTIONS)
def reaction_notify(reaction_id: int) -> None:
    """Tell the post's author about new reactions (bundled: at most one email
    per post per REACTION_EMAIL_INTERVAL), or the reactor about a reply (one
    email per reply). Contact goes to the author only: for a pitch on behalf
    of a client, that is the caseworker."""

    reaction = Reaction.objects.select_related(
        "publication__post", "publication__region", "parent__author"
    ).get(pk=reaction_id)
    publication = reaction.publication
    if not reaction.parent_id:
        reactions_bundle_send(publication_id=publication.pk)
        return
    send_once(
        Message(
            user=reaction.parent.author,
            kind=EmailKind.REACTION,
            key=f"reaction:{reaction.pk}",
            template="fairs/email/reply",
            context={
                "reaction": reaction,
                "post": publication.post,
                "region": publication.region,
                "url": _publication_url(publication),
            },
        )
    )


@shared_task(name="fairs.tasks.reactions_bundles_send", **EMAIL_TASK_OPTIONS)
def reactions_bundles_send() -> int:
    """Beat task, every minute: the reactions that waited for the end of
    their post's 10 minutes. Returns how many reactions were announced."""
    return sum(
        reactions_bundle_send(publication_id=publication_id)
        for publication_id in selectors.reactions_bundles_due()
    )


@shared_task(name="fairs.tasks.cv_harvest_alert", **EMAIL_TASK_OPTIONS)
def cv_harvest_alert(region_id: int, viewer_id: int, count: int) -> None:
    """Alert the region's moderators that a member was stopped downloading
    CVs: each moderator once per member and day."""

    region = Region.objects.get(pk=region_id)
    viewer = get_user_model().objects.get(pk=viewer_id)
    key = f"cv:{region.pk}:{viewer.pk}:{timezone.localdate().isoformat()}"
    moderators = region_moderators(region=region)
    send_all(
        Message(
            user=moderator,
            kind=EmailKind.MODERATOR_ALERT,
            key=key,
            template="fairs/email/cv_alert",
            context={"region": region, "viewer": viewer, "count": count},
        )
        for moderator in moderators
    )


# OCR runs for three minutes at most (fairs.ocr.CV_SECONDS), below the soft
# time limit. A lost or failed run is handed out again by `posts_cv_requeue`.
@shared_task(name="fairs.tasks.post_cv_read", **DATABASE_RETRY_OPTIONS)
def post_cv_read(post_id: int) -> str:
    """Read a scanned CV with OCR and apply the BSN guard. Idempotent: a CV
    that is no longer waiting for OCR is left alone."""
    return services.post_cv_read(post_id=post_id)


@shared_task(name="fairs.tasks.posts_cv_requeue", **DATABASE_RETRY_OPTIONS)
def posts_cv_requeue() -> int:
    """Beat task: hand out again scanned CVs whose OCR was lost."""
    return services.posts_cv_requeue()


@shared_task(name="fairs.tasks.post_cv_removed_notify", **EMAIL_TASK_OPTIONS)
def post_cv_removed_notify(post_id: int, key: str) -> None:
    """Tell the author that their scanned CV was removed because it shows a
    BSN, and that they can upload it again without it. Once per file."""
    post = Post.objects.select_related("author").get(pk=post_id)
    send_once(
        Message(
            user=post.author,
            kind=EmailKind.CV_REMOVED,
            key=f"cv:{key}",
            template="fairs/email/cv_removed",
            context={
                "post": post,
                "url": absolute_url(reverse("fairs:post-edit", kwargs={"pk": post.pk})),
            },
        )
    )


@shared_task(name="fairs.tasks.pitch_retention_warn", **EMAIL_TASK_OPTIONS)
def pitch_retention_warn(
    notification_id: int, post_id: int, deleted_after: str
) -> None:
    """Tell the author that their pitch will be deleted (fairs/retention.py),
    with a link to keep it. The sweep wrote the record; sent once."""
    record = (
        Notification.objects.filter(
            pk=notification_id, status=Notification.Status.SENDING
        )
        .select_related("user")
        .first()
    )
    post = Post.objects.filter(pk=post_id).first()
    if record is None or post is None or not record.user.is_active:
        return
    token = retention.pitch_keep_token(post)
    service_email(
        user=record.user,
        template="fairs/email/pitch_retention",
        context={
            "post": post,
            "deleted_after": datetime.fromisoformat(deleted_after),
            "keep_url": absolute_url(reverse("fairs:pitch-keep", args=[token])),
        },
    )
    record.status, record.sent_at = Notification.Status.SENT, timezone.now()
    record.save(update_fields=["status", "sent_at"])

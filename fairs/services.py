"""Writes for regions and editions. Views, admin, commands and tasks call these."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from banenmarkt import limits
from banenmarkt.audit import audit_record, target_type
from banenmarkt.bsn_flags import bsn_flag_record
from banenmarkt.models import AuditEntry
from banenmarkt.outbox import enqueue_on_commit
from banenmarkt.security import security_event
from members.models import Membership

from .models import CvView, Edition, Post, Publication, Reaction, Region, Sector
from .moments import fair_moment
from .schedule import fair_window, fair_window_display, national_fair_dates


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
    post = Post(kind=kind, author=author, **fields)
    if post.on_behalf:
        post.client_consent_at = now
    if cv_file:
        post.cv_filename = cv_file.name[:200]
        post.cv = cv_file
    post.search_text = search_text_for(post)
    post.full_clean()
    post.save()
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
    remove_cv = fields.pop("remove_cv", False)
    for name, value in fields.items():
        setattr(post, name, value)
    if remove_cv and post.cv:
        post.cv.delete(save=False)
        post.cv_filename = ""
    if cv_file:
        if post.cv:
            post.cv.delete(save=False)
        post.cv = cv_file
        post.cv_filename = cv_file.name[:200]
    post.search_text = search_text_for(post)
    post.version += 1
    post.full_clean()
    post.save()
    if bsn_flag:
        post.publications.update(bsn_flag=True)
    return post


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
    locked.save(update_fields=["status", "published_at"])
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
    return post


@transaction.atomic
def publications_withdraw_for_member(*, user, region: Region) -> int:
    """Someone who left a region, or whose membership was ended, is no longer
    on its board: their publications there are withdrawn (kept in the
    records). Their posts in other regions stay."""
    return Publication.objects.filter(
        region=region,
        post__author=user,
        status__in=[Publication.Status.PUBLISHED, Publication.Status.SCHEDULED],
    ).update(status=Publication.Status.WITHDRAWN)


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
    return Publication.objects.filter(edition=edition).update(edition=following)


def publications_publish_due(*, now: datetime | None = None) -> int:
    """Publish posts that were made ready for a fair that is now live. One
    conditional UPDATE: a second run, or two at once, publishes nothing twice."""
    now = now or timezone.now()
    return Publication.objects.filter(
        status=Publication.Status.SCHEDULED,
        edition__starts_at__lte=now,
        edition__ends_at__gt=now,
        edition__is_cancelled=False,
    ).update(status=Publication.Status.PUBLISHED, published_at=now)


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
    """React under a post, or reply to a reaction. The post's author replying
    to a reaction marks it followed up. The person reacted to gets an email.
    `bsn_flagged`: the fields with a possible BSN the author confirmed
    (`BsnGuardMixin`), flagged for the region's moderators."""
    if parent is not None and (
        parent.publication_id != publication.pk or parent.parent_id
    ):
        raise ValidationError(_("You can only reply to a reaction under this post."))
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
            audit_record(
                action="fairs.cv.download_stopped",
                actor=None,
                region=region,
                target=viewer,
                reason=f"{recent} CVs in {settings.CV_DOWNLOAD_WINDOW_MINUTES} min",
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

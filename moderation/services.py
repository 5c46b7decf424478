"""Writes of the moderation context: reviews (likes), removals, clarifications,
staff notes, reports and the audit log. Publication states change through
`fairs.services.publication_set_status`, under a row lock."""

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from banenmarkt import limits
from banenmarkt.audit import audit_record
from banenmarkt.bsn_flags import bsn_flag_record
from banenmarkt.outbox import enqueue_on_commit
from fairs.models import Publication
from fairs.services import post_cv_mark_checked, publication_set_status

from . import tasks
from .models import (
    CLAIM_MINUTES,
    Claim,
    Clarification,
    Removal,
    Report,
    Review,
    StaffNote,
)
from .selectors import unreviewed


def _publication_url(publication) -> str:
    return reverse(
        "fairs:publication",
        kwargs={"slug": publication.region.slug, "pk": publication.pk},
    )


@transaction.atomic
def report_create(
    *,
    publication,
    reaction=None,
    reporter,
    reason: str,
    ip: str = "",
    bsn_flagged: Sequence[str] = (),
):
    """A member reports a post or reaction. A second report of the same thing
    by the same member adds nothing (and counts for no limit). A reason with
    a possible BSN the member confirmed is flagged for the moderators.
    Nobody reports what they wrote themselves: they can change or withdraw
    it."""
    written_by = reaction.author_id if reaction else publication.post.author_id
    if written_by == reporter.pk:
        raise ValidationError(
            _("You wrote this yourself. You can change or withdraw it instead.")
        )
    existing = Report.objects.filter(
        publication=publication, reaction=reaction, reporter=reporter
    ).first()
    if existing is not None:
        return existing
    limits.member_limit_check(
        limit=limits.REPORTS,
        recent=Report.objects.filter(
            reporter=reporter, created_at__gte=limits.REPORTS.since()
        ).count(),
        user_id=reporter.pk,
    )
    limits.address_limit_hit(limit=limits.REPORTS, address=ip)
    report, created = Report.objects.get_or_create(
        publication=publication,
        reaction=reaction,
        reporter=reporter,
        defaults={"reason": reason.strip()},
    )
    if created:
        bsn_flag_record(
            region=publication.region,
            target=report,
            fields=bsn_flagged,
            label=publication.post.title,
            written_by=reporter,
            url=reverse("moderation:queue", kwargs={"slug": publication.region.slug})
            + "?alleen=reported",
        )
    return report


# --- Reviewing publications ------------------------------------------------------

ON_BOARD = (Publication.Status.PUBLISHED,)


def _reports_handled(publication) -> None:
    """A moderator looked at the post: its open reports are dealt with."""

    Report.objects.filter(publication=publication, handled_at__isnull=True).update(
        handled_at=timezone.now()
    )


def _audit_publication(action, moderator, publication, reason="", data=None):
    return audit_record(
        action=f"moderation.publication.{action}",
        actor=moderator,
        region=publication.region,
        target=publication,
        reason=reason,
        data=data,
    )


def _claims_released(publication) -> None:
    """A decision was taken: nobody is "looking at" the post any more."""

    Claim.objects.filter(publication=publication).delete()


@transaction.atomic
def publication_like(*, publication, moderator, now: datetime | None = None):
    """Mark a publication reviewed and fine ("gezien door Anna om 10:14").

    One outcome: under the row lock the publication must still be waiting in
    the queue (`selectors.unreviewed`), so of two moderators liking it at
    once the second is refused with the name of the first. A report, an edit
    or a CV to check after the like puts it back, and it can be liked
    again."""

    locked = publication_set_status(
        publication=publication, status=Publication.Status.PUBLISHED, allowed=ON_BOARD
    )
    if not unreviewed(Publication.objects.filter(pk=locked.pk)).exists():
        name, email = (
            Review.objects.filter(publication=locked)
            .values_list("reviewed_by__name", "reviewed_by__email")
            .first()
        ) or ("", "")
        name = name or email
        if not name:
            raise ValidationError(_("Another moderator already marked this as seen."))
        raise ValidationError(
            _("%(name)s already marked this as seen.") % {"name": name}
        )
    post = locked.post
    review, _created = Review.objects.update_or_create(
        publication=locked,
        defaults={
            "reviewed_by": moderator,
            "reviewed_at": now or timezone.now(),
            "post_version": post.version,
            "snapshot": post.snapshot(),
        },
    )
    _reports_handled(locked)
    _claims_released(locked)
    _audit_publication("liked", moderator, locked)
    return review


@transaction.atomic
def publications_like_many(
    *, region, pks: Iterable[int], moderator, now: datetime | None = None
) -> list[int]:
    """Like every publication of `region` in `pks` that still waits in the
    queue; the pks liked. Each like is `publication_like` in a savepoint of
    its own (one audit entry each): one that someone else liked, removed or
    changed meanwhile is skipped, the others go on. Rows are locked in pk
    order, so two bulk likes at once cannot deadlock."""

    liked = []
    candidates = unreviewed(
        Publication.objects.filter(region=region, pk__in=list(pks))
    ).select_related("region")
    for publication in candidates.order_by("pk"):
        try:
            with transaction.atomic():
                publication_like(publication=publication, moderator=moderator, now=now)
        except ValidationError:
            continue
        liked.append(publication.pk)
    return liked


@transaction.atomic
def publication_claim(*, publication, moderator, now: datetime | None = None) -> Claim:
    """A moderator opened or focused a queue item: for CLAIM_MINUTES the
    others see "bekeken door <name>" and the item leaves their list.

    Never steals: while another moderator's claim is younger than
    CLAIM_MINUTES, that claim comes back unchanged (the caller compares
    `claim.moderator_id`). Otherwise the claim becomes this moderator's, at
    `now`. The publication row is locked, so of two moderators claiming at
    once exactly one holds it. Not audited: a claim decides nothing."""

    now = now or timezone.now()
    locked = Publication.objects.select_for_update(of=("self",)).get(pk=publication.pk)
    claim = Claim.objects.filter(publication=locked).first()
    if claim is None:
        claim = Claim(publication=locked)
    elif claim.moderator_id != moderator.pk and claim.claimed_at > now - timedelta(
        minutes=CLAIM_MINUTES
    ):
        return claim
    claim.moderator = moderator
    claim.claimed_at = now
    claim.full_clean()
    claim.save()
    return claim


@transaction.atomic
def publication_unlike(*, publication, moderator) -> None:
    """Undo a like: the publication returns to the queue."""

    locked = (
        Publication.objects.select_for_update()
        .select_related("region")
        .get(pk=publication.pk)
    )
    deleted, _ = Review.objects.filter(publication=locked).delete()
    if deleted:
        _audit_publication("unliked", moderator, locked)


@transaction.atomic
def publications_unlike_own(*, region, pks, moderator) -> list[int]:
    """Undo this moderator's own likes of these publications (the queue's
    "Undo"): a like someone else gave since then stays. Returns the pks
    that are back in the queue."""
    undone = []
    for publication in (
        Publication.objects.select_for_update()
        .select_related("region")
        .filter(region=region, pk__in=pks, review__reviewed_by=moderator)
        .order_by("pk")
    ):
        Review.objects.filter(publication=publication, reviewed_by=moderator).delete()
        _audit_publication("unliked", moderator, publication)
        undone.append(publication.pk)
    return undone


@transaction.atomic
def publication_cv_checked(*, publication, moderator) -> None:
    """A moderator of the region checked a scanned CV that OCR could not
    read and found no BSN: the CV can be downloaded (in every region)."""

    post_cv_mark_checked(post=publication.post)
    audit_record(
        action="moderation.cv.checked",
        actor=moderator,
        region=publication.region,
        target=publication,
    )


# A moderator can undo a removal for a minute (the review queue's "Undo"):
# the author is told only after that, and not at all once it is undone.
REMOVAL_NOTIFY_DELAY_SECONDS = 75


def _notify_removal(removal, *, delay: int = 0) -> None:

    enqueue_on_commit(tasks.removal_notify, removal.pk, countdown=delay)


@transaction.atomic
def publication_remove(
    *, publication, moderator, reason: str, note: str = ""
) -> Removal:
    """Take a publication off the board at once, with a reason the author is
    told. A commercial post needs a second person: use
    `publication_propose_removal`."""

    if reason == Removal.Reason.COMMERCIAL:
        raise ValidationError(
            _("A commercial post is removed only after a second person agrees.")
        )
    locked = publication_set_status(
        publication=publication, status=Publication.Status.REMOVED, allowed=ON_BOARD
    )
    Review.objects.filter(publication=locked).delete()
    _claims_released(locked)
    removal = Removal(
        publication=locked,
        reason=reason,
        note=note.strip(),
        status=Removal.Status.CONFIRMED,
        proposed_by=moderator,
        decided_by=moderator,
        decided_at=timezone.now(),
    )
    removal.full_clean()
    removal.save()
    _reports_handled(locked)
    _audit_publication(
        "removed",
        moderator,
        locked,
        reason=f"{removal.get_reason_display()} {removal.note}".strip(),
    )
    _notify_removal(removal, delay=REMOVAL_NOTIFY_DELAY_SECONDS)
    return removal


@transaction.atomic
def publication_take_down(
    *,
    publication,
    moderator,
    reason: str,
    note: str = "",
    bsn_flagged: Sequence[str] = (),
) -> Removal:
    """A moderator's removal: at once for most reasons; for a commercial post
    only a proposal (hidden until a second person decides). The returned
    removal's status tells which happened. A note with a possible BSN the
    moderator confirmed is flagged."""
    if reason == Removal.Reason.COMMERCIAL:
        removal = publication_propose_removal(
            publication=publication, moderator=moderator, note=note
        )
    else:
        removal = publication_remove(
            publication=publication, moderator=moderator, reason=reason, note=note
        )
    bsn_flag_record(
        region=publication.region,
        target=removal,
        fields=bsn_flagged,
        label=publication.post.title,
        written_by=moderator,
        url=reverse("moderation:removed", kwargs={"slug": publication.region.slug}),
    )
    return removal


@transaction.atomic
def publication_propose_removal(*, publication, moderator, note: str = "") -> Removal:
    """Propose removing a commercial post. It is hidden from the board at once;
    the author hears nothing until a project-team member confirms."""

    locked = publication_set_status(
        publication=publication, status=Publication.Status.HELD, allowed=ON_BOARD
    )
    Review.objects.filter(publication=locked).delete()
    _claims_released(locked)
    removal = Removal(
        publication=locked,
        reason=Removal.Reason.COMMERCIAL,
        note=note.strip(),
        status=Removal.Status.PENDING,
        proposed_by=moderator,
    )
    removal.full_clean()
    removal.save()
    _reports_handled(locked)
    _audit_publication("removal_proposed", moderator, locked, reason=removal.note)
    return removal


def _decide(removal: Removal, decider) -> Removal:
    locked = (
        Removal.objects.select_for_update()
        .select_related("publication__region")
        .get(pk=removal.pk)
    )
    if locked.status != Removal.Status.PENDING:
        raise ValidationError(_("Someone else already decided on this proposal."))
    if locked.proposed_by_id == decider.pk:
        raise ValidationError(
            _("A second person decides: you proposed this removal yourself.")
        )
    return locked


@transaction.atomic
def removal_withdraw(*, removal: Removal, moderator) -> Removal:
    """The proposer takes back their own proposal to remove a commercial post
    (the queue's "Undo"): the post is back on the board; nobody was told."""
    locked = (
        Removal.objects.select_for_update()
        .select_related("publication__region")
        .get(pk=removal.pk)
    )
    if locked.status != Removal.Status.PENDING:
        raise ValidationError(_("Someone else already decided on this proposal."))
    if locked.proposed_by_id != moderator.pk:
        raise ValidationError(_("Only who proposed a removal can take it back."))
    publication_set_status(
        publication=locked.publication,
        status=Publication.Status.PUBLISHED,
        allowed=(Publication.Status.HELD,),
    )
    locked.status = Removal.Status.WITHDRAWN
    locked.full_clean()
    locked.save()
    _audit_publication("removal_withdrawn", moderator, locked.publication)
    return locked


@transaction.atomic
def removal_undo(*, removal: Removal, moderator) -> None:
    """The moderator takes back their own removal (the queue's "Undo"):
    only while it is still the current one, not a removal someone else made
    after a restore."""
    locked = (
        Removal.objects.select_for_update()
        .select_related("publication__region")
        .get(pk=removal.pk)
    )
    if (
        locked.status != Removal.Status.CONFIRMED
        or locked.decided_by_id != moderator.pk
    ):
        raise ValidationError(
            _("Someone else changed this post's removal in the meantime.")
        )
    publication_restore(publication=locked.publication, moderator=moderator)


@transaction.atomic
def removal_decide(*, removal: Removal, decider, confirm: bool) -> Removal:
    """A project-team member other than the proposer decides on a commercial
    removal. Confirmed: the post is removed and the author is told why, with
    a link to the fair rules. Rejected: the post is back on the board."""
    removal = _decide(removal, decider)
    publication_set_status(
        publication=removal.publication,
        status=Publication.Status.REMOVED if confirm else Publication.Status.PUBLISHED,
        allowed=(Publication.Status.HELD,),
    )
    removal.status = Removal.Status.CONFIRMED if confirm else Removal.Status.REJECTED
    removal.decided_by = decider
    removal.decided_at = timezone.now()
    removal.full_clean()
    removal.save()
    if confirm:
        _audit_publication(
            "removal_confirmed", decider, removal.publication, reason=removal.note
        )
        _notify_removal(removal)
    else:
        _audit_publication("removal_rejected", decider, removal.publication)
    return removal


@transaction.atomic
def publication_restore(*, publication, moderator) -> None:
    """Put a removed publication back on the board."""

    locked = publication_set_status(
        publication=publication,
        status=Publication.Status.PUBLISHED,
        allowed=(Publication.Status.REMOVED,),
    )
    Removal.objects.filter(publication=locked, status=Removal.Status.CONFIRMED).update(
        status=Removal.Status.RESTORED
    )
    _audit_publication("restored", moderator, locked)


@transaction.atomic
def clarification_add(
    *,
    publication,
    author,
    question: str,
    answer: str,
    bsn_flagged: Sequence[str] = (),
) -> Clarification:
    clarification = Clarification(
        publication=publication,
        author=author,
        question=question.strip(),
        answer=answer.strip(),
    )
    clarification.full_clean()
    clarification.save()
    _audit_publication("clarified", author, publication, reason=clarification.question)
    bsn_flag_record(
        region=publication.region,
        target=clarification,
        fields=bsn_flagged,
        label=publication.post.title,
        written_by=author,
        url=_publication_url(publication),
    )
    return clarification


@transaction.atomic
def staff_note_add(
    *,
    region,
    author,
    text: str,
    publication=None,
    membership=None,
    bsn_flagged: Sequence[str] = (),
) -> StaffNote:
    note = StaffNote(
        region=region,
        author=author,
        text=text.strip(),
        publication=publication,
        membership=membership,
    )
    note.full_clean()
    note.save()
    if publication is not None:
        label, url = publication.post.title, _publication_url(publication)
    else:
        label = membership.display_name
        url = reverse(
            "moderation:member-notes", kwargs={"slug": region.slug, "pk": membership.pk}
        )
    bsn_flag_record(
        region=region,
        target=note,
        fields=bsn_flagged,
        label=label,
        written_by=author,
        url=url,
    )
    return note

"""Writes for accounts, join requests, memberships and region roles.

Every membership change writes an audit entry in the same transaction, and
emails the person after commit (members.tasks).
"""

import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from banenmarkt import limits
from banenmarkt.audit import audit_record, audit_record_many
from banenmarkt.bsn_flags import bsn_flag_record
from banenmarkt.data_export import data_export_write
from banenmarkt.models import EmailOptOut
from banenmarkt.outbox import enqueue_on_commit
from banenmarkt.privacy import ERASED_NAME, personal_data_erase, retention
from fairs.models import Region

from . import tasks
from .models import (
    DataExport,
    InviteLink,
    Membership,
    RegionRole,
    RoleInvitation,
    User,
)

PROFILE_FIELDS = (
    "display_name",
    "kind",
    "organisation",
    "town",
    "linkedin_url",
    "introduction",
)


class MembershipStateError(ValidationError):
    """The request is no longer in a state that allows this (e.g. a second
    moderator acted first, or a double click)."""


def _notify(membership: Membership, event: str) -> None:
    enqueue_on_commit(tasks.membership_notify, membership.pk, event)


# What other contexts do when someone's membership of a region ends (they
# leave, or a moderator ends it): the board withdraws their posts there. The
# board sits above this app, so it registers its handler (FairsConfig.ready)
# instead of being imported here; handlers run in the same transaction.
MEMBERSHIP_END_HANDLERS: list[Callable[..., object]] = []


def membership_end_handlers_register(handler: Callable[..., object]) -> None:
    """`handler(user=..., region=...)` runs whenever a membership ends."""
    if handler not in MEMBERSHIP_END_HANDLERS:
        MEMBERSHIP_END_HANDLERS.append(handler)


def _locked(membership: Membership, *allowed: str) -> Membership:
    """Re-read the row under a lock and check its status, so two moderators (or
    two clicks) acting at once leave one consistent result."""
    current = Membership.objects.select_for_update().get(pk=membership.pk)
    if current.status not in allowed:
        raise MembershipStateError(
            _("This request has already been handled (status: %(status)s).")
            % {"status": current.get_status_display()}
        )
    return current


def _flag(
    membership: Membership, *, fields: Sequence[str], written_by: User, url: str = ""
) -> None:
    """Flag the texts of a request or membership with a possible BSN that
    their writer confirmed (`BsnGuardMixin`) for the region's moderators."""
    bsn_flag_record(
        region=membership.region,
        target=membership,
        fields=fields,
        label=membership.display_name,
        written_by=written_by,
        url=url,
    )


def _join_queue(region: Region) -> str:
    return reverse("members:join-queue", kwargs={"slug": region.slug})


def _apply(
    membership: Membership,
    *,
    actor: User | None,
    action: str,
    reason: str = "",
    notify: str = "",
    bsn_flagged: Sequence[str] = (),
    bsn_url: str = "",
    **fields,
) -> Membership:
    """The one sequence of every membership state change, on a row locked
    with `_locked`: set the fields, validate, save, record the audit entry
    (and the flags of texts with a possible BSN, `bsn_flagged` as model
    field names) in the same transaction and, with `notify`, tell the person
    after the commit."""
    for name, value in fields.items():
        setattr(membership, name, value)
    # The profile was checked when it was written; a change of state checks
    # everything else (a profile stored under older rules must not stop
    # someone from leaving).
    membership.full_clean(exclude=[f for f in PROFILE_FIELDS if f not in fields])
    membership.save()
    audit_record(
        action=f"members.membership.{action}",
        actor=actor,
        region=membership.region,
        target=membership,
        reason=reason,
    )
    if bsn_flagged:
        _flag(membership, fields=bsn_flagged, written_by=actor, url=bsn_url)
    if notify:
        _notify(membership, notify)
    return membership


@transaction.atomic
def user_ensure_verified(
    *, email: str, password: str, name: str = "", is_platform_admin: bool = False
) -> tuple[User, bool]:
    """Get or create an account whose email address is verified (demo data,
    support). Resets the password, so a rerun restores known credentials.
    Returns (user, created)."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email)
    user.name = name
    user.is_staff = user.is_superuser = is_platform_admin
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, created


def display_name_taken_in(
    *, name: str, regions: Sequence[Region], user: User
) -> list[Region]:
    """The regions among `regions` where someone else already goes by `name`
    (whatever the case) in a request or membership."""
    taken = set(
        Membership.objects.filter(
            region__in=regions,
            status__in=Membership.CURRENT,
            display_name__iexact=name.strip(),
        )
        .exclude(user=user)
        .values_list("region_id", flat=True)
    )
    return [region for region in regions if region.pk in taken]


def display_name_error(regions: Sequence[Region], name: str) -> ValidationError:
    return ValidationError(
        {
            "display_name": _(
                "Someone in %(regions)s already uses the name “%(name)s”. "
                "Choose another name, for example with your town or an initial."
            )
            % {"regions": ", ".join(r.name for r in regions), "name": name}
        },
        code="display_name_taken",
    )


def _display_name_check(*, name: str, regions: Sequence[Region], user: User) -> None:
    taken = display_name_taken_in(name=name, regions=regions, user=user)
    if taken:
        raise display_name_error(taken, name)


@transaction.atomic
def membership_request(
    *,
    user: User,
    regions: list[Region],
    ip: str = "",
    bsn_flagged: Sequence[str] = (),
    invite_links: Sequence[InviteLink] = (),
    **profile,
) -> list[Membership]:
    """Ask to join one or more regions with one profile. Regions where the
    person already is a member or has an open request are skipped. Asking
    again and again (withdraw, ask, withdraw) meets a limit per region.
    `bsn_flagged`: profile fields with a possible BSN the person confirmed;
    each region's moderators get a flag. `invite_links`: the links the
    person came through (first first); a request records the first active
    one of its region."""
    came_through = {}
    for link in invite_links:
        if link.is_active:
            came_through.setdefault(link.region_id, link)
    since = limits.JOIN_REQUESTS.since()
    churn = (
        Membership.objects.filter(
            user=user, region__in=regions, requested_at__gte=since
        )
        .values("region_id")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    limits.member_limit_check(
        limit=limits.JOIN_REQUESTS, recent=max(churn, default=0), user_id=user.pk
    )
    limits.address_limit_hit(limit=limits.JOIN_REQUESTS, address=ip)
    current = set(
        Membership.objects.filter(
            user=user, region__in=regions, status__in=Membership.CURRENT
        ).values_list("region_id", flat=True)
    )
    new_regions = [region for region in regions if region.pk not in current]
    _display_name_check(
        name=profile.get("display_name", ""), regions=new_regions, user=user
    )
    created = []
    for region in new_regions:
        membership = Membership(
            user=user,
            region=region,
            invite_link=came_through.get(region.pk),
            **profile,
        )
        membership.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                membership.save()
        except IntegrityError:
            if Membership.objects.filter(
                user=user, region=region, status__in=Membership.CURRENT
            ).exists():
                continue  # a second click at the same moment: the first counts
            # Someone else took the name at the same moment.
            raise display_name_error([region], membership.display_name) from None
        audit_record(
            action="members.membership.requested",
            actor=user,
            region=region,
            target=membership,
        )
        _flag(
            membership,
            fields=bsn_flagged,
            written_by=user,
            url=_join_queue(region),
        )
        created.append(membership)
    return created


@transaction.atomic
def membership_approve(
    *, membership: Membership, moderator: User, notify: bool = True
) -> Membership:
    return _apply(
        _locked(membership, *Membership.OPEN_REQUEST),
        actor=moderator,
        action="approved",
        notify="approved" if notify else "",
        status=Membership.Status.ACTIVE,
        decided_at=timezone.now(),
        decided_by=moderator,
    )


@transaction.atomic
def membership_approve_many(*, region: Region, moderator: User, ids: list[int]) -> int:
    """Approve many pending requests of one region at once (a fair morning).
    Requests another moderator already handled are left as they are. Returns
    how many were approved."""
    pending = list(
        Membership.objects.select_for_update(skip_locked=True).filter(
            region=region, pk__in=ids, status__in=Membership.OPEN_REQUEST
        )
    )
    if not pending:
        return 0
    for membership in pending:
        membership.region = region
    now = timezone.now()
    Membership.objects.filter(pk__in=[m.pk for m in pending]).update(
        status=Membership.Status.ACTIVE, decided_at=now, decided_by=moderator
    )
    audit_record_many(
        action="members.membership.approved",
        actor=moderator,
        region=region,
        targets=pending,
    )
    approved_ids = [m.pk for m in pending]
    enqueue_on_commit(tasks.membership_notify_many, approved_ids, "approved")
    return len(pending)


@transaction.atomic
def membership_ask_question(
    *,
    membership: Membership,
    moderator: User,
    question: str,
    bsn_flagged: Sequence[str] = (),
) -> Membership:
    """Hold a request with an odd pseudonym or an empty profile: ask why. The
    request stays open until the person answers or edits it."""
    return _apply(
        _locked(membership, *Membership.OPEN_REQUEST),
        actor=moderator,
        action="question_asked",
        reason=question.strip(),
        notify="question",
        bsn_flagged=bsn_flagged,
        bsn_url=_join_queue(membership.region),
        status=Membership.Status.QUESTION,
        question=question.strip(),
        question_asked_at=timezone.now(),
        answer="",
        answered_at=None,
    )


@transaction.atomic
def membership_request_update(
    *,
    membership: Membership,
    user: User,
    answer: str = "",
    bsn_flagged: Sequence[str] = (),
    **profile,
) -> Membership:
    """The person edits an open request and/or answers the moderator's
    question; the request goes back to the approval queue."""
    membership = _locked(membership, *Membership.OPEN_REQUEST)
    if membership.user_id != user.pk:
        raise PermissionError("Only the person who asked can change a request.")
    fields = {name: profile[name] for name in PROFILE_FIELDS if name in profile}
    if "display_name" in fields:
        _display_name_check(
            name=fields["display_name"], regions=[membership.region], user=user
        )
    if answer.strip():
        fields.update(answer=answer.strip(), answered_at=timezone.now())
    was_question = membership.status == Membership.Status.QUESTION
    return _apply(
        membership,
        actor=user,
        action="answered" if was_question else "edited",
        reason=fields.get("answer", membership.answer) if was_question else "",
        status=Membership.Status.PENDING,
        bsn_flagged=bsn_flagged,
        bsn_url=_join_queue(membership.region),
        **fields,
    )


@transaction.atomic
def membership_decline(
    *,
    membership: Membership,
    moderator: User,
    reason: str,
    note: str = "",
    bsn_flagged: Sequence[str] = (),
) -> Membership:
    """Decline for good, only with a reason (spam, fake account, other with an
    explanation). The person is told why."""
    membership = _locked(membership, *Membership.OPEN_REQUEST)
    if reason not in Membership.DeclineReason.values:
        raise ValidationError({"decline_reason": _("Choose a reason.")})
    if reason == Membership.DeclineReason.OTHER and not note.strip():
        raise ValidationError({"decline_note": _("Explain the reason.")})
    label = Membership.DeclineReason(reason).label
    return _apply(
        membership,
        actor=moderator,
        action="declined",
        reason=f"{label}: {note.strip()}".rstrip(": "),
        notify="declined",
        bsn_flagged=["decline_note" for f in bsn_flagged if f == "note"],
        status=Membership.Status.DECLINED,
        decline_reason=reason,
        decline_note=note.strip(),
        decided_at=timezone.now(),
        decided_by=moderator,
    )


@transaction.atomic
def membership_withdraw(*, membership: Membership, user: User) -> Membership:
    membership = _locked(membership, *Membership.OPEN_REQUEST)
    if membership.user_id != user.pk:
        raise PermissionError("Only the person who asked can withdraw a request.")
    return _apply(
        membership,
        actor=user,
        action="withdrawn",
        status=Membership.Status.WITHDRAWN,
        ended_at=timezone.now(),
    )


@transaction.atomic
def membership_leave(*, membership: Membership, user: User) -> Membership:
    """A member leaves the region; recorded, and they may ask again later.
    Their posts leave the region's board."""
    membership = _locked(membership, Membership.Status.ACTIVE)
    if membership.user_id != user.pk:
        raise PermissionError("Only members themselves can leave.")
    membership = _apply(
        membership,
        actor=user,
        action="left",
        status=Membership.Status.LEFT,
        ended_at=timezone.now(),
        ended_by=user,
    )
    _membership_ended(membership)
    return membership


@transaction.atomic
def membership_end(
    *,
    membership: Membership,
    moderator: User,
    reason: str,
    bsn_flagged: Sequence[str] = (),
) -> Membership:
    """A moderator ends a membership, always with a reason; the person is told
    and their posts leave the region's board."""
    if not reason.strip():
        raise ValidationError({"end_reason": _("Give a reason.")})
    membership = _apply(
        _locked(membership, Membership.Status.ACTIVE),
        actor=moderator,
        action="ended",
        reason=reason.strip(),
        notify="ended",
        bsn_flagged=["end_reason" for f in bsn_flagged if f == "reason"],
        status=Membership.Status.ENDED,
        ended_at=timezone.now(),
        ended_by=moderator,
        end_reason=reason.strip(),
    )
    _membership_ended(membership)
    return membership


def _membership_ended(membership: Membership) -> None:
    for handler in MEMBERSHIP_END_HANDLERS:
        handler(user=membership.user, region=membership.region)


@transaction.atomic
def role_appoint(
    *, region: Region, user: User, role: str, by: User | None
) -> RegionRole:
    """Appoint a moderator, project-team member or WSP staff member (idempotent)."""
    region_role, created = RegionRole.objects.get_or_create(
        region=region, user=user, role=role, defaults={"appointed_by": by}
    )
    if created:
        region_role.full_clean()
        audit_record(
            action="members.role.appointed",
            actor=by,
            region=region,
            target=region_role,
            data={"role": role, "user": user.email},
        )
    return region_role


@transaction.atomic
def role_give(*, region: Region, email: str, role: str, by: User) -> None:
    """Give `role` to whoever has `email`: at once to an account that has
    verified this address (who gets an email), or as an invitation that the
    address gets by email and that becomes the role when an account verifies
    it. The caller learns nothing about which it was."""
    address = (
        EmailAddress.objects.filter(email__iexact=email, verified=True)
        .select_related("user")
        .first()
    )
    if address is not None and address.user.is_active:
        region_role = role_appoint(region=region, user=address.user, role=role, by=by)
        enqueue_on_commit(tasks.role_given_notify, region_role.pk)
        return
    invitation, created = RoleInvitation.objects.get_or_create(
        email__iexact=email,
        region=region,
        role=role,
        defaults={"email": email, "invited_by": by},
    )
    if created:
        audit_record(
            action="members.role.invited",
            actor=by,
            region=region,
            target=invitation,
            data={"role": role, "email": email},
        )
    enqueue_on_commit(tasks.role_invitation_send, invitation.pk)


@transaction.atomic
def role_invitations_accept(*, user: User, email: str) -> list[RegionRole]:
    """Called when `user` verified `email`: the roles waiting for that
    address become theirs."""
    invitations = list(
        RoleInvitation.objects.select_for_update(of=("self",))
        .filter(email__iexact=email)
        .select_related("region", "invited_by")
    )
    roles = [
        role_appoint(
            region=invitation.region,
            user=user,
            role=invitation.role,
            by=invitation.invited_by,
        )
        for invitation in invitations
    ]
    RoleInvitation.objects.filter(pk__in=[i.pk for i in invitations]).delete()
    return roles


@transaction.atomic
def role_invitation_withdraw(*, invitation: RoleInvitation, by: User) -> None:
    audit_record(
        action="members.role.removed",
        actor=by,
        region=invitation.region,
        target=invitation,
        data={"role": invitation.role, "email": invitation.email},
    )
    invitation.delete()


@transaction.atomic
def role_remove(*, region_role: RegionRole, by: User) -> None:
    audit_record(
        action="members.role.removed",
        actor=by,
        region=region_role.region,
        target=region_role,
        data={"role": region_role.role, "user": region_role.user.email},
    )
    region_role.delete()


# Email preferences -------------------------------------------------------------


# --- Invite links ------------------------------------------------------------


def _invite_link_limit_check(region: Region) -> None:
    active = InviteLink.objects.filter(region=region, archived_at__isnull=True)
    if active.count() >= InviteLink.MAX_ACTIVE_PER_REGION:
        raise ValidationError(
            _(
                "This region already has %(count)d active invite links. Switch "
                "off a link you no longer use first."
            )
            % {"count": InviteLink.MAX_ACTIVE_PER_REGION},
            code="invite_link_limit",
        )


@transaction.atomic
def invite_link_create(
    *,
    region: Region,
    channel: str,
    name: str,
    by: User,
    now: datetime | None = None,
    bsn_flagged: Sequence[str] = (),
) -> InviteLink:
    """A new link to share through `channel`, with an unguessable token.
    A region has at most `InviteLink.MAX_ACTIVE_PER_REGION` active links."""
    # One region's creations wait for each other, so two clicks at once
    # cannot pass the limit together.
    Region.objects.select_for_update().filter(pk=region.pk).first()
    _invite_link_limit_check(region)
    link = InviteLink(
        region=region,
        channel=channel,
        name=name.strip(),
        created_by=by,
        created_at=now or timezone.now(),
    )
    link.full_clean()
    link.save()
    audit_record(
        action="members.invite_link.create",
        actor=by,
        region=region,
        target=link,
        data={"channel": channel},
    )
    if bsn_flagged:
        bsn_flag_record(
            region=region,
            target=link,
            fields=bsn_flagged,
            label=link.name,
            written_by=by,
            url=reverse("members:invite-links", kwargs={"slug": region.slug}),
        )
    return link


@transaction.atomic
def invite_link_archive(
    *, link: InviteLink, by: User, now: datetime | None = None
) -> InviteLink:
    """Switch a link off: it still lands, kindly, but counts nobody new."""
    link = InviteLink.objects.select_for_update().get(pk=link.pk)
    if link.archived_at is None:
        link.archived_at = now or timezone.now()
        link.full_clean()
        link.save(update_fields=["archived_at"])
        audit_record(
            action="members.invite_link.archive",
            actor=by,
            region=link.region,
            target=link,
        )
    return link


@transaction.atomic
def invite_link_reactivate(*, link: InviteLink, by: User) -> InviteLink:
    """Switch an archived link on again (within the limit)."""
    Region.objects.select_for_update().filter(pk=link.region_id).first()
    link = InviteLink.objects.select_for_update().get(pk=link.pk)
    if link.archived_at is not None:
        _invite_link_limit_check(link.region)
        link.archived_at = None
        link.full_clean()
        link.save(update_fields=["archived_at"])
        audit_record(
            action="members.invite_link.reactivate",
            actor=by,
            region=link.region,
            target=link,
        )
    return link


@transaction.atomic
def email_preferences_set(*, user, wanted: set[str], offered: list[str]) -> None:
    """Switch the offered kinds on or off as chosen. An earlier "unsubscribe
    from everything" is replaced by this explicit choice."""
    EmailOptOut.objects.filter(user=user, kind=EmailOptOut.ALL).delete()
    EmailOptOut.objects.filter(user=user, kind__in=wanted).delete()
    EmailOptOut.objects.bulk_create(
        [EmailOptOut(user=user, kind=kind) for kind in offered if kind not in wanted],
        ignore_conflicts=True,
    )


def email_unsubscribe(*, user, kind: str) -> None:
    """One kind off (or all). Idempotent: a second click changes nothing."""
    EmailOptOut.objects.get_or_create(user=user, kind=kind)


def email_resubscribe(*, user, kind: str) -> None:
    """Undo an unsubscribe from the page it led to."""
    EmailOptOut.objects.filter(user=user, kind=kind).delete()


# Download my data ----------------------------------------------------------------

# A download holds everything about a person: building one is work for the
# database, so once a day is enough.
DATA_EXPORT_INTERVAL = timedelta(days=1)
# A build that did not finish in this time failed for good (its retries
# are long over): the cleanup removes it, so the person can ask again.
DATA_EXPORT_STALE = timedelta(days=1)


class DataExportRefused(ValidationError):
    """Asked again while one is being built, or within a day."""


def _data_export_delete(export: DataExport) -> None:
    """The file first, then the row: a failure in between leaves a row
    without a file (the next cleanup removes it), never a file without a row."""
    if export.file:
        export.file.delete(save=False)
    export.delete()


@transaction.atomic
def data_export_request(*, user: User, now: datetime) -> DataExport:
    """Ask for a download of one's data. It is built in the background
    (`data_export_build`); an earlier download and its file go now. A
    second click while one is being built, or a new request within a day,
    is refused with the reason (no duplicate: also a constraint)."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # one at a time
    latest = DataExport.objects.filter(user=user).order_by("-requested_at").first()
    if latest is not None and latest.ready_at is None:
        raise DataExportRefused(
            _(
                "We are already making your download. We will send you an "
                "email when it is ready."
            ),
            code="in_progress",
        )
    if latest is not None and latest.requested_at > now - DATA_EXPORT_INTERVAL:
        again = timezone.localtime(latest.requested_at + DATA_EXPORT_INTERVAL)
        raise DataExportRefused(
            _("You can ask for your data once a day. You can ask again from %(when)s.")
            % {"when": formats.date_format(again, "j F, H:i")},
            code="too_soon",
        )
    for old in DataExport.objects.filter(user=user):
        _data_export_delete(old)
    export = DataExport(user=user, requested_at=now)
    export.full_clean()
    try:
        with transaction.atomic():
            export.save()
    except IntegrityError as error:  # a second request in the same instant
        raise DataExportRefused(
            _(
                "We are already making your download. We will send you an "
                "email when it is ready."
            ),
            code="in_progress",
        ) from error
    enqueue_on_commit("members.tasks.data_export_build", export.pk)
    return export


@transaction.atomic
def data_export_build(*, export_id: int, now: datetime) -> bool:
    """Build the ZIP (banenmarkt.data_export) into private storage and mark
    the download ready until `now` plus the retention period "export_file";
    the email follows after the commit. Idempotent: a download that is ready,
    gone, or being built by another worker (its row is locked) is left
    alone. Returns whether it built one."""
    export = (
        DataExport.objects.select_for_update(skip_locked=True)
        .filter(pk=export_id, ready_at__isnull=True)
        .first()
    )
    if export is None:
        return False
    user = User.objects.get(pk=export.user_id)
    # On disk (a temporary file, mode 0600, gone when closed), never in memory.
    with tempfile.TemporaryFile() as scratch:
        data_export_write(user=user, out=scratch, now=now)
        scratch.seek(0)
        export.file.save("export.zip", File(scratch), save=False)
    try:
        export.ready_at = now
        export.expires_at = now + retention("export_file").period
        export.full_clean()
        export.save()
    except Exception:
        export.file.delete(save=False)
        raise
    enqueue_on_commit("members.tasks.data_export_ready_notify", export.pk)
    return True


def data_export_downloaded(*, export: DataExport, now: datetime) -> None:
    """Remember the first download (shown on the page)."""
    DataExport.objects.filter(pk=export.pk, downloaded_at__isnull=True).update(
        downloaded_at=now
    )


def data_export_notify_claim(*, export_id: int, now: datetime) -> DataExport | None:
    """The ready download whose email is still to go, marked as sent; None
    when it went before (a redelivered task sends nothing twice)."""
    claimed = DataExport.objects.filter(
        pk=export_id, ready_at__isnull=False, notified_at__isnull=True
    ).update(notified_at=now)
    if not claimed:
        return None
    return DataExport.objects.select_related("user").get(pk=export_id)


def data_export_notify_release(*, export: DataExport) -> None:
    """The email did not leave (a mail server away): the retry may send it."""
    DataExport.objects.filter(pk=export.pk).update(notified_at=None)


@transaction.atomic
def data_exports_delete_expired(*, now: datetime, limit: int = 500) -> int:
    """Delete downloads whose time is up, file and row, and builds that
    failed for good. Idempotent; rows another run holds are skipped."""
    due = DataExport.objects.select_for_update(skip_locked=True).filter(
        Q(expires_at__lte=now)
        | Q(ready_at__isnull=True, requested_at__lte=now - DATA_EXPORT_STALE)
    )
    exports = list(due.order_by("pk")[:limit])
    for export in exports:
        _data_export_delete(export)
    return len(exports)


# --- Deleting an account (docs/privacy.md, "Deleting an account") ----------

# What other contexts do just before an account's rows are erased, in the same
# transaction: the report freezes the figures of the closed editions the
# person counted in (placements registers it in its AppConfig.ready).
ACCOUNT_DELETE_HANDLERS: list[Callable[..., object]] = []


def account_delete_handlers_register(handler: Callable[..., object]) -> None:
    """`handler(user=..., now=...)` runs before an account is erased."""
    if handler not in ACCOUNT_DELETE_HANDLERS:
        ACCOUNT_DELETE_HANDLERS.append(handler)


def _sessions_of(user: User, now: datetime) -> list[str]:
    """The keys of the person's sessions. Sessions are not indexed by user,
    so each live one is decoded: a deletion is rare, sessions live 14 days."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = []
    rows = Session.objects.filter(expire_date__gt=now).values_list(
        "session_key", "session_data"
    )
    for key, data in rows.iterator():
        if store().decode(data).get(SESSION_KEY) == str(user.pk):
            keys.append(key)
    return keys


def _after_commit_erase(files, session_keys) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for storage, name in files:
        storage.delete(name)
    for key in session_keys:
        store(session_key=key).delete()


@transaction.atomic
def account_delete(
    *,
    user: User,
    by: User | None,
    reason: str = "",
    region: Region | None = None,
    now: datetime | None = None,
    bsn_flagged: Sequence[str] = (),
) -> bool:
    """Delete `user`'s account and everything the registry of personal data
    (banenmarkt.privacy) says goes with it; what stays for the public bodies'
    records keeps no name. `by` is the person themself, or the moderator (of
    `region`) or platform admin who deletes it on their request, with a
    `reason`. Idempotent: False when the account is already gone.

    One transaction: the report's figures of closed editions are frozen
    first, then the rows are erased, the deletion is audited (without
    personal data) and the user row goes last; CV files and sessions are
    deleted once it has committed."""
    now = now or timezone.now()
    user = User.objects.select_for_update().filter(pk=user.pk).first()
    if user is None:
        return False
    # by=None: the retention sweep (members/retention.py), with its reason.
    self_service = by is not None and by.pk == user.pk
    automatic = by is None
    reason = reason.strip()
    if not self_service and not reason:
        raise ValidationError(_("Give the reason for deleting this account."))
    emails = {
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    }
    names = {
        user.name,
        *emails,
        *Membership.objects.filter(user=user).values_list("display_name", flat=True),
    }
    for handler in ACCOUNT_DELETE_HANDLERS:
        handler(user=user, now=now)
    entry = audit_record(
        action="members.account.deleted",
        actor=None if self_service else by,
        region=None if self_service else region,
        target=user,
        target_label=ERASED_NAME,
        reason="" if self_service else reason,
        data={"self_service": self_service, "automatic": automatic},
    )
    if region is not None and not self_service:
        bsn_flag_record(
            region=region,
            target=entry,
            fields=bsn_flagged,
            label=ERASED_NAME,
            written_by=by,
        )
    session_keys = _sessions_of(user, now)
    # Downloads of their data: not in the registry's `files` (a download is
    # never put into the next one), but their files go too.
    files = [
        (export.file.storage, export.file.name)
        for export in DataExport.objects.filter(user=user).exclude(file="")
    ]
    files += personal_data_erase(user=user, names=names)
    for email in emails:
        RoleInvitation.objects.filter(email__iexact=email).delete()
    User.objects.filter(pk=user.pk).delete()
    transaction.on_commit(lambda: _after_commit_erase(files, session_keys))
    return True

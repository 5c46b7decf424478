"""Writes of the after-fair work."""

import csv
import io
import secrets
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from banenmarkt import scheduler
from banenmarkt.audit import audit_record
from banenmarkt.bsn_flags import bsn_flag_record
from fairs.models import Edition, Publication, Region
from members.models import Membership

from .models import (
    CallBack,
    KnownEmployer,
    Placement,
    SurveyAnswer,
    SurveyInvitation,
    organisation_key,
)
from .report import edition_figures_freeze
from .selectors import call_back_rows, edition_job_seekers

MAX_IMPORT_BYTES = 1024 * 1024
# PlacementForm's field names that differ from the model's.
PLACEMENT_FIELDS = {"name": "job_seeker_name"}
HEADER_WORDS = {"naam", "name", "organisatie", "organisation", "werkgever", "employer"}


@transaction.atomic
def known_employer_add(
    *, region, name: str, by, bsn_flagged: Sequence[str] = ()
) -> tuple[KnownEmployer, bool]:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Fill in the name of the employer."))
    employer, created = KnownEmployer.objects.get_or_create(
        region=region,
        key=organisation_key(name),
        defaults={"name": name, "added_by": by},
    )
    if created:
        bsn_flag_record(
            region=region,
            target=employer,
            fields=bsn_flagged,
            label=employer.name,
            written_by=by,
            url=reverse("placements:known-employers", kwargs={"slug": region.slug}),
        )
    return employer, created


@transaction.atomic
def known_employers_import(*, region, upload, by) -> tuple[int, int]:
    """Add the employers of a CSV file (one name per line, in the first
    column; a header row is skipped). Returns (added, already known)."""
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(_("The file is too big. It may be at most 1 MB."))
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise ValidationError(
                _(
                    "This is not a CSV file. Save the list from Excel as CSV and try again."
                )
            ) from None
    if "\x00" in text:
        raise ValidationError(
            _("This is not a CSV file. Save the list from Excel as CSV and try again.")
        )
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel  # one column: no delimiter to find
    names = []
    for row in csv.reader(io.StringIO(text), dialect):
        name = " ".join((row[0] if row else "").split())
        if name and not (not names and name.lower() in HEADER_WORDS):
            names.append(name)
    existing = set(
        KnownEmployer.objects.filter(region=region).values_list("key", flat=True)
    )
    new = {}
    for name in names:
        key = organisation_key(name)
        if key not in existing and key not in new:
            new[key] = KnownEmployer(
                region=region, name=name[:150], key=key, added_by=by
            )
    KnownEmployer.objects.bulk_create(new.values(), ignore_conflicts=True)
    return len(new), len(names) - len(new)


@transaction.atomic
def call_back_record(
    *,
    region,
    edition,
    organisation: str,
    caller,
    outcome: str,
    placements_reported: int = 0,
    placement_names: str = "",
    notes: str = "",
    bsn_flagged: Sequence[str] = (),
) -> CallBack:
    """Record a call to an organisation: who called and when, and how it went.
    Texts with a possible BSN the caller confirmed are flagged."""
    call_back, _created = CallBack.objects.select_for_update().get_or_create(
        edition=edition,
        key=organisation_key(organisation),
        defaults={"region": region, "organisation": organisation},
    )
    call_back.called_by = caller
    call_back.called_at = timezone.now()
    call_back.outcome = outcome
    call_back.placements_reported = placements_reported
    call_back.placement_names = placement_names.strip()
    call_back.notes = notes.strip()
    call_back.full_clean()
    call_back.save()
    bsn_flag_record(
        region=region,
        target=call_back,
        fields=bsn_flagged,
        label=call_back.organisation,
        written_by=caller,
        url=reverse(
            "placements:call-backs", kwargs={"slug": region.slug, "pk": edition.pk}
        ),
    )
    return call_back


@transaction.atomic
def call_backs_prepare(*, edition) -> None:
    """At closing: one call-back row for every organisation that offered
    vacancies, so staff see the whole list and its progress at once.
    Idempotent."""

    rows = call_back_rows(region=edition.region, edition=edition)
    CallBack.objects.bulk_create(
        [
            CallBack(
                region=edition.region,
                edition=edition,
                organisation=row["name"],
                key=row["key"],
            )
            for row in rows
            if row["call"] is None
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def call_backs_assign(*, region, edition, organisations: list[str], assignee) -> int:
    """Split the list among staff: give these organisations to `assignee`
    (or to nobody)."""
    for organisation in organisations:
        call_back, _created = CallBack.objects.get_or_create(
            edition=edition,
            key=organisation_key(organisation),
            defaults={"region": region, "organisation": organisation},
        )
        call_back.assigned_to = assignee
        call_back.save(update_fields=["assigned_to"])
    return len(organisations)


def _booking_reference(*, region, edition, fields: dict) -> None:
    """In a region that books on one umbrella vacancy per fair the booking
    reference is that vacancy's number; otherwise the number of the vacancy
    record made for this placement, which must be filled in."""
    if region.booking_mode == Region.BookingMode.UMBRELLA:
        if not edition.umbrella_vacancy_number:
            raise ValidationError(
                _(
                    "First fill in the registration number of this fair's umbrella vacancy."
                )
            )
        fields["booking_reference"] = edition.umbrella_vacancy_number
    elif not fields.get("booking_reference", "").strip():
        raise ValidationError(
            {
                "booking_reference": _(
                    "Fill in the number of the vacancy record for this placement."
                )
            }
        )


def _placement_flag(*, placement, by, bsn_flagged: Sequence[str]) -> None:
    bsn_flag_record(
        region=placement.region,
        target=placement,
        fields=[
            name
            for name in (PLACEMENT_FIELDS.get(f, f) for f in bsn_flagged)
            if getattr(placement, name, "")
        ],
        label=placement.employer,
        written_by=by,
        url=reverse(
            "placements:placements",
            kwargs={"slug": placement.region.slug, "pk": placement.edition_id},
        ),
    )


@transaction.atomic
def placement_record(
    *,
    region,
    edition,
    recorded_by,
    call_back: CallBack | None = None,
    bsn_flagged: Sequence[str] = (),
    **fields,
) -> Placement:
    """Record "het streepje", from a call (`call_back`: the call in which the
    employer reported it) or otherwise. Texts with a possible BSN the
    recorder confirmed are flagged."""

    if call_back is not None:
        if call_back.edition_id != edition.pk:
            raise ValidationError(_("This call belongs to another fair."))
        # Two clicks at once wait for each other here: never more placements
        # from a call than the employer reported (the funders' figure).
        call_back = CallBack.objects.select_for_update().get(pk=call_back.pk)
        if call_back.placements.count() >= call_back.placements_reported:
            raise ValidationError(
                _(
                    "Every placement from this call is recorded. Record another "
                    "one on the placements page."
                ),
                code="call_complete",
            )
    _booking_reference(region=region, edition=edition, fields=fields)
    placement = Placement(
        region=region,
        edition=edition,
        recorded_by=recorded_by,
        call_back=call_back,
        **fields,
    )
    placement.full_clean()
    placement.save()
    audit_record(
        action="placements.placement.recorded",
        actor=recorded_by,
        region=region,
        target=placement,
        data={"call_back": call_back.pk} if call_back else None,
    )
    _placement_flag(placement=placement, by=recorded_by, bsn_flagged=bsn_flagged)
    return placement


@transaction.atomic
def placement_correct(
    *, placement: Placement, by, bsn_flagged: Sequence[str] = (), **fields
) -> Placement:
    """Correct a recorded placement (a typo, the wrong person, another start
    date). Whoever may record placements may correct them; the audit log
    names who did and which fields changed (not their values: they may name
    the job seeker). The booking follows the same rule as recording."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    fields.setdefault("booking_reference", placement.booking_reference)
    _booking_reference(
        region=placement.region, edition=placement.edition, fields=fields
    )
    changed = sorted(
        name for name, value in fields.items() if getattr(placement, name) != value
    )
    for name, value in fields.items():
        setattr(placement, name, value)
    placement.full_clean()
    placement.save()
    if changed:
        audit_record(
            action="placements.placement.corrected",
            actor=by,
            region=placement.region,
            target=placement,
            data={"fields": changed},
        )
    _placement_flag(placement=placement, by=by, bsn_flagged=bsn_flagged)
    return placement


@transaction.atomic
def placement_delete(
    *, placement: Placement, by, reason: str, bsn_flagged: Sequence[str] = ()
) -> None:
    """Delete a placement recorded by mistake (twice, or not through the
    fair), with a reason, kept in the audit log. A possible BSN the deleter
    confirmed in the reason is flagged on that entry."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the placement goes.")})
    entry = audit_record(
        action="placements.placement.deleted",
        actor=by,
        region=placement.region,
        target=placement,
        reason=reason,
        data={"edition": placement.edition_id},
    )
    bsn_flag_record(
        region=placement.region,
        target=entry,
        fields=["reason"] if bsn_flagged else [],
        label=placement.employer,
        written_by=by,
        url=reverse("moderation:audit-log", kwargs={"slug": placement.region.slug}),
    )
    placement.delete()


def survey_participants(*, edition):

    return edition_job_seekers(region=edition.region, edition=edition)


@transaction.atomic
def survey_invite(*, edition) -> int:
    """Invite every job seeker who took part in the edition to the survey,
    once: a second run invites nobody twice (also not the scheduled run the
    day after the fair). Returns how many were invited."""
    user_ids = survey_invitations_create(edition=edition)
    return scheduler.chunks_enqueue(
        "survey", scheduler.edition_key(edition.pk), user_ids
    )


def survey_invitations_create(*, edition) -> list[int]:
    """An invitation (with its own answer link) for every participant who has
    none yet. Returns the ids of the users newly invited."""

    invited = set(
        SurveyInvitation.objects.filter(edition=edition).values_list(
            "membership_id", flat=True
        )
    )
    new = [
        SurveyInvitation(edition=edition, membership=m, token=secrets.token_urlsafe(32))
        for m in survey_participants(edition=edition)
        if m.pk not in invited
    ]
    SurveyInvitation.objects.bulk_create(new, ignore_conflicts=True)
    return sorted({i.membership.user_id for i in new})


@transaction.atomic
def survey_answer(
    *, token: str, anonymous: bool, bsn_flagged: Sequence[str] = (), **answers
):
    """Store one answer per invitation. Anonymous: the answer keeps no link
    to the invitation and no time, only the date, and a flag for a possible
    BSN names no writer."""

    invitation = (
        SurveyInvitation.objects.select_for_update()
        .select_related("edition__region")
        .get(token=token)
    )
    if invitation.is_answered:
        raise ValidationError(_("You already answered this survey. Thank you!"))
    answer = SurveyAnswer(
        region=invitation.edition.region,
        edition=invitation.edition,
        invitation=None if anonymous else invitation,
        answered_on=timezone.localdate(),
        **answers,
    )
    answer.full_clean()
    answer.save()
    invitation.is_answered = True
    invitation.save(update_fields=["is_answered"])
    bsn_flag_record(
        region=invitation.edition.region,
        target=answer,
        fields=bsn_flagged,
        label=str(invitation.edition),
        written_by=None if anonymous else invitation.membership.user,
    )
    return answer


def edition_figures_freeze_for_post(*, post, now) -> int:
    """Before a pitch is deleted (fairs.services.pitch_delete): freeze the
    report figures of the closed editions of the regions it was published
    in (the figures count reactions and members too, so every closed edition
    of those regions, as for a deleted account)."""
    region_ids = set(
        Publication.objects.filter(post=post).values_list("region_id", flat=True)
    )
    editions = Edition.objects.filter(
        region_id__in=region_ids, is_cancelled=False, ends_at__lte=now
    ).select_related("region")
    return edition_figures_freeze(editions=list(editions), now=now)


def edition_figures_freeze_for_member(*, user, now) -> int:
    """Before `user`'s account is deleted (members.services.account_delete):
    freeze the report figures of every closed edition of the regions they
    were in, posted in or reacted in, so those reports stay as they were."""
    region_ids = {
        *Membership.objects.filter(user=user).values_list("region_id", flat=True),
        *Publication.objects.filter(post__author=user).values_list(
            "region_id", flat=True
        ),
        *Publication.objects.filter(reactions__author=user).values_list(
            "region_id", flat=True
        ),
    }
    editions = Edition.objects.filter(
        region_id__in=region_ids, is_cancelled=False, ends_at__lte=now
    ).select_related("region")
    return edition_figures_freeze(editions=list(editions), now=now)

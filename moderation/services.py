"""Writes of the moderation context. For now: the audit log, which the
membership services write to in the same transaction as their change."""

from collections.abc import Iterable

from django.db import models

from .models import AuditEntry


def _entry(
    *, action: str, actor, region, target: models.Model, reason: str, data
) -> AuditEntry:
    entry = AuditEntry(
        action=action,
        actor=actor,
        region=region,
        target_type=target._meta.model_name,
        target_id=target.pk,
        target_label=str(target)[:200],
        reason=reason,
        data=data or {},
    )
    entry.full_clean()
    return entry


def audit_record(
    *,
    action: str,
    actor,
    region,
    target: models.Model,
    reason: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """Append one entry. Call it inside the transaction of the change."""
    entry = _entry(
        action=action,
        actor=actor,
        region=region,
        target=target,
        reason=reason,
        data=data,
    )
    entry.save()
    return entry


def audit_record_many(
    *, action: str, actor, region, targets: Iterable[models.Model], reason: str = ""
) -> list[AuditEntry]:
    """One entry per target in one INSERT (bulk approval of join requests)."""
    entries = [
        _entry(
            action=action,
            actor=actor,
            region=region,
            target=t,
            reason=reason,
            data=None,
        )
        for t in targets
    ]
    return AuditEntry.objects.bulk_create(entries)


def report_create(*, publication, reaction=None, reporter, reason: str):
    """A member reports a post or reaction. A second report of the same thing
    by the same member adds nothing."""
    from .models import Report

    report, _created = Report.objects.get_or_create(
        publication=publication,
        reaction=reaction,
        reporter=reporter,
        defaults={"reason": reason.strip()},
    )
    return report

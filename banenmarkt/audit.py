"""The audit log: every moderation decision and membership change, with who,
when, what and why, written in the same transaction as the change.

The ground floor keeps the log; each app registers the labels of its own
actions (`actions_register` in its AppConfig.ready), so the log page can name
them without knowing the apps. Targets are named by their model label
("fairs.publication") and id, never by a foreign key, so any model can be a
target.
"""

from collections.abc import Iterable

from django.db import models

from .audit_actions import action_label, actions_register
from .models import AuditEntry

__all__ = ["action_label", "actions_register", "audit_record", "audit_record_many"]


def target_type(target: models.Model) -> str:
    """How a target's model is named in the log: its label, "app.model"."""
    return target._meta.label_lower


def _entry(
    *,
    action: str,
    actor,
    region,
    target: models.Model,
    reason: str,
    data,
    target_label: str | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        action=action,
        actor=actor,
        region=region,
        target_type=target_type(target),
        target_id=target.pk,
        target_label=(str(target) if target_label is None else target_label)[:200],
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
    target_label: str | None = None,
) -> AuditEntry:
    """Append one entry. Call it inside the transaction of the change.
    `target_label` replaces the target's own name where that would repeat
    what someone wrote (a flagged text)."""
    entry = _entry(
        action=action,
        actor=actor,
        region=region,
        target=target,
        reason=reason,
        data=data,
        target_label=target_label,
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

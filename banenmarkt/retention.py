"""Nothing kept longer than needed: one daily job runs every app's sweeps
(docs/privacy.md, "Retention").

Each app registers its sweeps in its AppConfig.ready with `sweep_register`: a
function `sweep(now) -> int` that removes (or strips of personal data) what
passed its period from `banenmarkt.privacy.RETENTION`, in bounded batches,
and returns how many rows it handled. Sweeps are idempotent: run twice, the
second run finds nothing. Each sweep runs in its own transaction, so one that
fails does not hold back the others; every run is written to the audit log
(counts only, no personal data).
"""

import logging
from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .privacy import retention

logger = logging.getLogger(__name__)

Sweep = Callable[[datetime], int]
_SWEEPS: dict[str, Sweep] = {}
# Rows a sweep handles per run at most: a backlog is worked off over days,
# never in one long transaction.
BATCH = 2000


def sweep_register(key: str, sweep: Sweep) -> None:
    if key in _SWEEPS and _SWEEPS[key] is not sweep:
        raise ValueError(f"sweep {key} registered twice")
    _SWEEPS[key] = sweep


def sweeps() -> dict[str, Sweep]:
    return dict(sorted(_SWEEPS.items()))


def sweeps_run(*, now: datetime | None = None) -> dict[str, int]:
    """Run every sweep once; returns rows handled per sweep (-1: failed)."""
    # The models, only when the apps are ready (apps import this module in
    # their AppConfig to register their sweeps).
    from .audit import audit_record  # noqa: PLC0415
    from .models import JobRun  # noqa: PLC0415

    now = now or timezone.now()
    handled = {}
    for key, sweep in sweeps().items():
        try:
            with transaction.atomic():
                count = sweep(now)
                if count:
                    # The day's record of this sweep (JobRun counts its rows).
                    run, _created = JobRun.objects.get_or_create(
                        job="retention", key=f"{key}@{timezone.localdate(now)}"
                    )
                    run.recipients += count
                    run.save(update_fields=["recipients"])
                    audit_record(
                        action="banenmarkt.retention.swept",
                        actor=None,
                        region=None,
                        target=run,
                        reason=key,
                        data={"sweep": key, "rows": count},
                    )
        except Exception:
            logger.exception("retention sweep %s failed", key)
            count = -1
        handled[key] = count
    return handled


def notifications_sweep(now: datetime) -> int:
    """Which emails someone got: kept for the notification_log period."""
    from .models import Notification  # noqa: PLC0415

    cutoff = now - retention("notification_log").period
    ids = list(
        Notification.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[
            :BATCH
        ]
    )
    return Notification.objects.filter(pk__in=ids).delete()[0]


def audit_log_sweep(now: datetime) -> int:
    """The audit log (with the text of removed posts it refers to, kept by
    the board for as long): kept for the `audit` period."""
    from .models import AuditEntry  # noqa: PLC0415

    cutoff = now - retention("audit").period
    ids = list(
        AuditEntry.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[
            :BATCH
        ]
    )
    return AuditEntry.objects.filter(pk__in=ids).delete()[0]

"""Flags for the moderators: texts saved with a number that may be a BSN.

A form with `BsnGuardMixin` lets someone save a text with a bare valid
number once they tick that it is not a BSN, and names the fields in
`form.bsn_flagged_fields`. The view passes those names to the service that
stores the text, which calls `bsn_flag_record` in its transaction: the flag
and its audit entry exist exactly when the text does. A moderator of the
region checks the flag (`moderation`'s "Possible BSN" page) and closes it
with `bsn_flag_check`. Posts have their own flag (`Publication.bsn_flag`).
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_record, target_type
from .bsn import mask
from .models import BsnFlag

# Their labels are registered in banenmarkt.apps.
RAISED = "banenmarkt.bsn_flag.raised"
CHECKED = "banenmarkt.bsn_flag.checked"


@transaction.atomic
def bsn_flag_record(
    *,
    region,
    target: models.Model,
    fields: Iterable[str],
    label: str,
    written_by=None,
    url: str = "",
) -> list[BsnFlag]:
    """One open flag per field of `target` that holds a bare valid number,
    and one audit entry. Call it inside the transaction that stores the
    text; nothing happens for no fields. `label` names the text for the
    moderators (a post title, a display name); a number in it is masked.
    `written_by` is None when the writer must stay unknown (an anonymous
    survey answer)."""
    fields = list(dict.fromkeys(fields))
    if not fields:
        return []
    label = mask(label)[:200]
    flags = []
    for field in fields:
        flag = BsnFlag(
            region=region,
            target_type=target_type(target),
            target_id=target.pk,
            target_label=label,
            field=field,
            url=url,
            written_by=written_by,
        )
        flag.full_clean()
        flags.append(flag)
    BsnFlag.objects.bulk_create(flags)
    audit_record(
        action=RAISED,
        actor=written_by,
        region=region,
        target=target,
        target_label=label,
        data={"fields": fields},
    )
    return flags


@transaction.atomic
def bsn_flag_check(*, flag: BsnFlag, moderator, now: datetime | None = None) -> BsnFlag:
    """A moderator looked at the text (and contacted the writer if needed):
    the flag closes. A second click, or a second moderator, changes
    nothing."""
    locked = (
        BsnFlag.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=flag.pk)
    )
    if locked.checked_at is not None:
        raise ValidationError(_("Another moderator already checked this."))
    locked.checked_at = now or timezone.now()
    locked.checked_by = moderator
    locked.full_clean()
    locked.save(update_fields=["checked_at", "checked_by"])
    audit_record(
        action=CHECKED,
        actor=moderator,
        region=locked.region,
        target=locked,
        data={"field": locked.field},
    )
    return locked

"""WSP staff's and the project team's after-fair work on their dashboard
(registered with `members.dashboard` in this app's `ready`)."""

from datetime import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fairs.models import Edition
from members.dashboard import RegionWork, WorkQueue
from members.models import User

from .models import CallBack

# A call that still has to be made: never called, or to be tried again.
CALL_AGAIN = (CallBack.Outcome.CALL_BACK_LATER, CallBack.Outcome.NOT_REACHED)


def open_call_backs(*, user: User, region_ids) -> list[dict]:
    """The calls assigned to `user` that still have to be made, counted per
    region and edition, oldest fair first. One query."""
    return list(
        CallBack.objects.filter(assigned_to=user, region_id__in=region_ids)
        .filter(Q(called_at__isnull=True) | Q(outcome__in=CALL_AGAIN))
        .values("region_id", "edition_id", "edition__starts_at")
        .annotate(n=Count("pk"))
        .order_by("edition__starts_at", "edition_id")
    )


def after_fair_work(*, user: User, regions: list[RegionWork], now: datetime):
    """Per region the person exports for: the call-backs assigned to them
    (per fair, linked to their share of that fair's list) and the after-fair
    lists."""
    exporting = {work.region.pk: work.region for work in regions if work.can_export}
    if not exporting:
        return []
    queues = []
    rows = open_call_backs(user=user, region_ids=list(exporting))
    for row in rows:
        region = exporting[row["region_id"]]
        url = reverse(
            "placements:call-backs",
            kwargs={"slug": region.slug, "pk": row["edition_id"]},
        )
        queues.append(
            WorkQueue(
                region_id=region.pk,
                label=ngettext(
                    "%(count)d call-back assigned to you",
                    "%(count)d call-backs assigned to you",
                    row["n"],
                )
                % {"count": row["n"]},
                count=row["n"],
                url=f"{url}?wie=mij",
                note=_("fair of %(date)s")
                % {
                    "date": formats.date_format(
                        timezone.localtime(row["edition__starts_at"]), "j F Y"
                    )
                },
                order=60,
            )
        )
    with_calls = {row["region_id"] for row in rows}
    queues.extend(
        WorkQueue(
            region_id=region.pk,
            label=_("No call-backs assigned to you"),
            count=0,
            url=reverse("placements:after-fair", kwargs={"slug": region.slug}),
            order=60,
        )
        for region in exporting.values()
        if region.pk not in with_calls
    )
    queues.extend(
        WorkQueue(
            region_id=region.pk,
            label=_("After the fair: vacancy lists, call-backs and placements"),
            url=reverse("placements:after-fair", kwargs={"slug": region.slug}),
            order=70,
        )
        for region in exporting.values()
    )
    return queues


def live_fair_work(*, user: User, regions: list[RegionWork], now: datetime):
    """Per region the person exports for: the live dashboard, on top while
    the region's fair is open, else a link to the last fair's figures. One
    query (which of the regions have a fair open now)."""
    exporting = [work.region for work in regions if work.can_export]
    if not exporting:
        return []
    live = set(
        Edition.objects.live(now)
        .filter(region_id__in=[region.pk for region in exporting])
        .values_list("region_id", flat=True)
    )
    return [
        WorkQueue(
            region_id=region.pk,
            label=_("The fair is open: follow it live")
            if region.pk in live
            else _("The last fair in figures"),
            url=reverse("placements:live", kwargs={"slug": region.slug}),
            order=0 if region.pk in live else 75,
        )
        for region in exporting
    ]

"""The moderators' and project team's queues on their dashboard
(registered with `members.dashboard` in this app's `ready`)."""

from datetime import datetime

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from banenmarkt.models import BsnFlag
from fairs.models import Publication, Region
from members.dashboard import RegionWork, WorkQueue
from members.models import User

from .models import Removal, Report
from .selectors import _count, unreviewed


def moderation_work(*, user: User, regions: list[RegionWork], now: datetime):
    """Per moderated region: unreviewed posts (and how long the oldest has
    waited), texts with a possible BSN, open reports, and for the project
    team the commercial removals waiting for their decision (not the ones
    they proposed themselves: a second person decides). One query."""
    moderated = {work.region.pk: work for work in regions if work.is_moderator}
    if not moderated:
        return []
    waiting = unreviewed(Publication.objects.filter(region=OuterRef("pk")))
    rows = Region.objects.filter(pk__in=moderated).annotate(
        unreviewed_count=_count(waiting),
        oldest=Subquery(waiting.order_by("published_at").values("published_at")[:1]),
        bsn_count=_count(
            BsnFlag.objects.filter(region=OuterRef("pk"), checked_at__isnull=True)
        ),
        report_count=_count(
            Report.objects.filter(
                publication__region=OuterRef("pk"), handled_at__isnull=True
            )
        ),
        removal_count=_count(
            Removal.objects.filter(
                publication__region=OuterRef("pk"), status=Removal.Status.PENDING
            ).exclude(Q(proposed_by=user))
        ),
    )
    queues = []
    for row in rows.values(
        "pk",
        "slug",
        "unreviewed_count",
        "oldest",
        "bsn_count",
        "report_count",
        "removal_count",
    ):
        work = moderated[row["pk"]]
        queue_url = reverse("moderation:queue", kwargs={"slug": row["slug"]})
        count = row["unreviewed_count"]
        queues.append(
            WorkQueue(
                region_id=row["pk"],
                label=ngettext(
                    "%(count)d post to review",
                    "%(count)d posts to review",
                    count,
                )
                % {"count": count},
                count=count,
                url=queue_url,
                note=_("the oldest has waited %(time)s")
                % {"time": timesince(row["oldest"], now, depth=1)}
                if row["oldest"]
                else "",
                order=20,
            )
        )
        if work.is_project_team:
            count = row["removal_count"]
            queues.append(
                WorkQueue(
                    region_id=row["pk"],
                    label=ngettext(
                        "%(count)d commercial removal waiting for your decision",
                        "%(count)d commercial removals waiting for your decision",
                        count,
                    )
                    % {"count": count},
                    count=count,
                    url=f"{queue_url}#proposals-title",
                    order=30,
                )
            )
        count = row["report_count"]
        queues.append(
            WorkQueue(
                region_id=row["pk"],
                label=ngettext(
                    "%(count)d open report from members",
                    "%(count)d open reports from members",
                    count,
                )
                % {"count": count},
                count=count,
                url=f"{queue_url}?alleen=reported",
                order=40,
            )
        )
        count = row["bsn_count"]
        queues.append(
            WorkQueue(
                region_id=row["pk"],
                label=ngettext(
                    "%(count)d text with a possible BSN to check",
                    "%(count)d texts with a possible BSN to check",
                    count,
                )
                % {"count": count},
                count=count,
                url=reverse("moderation:bsn-flags", kwargs={"slug": row["slug"]}),
                order=50,
            )
        )
    return queues

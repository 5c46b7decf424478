from celery import shared_task
from django.urls import reverse

from banenmarkt.emails import DATABASE_RETRY_OPTIONS, EMAIL_TASK_OPTIONS, absolute_url
from banenmarkt.notifications import service_email
from banenmarkt.outbox import enqueue_on_commit

from .models import Membership

TEMPLATES = {
    "approved": "members/email/approved",
    "question": "members/email/question",
    "declined": "members/email/declined",
    "ended": "members/email/ended",
}


def _send(membership: Membership, event: str) -> None:
    region = membership.region
    service_email(
        user=membership.user,
        template=TEMPLATES[event],
        context={
            "membership": membership,
            "region": region,
            "dashboard_url": absolute_url(reverse("members:dashboard")),
            "region_url": absolute_url(region.get_absolute_url()),
            "board_url": absolute_url(
                reverse("fairs:board", kwargs={"slug": region.slug})
            ),
            "edit_url": absolute_url(
                reverse("members:request-edit", kwargs={"pk": membership.pk})
            ),
        },
    )


@shared_task(name="members.tasks.membership_notify", **EMAIL_TASK_OPTIONS)
def membership_notify(membership_id: int, event: str) -> None:
    """Tell the person that their request was approved, questioned or
    declined, or that their membership was ended."""
    membership = Membership.objects.select_related("user", "region").get(
        pk=membership_id
    )
    _send(membership, event)


@shared_task(name="members.tasks.membership_notify_many", **DATABASE_RETRY_OPTIONS)
def membership_notify_many(membership_ids: list[int], event: str) -> None:
    """One task per person, so a mail error for one retries only that one."""

    for membership_id in membership_ids:
        enqueue_on_commit(membership_notify, membership_id, event)

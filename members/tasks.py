from celery import shared_task
from django.urls import reverse

from banenmarkt.emails import (
    DATABASE_RETRY_OPTIONS,
    EMAIL_TASK_OPTIONS,
    absolute_url,
    send_templated_email,
)
from banenmarkt.notifications import service_email
from banenmarkt.outbox import enqueue_on_commit

from .models import Membership, RegionRole, RoleInvitation

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


def _role_context(region, role_label: str) -> dict:
    return {
        "region": region,
        "role": role_label,
        "second_factor_url": absolute_url(reverse("members:second-factor")),
        "signup_url": absolute_url(reverse("account_signup")),
        "login_url": absolute_url(reverse("account_login")),
    }


@shared_task(name="members.tasks.role_given_notify", **EMAIL_TASK_OPTIONS)
def role_given_notify(region_role_id: int) -> None:
    """Tell an account that it got a role, and that the pages of the role
    open after the second step."""
    region_role = (
        RegionRole.objects.filter(pk=region_role_id)
        .select_related("user", "region")
        .first()
    )
    if region_role is None:
        return  # taken away again before the email went out
    service_email(
        user=region_role.user,
        template="members/email/role_given",
        context=_role_context(region_role.region, region_role.get_role_display()),
    )


@shared_task(name="members.tasks.role_invitation_send", **EMAIL_TASK_OPTIONS)
def role_invitation_send(invitation_id: int) -> None:
    """Invite an address without an account: the role waits for it."""
    invitation = (
        RoleInvitation.objects.filter(pk=invitation_id).select_related("region").first()
    )
    if invitation is None:
        return
    send_templated_email(
        to=[invitation.email],
        template="members/email/role_invitation",
        context={
            **_role_context(invitation.region, invitation.get_role_display()),
            "email": invitation.email,
        },
    )

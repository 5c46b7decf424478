from datetime import datetime

from celery import shared_task
from django.urls import reverse
from django.utils import timezone

from banenmarkt.emails import (
    DATABASE_RETRY_OPTIONS,
    EMAIL_TASK_OPTIONS,
    TRANSIENT_DATABASE_ERRORS,
    absolute_url,
    send_templated_email,
)
from banenmarkt.models import Notification
from banenmarkt.notifications import service_email
from banenmarkt.outbox import enqueue_on_commit

from . import services
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


# Download my data (services.data_export_*) -------------------------------------


@shared_task(
    name="members.tasks.data_export_build",
    acks_late=True,
    autoretry_for=TRANSIENT_DATABASE_ERRORS,
    retry_backoff=30,
    retry_backoff_max=10 * 60,
    max_retries=5,
)
def data_export_build(export_id: int) -> None:
    """Build a person's download of their data; the email follows."""
    services.data_export_build(export_id=export_id, now=timezone.now())


@shared_task(name="members.tasks.data_export_ready_notify", **EMAIL_TASK_OPTIONS)
def data_export_ready_notify(export_id: int) -> None:
    """Tell the person their download is ready (a service email: always
    sent, once; the link leads to the page, the file is not attached)."""
    export = services.data_export_notify_claim(export_id=export_id, now=timezone.now())
    if export is None:
        return
    try:
        service_email(
            user=export.user,
            template="members/email/data_export_ready",
            context={
                "export": export,
                "page_url": absolute_url(reverse("members:data-export")),
            },
        )
    except Exception:
        services.data_export_notify_release(export=export)
        raise


@shared_task(name="members.tasks.data_exports_delete_expired", **DATABASE_RETRY_OPTIONS)
def data_exports_delete_expired() -> None:
    """Hourly: downloads past their 7 days go, file and row."""
    services.data_exports_delete_expired(now=timezone.now())


@shared_task(name="members.tasks.account_inactive_warn", **EMAIL_TASK_OPTIONS)
def account_inactive_warn(notification_id: int, deleted_after: str) -> None:
    """Tell someone who has not signed in for a long time that their account
    will be deleted unless they sign in. The sweep wrote the record
    (members/retention.py); sent once, also when the task runs twice."""
    record = (
        Notification.objects.filter(
            pk=notification_id, status=Notification.Status.SENDING
        )
        .select_related("user")
        .first()
    )
    if record is None or not record.user.is_active:
        return
    service_email(
        user=record.user,
        template="members/email/account_inactive",
        context={
            "deleted_after": datetime.fromisoformat(deleted_after),
            "login_url": absolute_url(reverse("account_login")),
            "delete_url": absolute_url(reverse("members:account-delete")),
        },
    )
    record.status, record.sent_at = Notification.Status.SENT, timezone.now()
    record.save(update_fields=["status", "sent_at"])

"""Emails to people, each at most once, in chunks, as they chose.

Every notification goes through `send_once`: it writes a `Notification`
record (unique per person, kind and key) and commits it *before* the email is
sent. A second run of the same task, or a redelivery after a worker died in
the middle of a batch, finds the record and skips that person. Scheduled jobs
(`banenmarkt.scheduler`) hand out recipients in chunks of `CHUNK_SIZE` ids,
one task per chunk, so tens of thousands of members are spread over workers
and a retry repeats one chunk, not the whole send.

Each email carries a signed unsubscribe link that needs no login.
"""

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from smtplib import SMTPRecipientsRefused, SMTPResponseException

from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.core.mail import mailers
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from .email_kinds import EMAIL_KINDS, email_kind_label
from .emails import (
    TRANSIENT_DATABASE_ERRORS,
    TRANSIENT_EMAIL_ERRORS,
    absolute_url,
    send_templated_email,
)
from .models import EmailOptOut, Notification

logger = logging.getLogger(__name__)

CHUNK_SIZE = 200
UNSUBSCRIBE_SALT = "banenmarkt.members.unsubscribe"  # unchanged: old links work


@dataclass
class Message:
    """One email for one person: what `send_once` needs."""

    user: AbstractBaseUser
    kind: str
    key: str
    template: str
    context: dict = field(default_factory=dict)
    # (filename, content, mimetype), e.g. an .ics invitation.
    attachments: tuple[tuple[str, bytes, str], ...] = ()


# Unsubscribe ------------------------------------------------------------------


def unsubscribe_token(user, kind: str = EmailOptOut.ALL) -> str:
    """A signed token for switching off one kind (or all) without logging in.
    It does not expire: mail programs keep unsubscribe links for months."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(
        [user.pk, kind], compress=True
    )


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    """(user id, kind) from a token; raises signing.BadSignature."""
    user_id, kind = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    if kind != EmailOptOut.ALL and kind not in EMAIL_KINDS:
        raise signing.BadSignature("unknown kind")
    return int(user_id), kind


def unsubscribe_url(user, kind: str = EmailOptOut.ALL) -> str:
    return absolute_url(
        reverse("members:unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})
    )


def opted_out(kind: str) -> Exists:
    """For filtering users: true when the user switched `kind` (or all) off."""
    return Exists(
        EmailOptOut.objects.filter(
            user=OuterRef("pk"), kind__in=[kind, EmailOptOut.ALL]
        )
    )


def wants(user, kind: str) -> bool:
    return not EmailOptOut.objects.filter(
        user=user, kind__in=[kind, EmailOptOut.ALL]
    ).exists()


def service_email(*, user, template: str, context: dict) -> None:
    """A reply to the person's own request (join decision, removal of their
    post): always sent; its footer offers to switch off everything else."""
    send_templated_email(
        to=[user.email],
        template=template,
        context=context,
        unsubscribe_url=unsubscribe_url(user),
    )


# Sending ----------------------------------------------------------------------


def is_permanent(error: Exception) -> bool:
    """A mail error that trying again will not mend: the server refused the
    address, or answered with a 5xx code."""
    if isinstance(error, SMTPRecipientsRefused):
        return True
    return isinstance(error, SMTPResponseException) and error.smtp_code >= 500


def send_once(message: Message, *, connection=None) -> bool:
    """Send `message` unless this person already got this kind about this key,
    or switched the kind off. Returns whether it was sent.

    Transient mail errors (server down), and the database going away before
    the email left, remove the record and raise, so the task retries later.
    The database going away just after it left keeps the record "sending":
    the retry skips this person, who got it. Anything else that goes wrong
    for this one email (an address the server refuses, an address that is
    not valid) marks the record failed and returns, so the rest of a chunk is
    still sent."""
    user = message.user
    if not user.is_active or not user.email or not wants(user, message.kind):
        return False
    try:
        with transaction.atomic():
            record = Notification.objects.create(
                user=user, kind=message.kind, key=message.key
            )
    except IntegrityError:
        return False  # sent before (or being sent by another worker)
    try:
        send_templated_email(
            to=[user.email],
            template=message.template,
            context={"recipient": user, **message.context},
            unsubscribe_url=unsubscribe_url(user, message.kind),
            unsubscribe_label=email_kind_label(message.kind).lower(),
            connection=connection,
            attachments=message.attachments,
        )
    except SoftTimeLimitExceeded:
        raise  # the chunk retries; whether this one left is unknown: "sending"
    except TRANSIENT_EMAIL_ERRORS as error:
        if not is_permanent(error):
            record.delete()  # not sent: the retry may send it
            raise
        logger.warning("Notification %s refused by the mail server", record.pk)
        return _failed(record, error)
    except TRANSIENT_DATABASE_ERRORS:
        # The database went away while the email was being made (a template
        # reading a relation): it did not leave. Its record goes, on a new
        # connection, so the retry sends it; with the database still away the
        # record stays "sending" and the person is skipped (at most once).
        _forget(record)
        raise
    except Exception as error:
        logger.exception("Notification %s could not be sent", record.pk)
        return _failed(record, error)
    record.status = Notification.Status.SENT
    record.sent_at = timezone.now()
    record.save(update_fields=["status", "sent_at"])
    return True


def _forget(record: Notification) -> None:
    try:
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
        record.delete()
    except DatabaseError:
        logger.warning("Notification %s left 'sending': database away", record.pk)


def _failed(record: Notification, error: Exception) -> bool:
    record.status = Notification.Status.FAILED
    record.error = f"{type(error).__name__}: {error}"[:500]
    record.save(update_fields=["status", "error"])
    return False


def send_all(messages: Iterable[Message]) -> int:
    """Send a chunk's messages over one connection to the mail server."""
    messages = list(messages)
    if not messages:
        return 0
    with mailers.default as connection:
        return sum(send_once(m, connection=connection) for m in messages)


def recipients(users: QuerySet, *, kind: str, key: str | None) -> QuerySet:
    """Active users from `users` who want `kind` and did not get it about
    `key` (without a key, `send_once` sorts that out per message)."""
    users = (
        users.filter(is_active=True)
        .exclude(email="")
        .annotate(_opted_out=opted_out(kind))
        .filter(_opted_out=False)
    )
    if key is None:
        return users
    return users.exclude(
        Exists(Notification.objects.filter(user=OuterRef("pk"), kind=kind, key=key))
    )


def chunks(
    user_ids: QuerySet | Iterable[int], size: int | None = None
) -> Iterator[list[int]]:
    """Ids in chunks; from a queryset ascending and read with a server-side
    cursor, so the whole member table is never in memory."""
    size = size or CHUNK_SIZE
    if isinstance(user_ids, QuerySet):
        user_ids = (
            user_ids.order_by("pk")
            .values_list("pk", flat=True)
            .iterator(chunk_size=2000)
        )
    chunk: list[int] = []
    for pk in user_ids:
        chunk.append(pk)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

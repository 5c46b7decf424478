"""One way to send email to people: Dutch (B1), plain text and HTML, from
templates `<name>_subject.txt`, `<name>.txt` and `<name>.html`.

Every email to a member carries a one-click unsubscribe link (no login, a
signed token) in its footer and in the `List-Unsubscribe` header with
`List-Unsubscribe-Post` (RFC 8058), so mail programs show their own button.
"""

from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import InterfaceError, OperationalError
from django.template.loader import render_to_string
from django.utils import translation

# Errors worth trying again later: the mail server is down or slow. Tasks
# that send email retry on these with exponential backoff.
TRANSIENT_EMAIL_ERRORS = (SMTPException, ConnectionError, TimeoutError)
# The database blinking (a restart, a failover) is worth waiting for too.
TRANSIENT_DATABASE_ERRORS = (OperationalError, InterfaceError)
EMAIL_TASK_OPTIONS = {
    "autoretry_for": TRANSIENT_EMAIL_ERRORS + TRANSIENT_DATABASE_ERRORS,
    "retry_backoff": 30,
    "retry_backoff_max": 30 * 60,
    "retry_jitter": True,
    "max_retries": 8,
}
# Periodic and quick tasks: a few tries soon; the next beat run follows anyway.
DATABASE_RETRY_OPTIONS = {
    "autoretry_for": TRANSIENT_DATABASE_ERRORS,
    "retry_backoff": 5,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 3,
}


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send_templated_email(
    *,
    to: list[str],
    template: str,
    context: dict,
    unsubscribe_url: str = "",
    unsubscribe_label: str = "",
    connection=None,
    attachments: tuple[tuple[str, bytes, str], ...] = (),
) -> None:
    """`unsubscribe_url` switches off one kind of email (`unsubscribe_label`
    names it) or, without a label, every kind that can be switched off.
    `connection`: an open mail connection to reuse (one per batch).
    `attachments`: (filename, content, mimetype), e.g. an .ics invitation."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "site_url": settings.SITE_URL,
            **context,
            "unsubscribe_url": unsubscribe_url,
            "unsubscribe_label": unsubscribe_label,
        }
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        # The HTML gets the subject as a variable, so it is escaped there (the
        # subject template itself is plain text, not escaped).
        context["subject"] = subject
        text = render_to_string(f"{template}.txt", context).rstrip()
        text += "\n\n-- \n" + render_to_string("email/footer.txt", context).strip()
        html = render_to_string(f"{template}.html", context)
    headers = {}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=text + "\n",
        to=to,
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    (connection or mailers.default).send_messages([message])

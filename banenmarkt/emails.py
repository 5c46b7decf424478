"""One way to send email to people: Dutch (B1), plain text and HTML, from
templates `<name>_subject.txt`, `<name>.txt` and `<name>.html`."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send_templated_email(*, to: list[str], template: str, context: dict) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        # The HTML gets the subject as a variable, so it is escaped there (the
        # subject template itself is plain text, not escaped).
        context["subject"] = subject
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=text,
        to=to,
    )
    message.attach_alternative(html, "text/html")
    message.send()

"""A mail backend for loading the demo: the emails that the demo's events
would send (join decisions, reactions, reminders) are counted, not printed or
sent. On the console backend of `make run` they were some 600 lines before
the address of the running server."""

from django.core.mail.backends.base import BaseEmailBackend


class CountingBackend(BaseEmailBackend):
    sent = 0

    def send_messages(self, email_messages):
        count = len(list(email_messages))
        CountingBackend.sent += count
        return count

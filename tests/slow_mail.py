"""A mail backend for the worker-kill test: each message takes a moment,
then one line per recipient is appended to $TEST_MAIL_LOG."""

import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class SlowFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            time.sleep(float(os.environ.get("TEST_MAIL_DELAY", "0.2")))
            with open(os.environ["TEST_MAIL_LOG"], "a") as log:
                for recipient in message.to:
                    log.write(f"{recipient}\n")
                log.flush()
                os.fsync(log.fileno())
        return len(email_messages)

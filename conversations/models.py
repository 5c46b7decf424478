"""The read marker of "Mijn gesprekken".

A conversation is a top-level `fairs.Reaction` with its replies: the board
owns it. This app only remembers, per person, when they last opened it, so
the inbox can mark what is new since.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConversationRead(models.Model):
    """When `user` last opened the conversation that starts with `reaction`
    (a top-level reaction; the service checks). A conversation with a
    message by someone else after `read_at`, or without a row, is unread."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversation_reads",
    )
    reaction = models.ForeignKey(
        "fairs.Reaction", on_delete=models.CASCADE, related_name="reads"
    )
    read_at = models.DateTimeField(_("read at"))

    class Meta:
        verbose_name = _("conversation read")
        verbose_name_plural = _("conversations read")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "reaction"], name="conversations_read_once"
            )
        ]

    def __str__(self):
        return f"{self.user_id} – {self.reaction_id} ({self.read_at:%Y-%m-%d %H:%M})"

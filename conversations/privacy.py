"""Personal data of conversations (banenmarkt/privacy.py)."""

from django.utils.translation import gettext_lazy as _

from banenmarkt.privacy import PersonalData

PERSONAL_DATA = [
    PersonalData(
        model="conversations.ConversationRead",
        owner="user",
        category=_("Conversations"),
        holds=_("when you last opened each of your conversations"),
        purpose=_("to show which conversations have something new for you"),
        # Deleted with the reaction (the pitch's or vacancy's retention) and
        # at the latest with the account.
        retention="account",
        fields=("reaction__publication__post__title", "read_at"),
        recipients=_("nobody: only you"),
    ),
]

"""The kinds of email the board and the fair calendar send (registered in
`FairsConfig.ready`; see banenmarkt/email_kinds.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailKind(models.TextChoices):
    FAIR_WEEK = "fair_week", _("Reminder one week before a job fair")
    FAIR_DAY = "fair_day", _("Reminder the day before a job fair")
    FAIR_OPEN = "fair_open", _("Message that the job fair is open")
    PRIVACY_TIPS = "privacy_tips", _("Tips on privacy and your profile (job seekers)")
    REACTION = "reaction", _("Reactions to your posts and replies to your reactions")
    CV_REMOVED = "cv_removed", _("Message that your CV was removed because of a BSN")
    FOLLOW_UP = "follow_up", _("Reminder to answer reactions")
    MODERATOR_ALERT = "moderator_alert", _("Alerts for moderators")

"""Personal data of the membership context (banenmarkt/privacy.py)."""

from django.utils.translation import gettext_lazy as _

from banenmarkt.privacy import PersonalData

PERSONAL_DATA = [
    PersonalData(
        model="members.User",
        owner="pk",
        category=_("Account"),
        holds=_(
            "your email address, your name if you gave one, and when you last signed in"
        ),
        purpose=_("to sign in and to know who you are"),
        retention="account",
        fields=("email", "name", "date_joined", "last_login"),
        recipients=_("the moderators of your regions"),
        # The reason text, not a password (bandit reads the key).
        not_personal={"password": "a one-way hash, never exported"},  # nosec B105
    ),
    PersonalData(
        model="members.Membership",
        owner="user",
        category=_("Membership"),
        holds=_(
            "your request to join a region and your profile there: name, kind "
            "of participant, organisation, town, LinkedIn, introduction, the "
            "moderator's question and your answer, the decision"
        ),
        purpose=_("to let only people with a reason into the closed group of a region"),
        retention="account",
        fields=(
            "region__name",
            "status",
            "display_name",
            "kind",
            "organisation",
            "town",
            "linkedin_url",
            "introduction",
            "requested_at",
            "question",
            "answer",
            "decided_at",
            "decline_reason",
            "decline_note",
            "ended_at",
            "end_reason",
        ),
        actors=("decided_by", "ended_by"),
        recipients=_("the members and moderators of that region"),
    ),
    PersonalData(
        model="members.RegionRole",
        owner="user",
        category=_("Membership"),
        holds=_("your role in a region (moderator, project team, WSP staff)"),
        purpose=_("to give you the rights of your role"),
        retention="account",
        fields=("region__name", "role", "appointed_at"),
        actors=("appointed_by",),
        recipients=_("the region's project team"),
    ),
    PersonalData(
        model="members.RoleInvitation",
        owner="",
        category=_("Membership"),
        holds=_("an email address invited for a role that has no account yet"),
        purpose=_("to give the role when the account is made"),
        retention="account_never_joined",
        fields=("email", "role", "invited_at"),
        actors=("invited_by",),
        recipients=_("the region's project team"),
    ),
    PersonalData(
        model="members.DataExport",
        owner="user",
        category=_("Account"),
        holds=_("when you asked to download your data, and the download itself"),
        purpose=_("so you can download everything we keep about you"),
        retention="export_file",
        fields=("requested_at", "ready_at", "expires_at", "downloaded_at"),
        recipients=_("nobody else"),
        not_personal={
            "file": "the download itself: only its owner gets it, never put "
            "into a next download"
        },
    ),
    PersonalData(
        model="members.InviteLink",
        owner="",
        category=_("Membership"),
        holds=_("who of a region's project team made an invite link"),
        purpose=_("to see how many people joined through each way of inviting"),
        retention="account",
        fields=("name", "channel", "created_at", "archived_at"),
        actors=("created_by",),
        # A link's name may name a person ("Klantmanager Jan"): best effort.
        scrub=("name",),
        recipients=_("the region's project team"),
        # The reason text, not a secret (bandit reads the key).
        not_personal={"token": "the random part of the link, about no one"},  # nosec B105
    ),
]

"""Personal data of moderation (banenmarkt/privacy.py)."""

from django.utils.translation import gettext_lazy as _

from banenmarkt.privacy import Erase, PersonalData

PERSONAL_DATA = [
    PersonalData(
        model="moderation.Report",
        owner="reporter",
        category=_("Moderation"),
        holds=_("the posts and reactions you reported, and why"),
        purpose=_("so moderators can act on what members report"),
        retention="callback_notes",
        fields=("publication__post__title", "reason", "created_at", "handled_at"),
        recipients=_("the region's moderators (never the author of the post)"),
    ),
    PersonalData(
        model="moderation.Review",
        owner="publication__post__author",
        category=_("Moderation"),
        holds=_("when a moderator looked at your post, and the text they saw"),
        purpose=_("so every post is checked once, and again after a change"),
        retention="pitch_after_last_fair",
        fields=("publication__post__title", "reviewed_at", "post_version", "snapshot"),
        erase=Erase.WITH_OWNER,
        actors=("reviewed_by",),
    ),
    PersonalData(
        model="moderation.Removal",
        owner="publication__post__author",
        category=_("Moderation"),
        holds=_("the removal of your post, with the reason"),
        purpose=_("so you know why, and the decision can be checked"),
        retention="audit",
        fields=("publication__post__title", "reason", "note", "status", "decided_at"),
        erase=Erase.WITH_OWNER,
        actors=("proposed_by", "decided_by"),
    ),
    PersonalData(
        model="moderation.Clarification",
        owner="publication__post__author",
        category=_("Moderation"),
        holds=_("a moderator's question about your post and the answer"),
        purpose=_("to make a post clear before it is removed"),
        retention="pitch_after_last_fair",
        fields=("publication__post__title", "question", "answer", "created_at"),
        erase=Erase.WITH_OWNER,
        actors=("author",),
    ),
    PersonalData(
        model="moderation.StaffNote",
        owner="membership__user",
        category=_("Moderation"),
        holds=_("internal notes moderators wrote about you or your post"),
        purpose=_("so moderators of a region work from the same facts"),
        retention="callback_notes",
        fields=("region__name", "text", "created_at"),
        actors=("author",),
        scrub=("text",),
        recipients=_("the region's moderators"),
    ),
    PersonalData(
        model="moderation.Claim",
        owner="moderator",
        category=_("Moderation"),
        holds=_("which post you opened in the review queue, and when"),
        purpose=_("so other moderators see who is looking at a post"),
        # Replaced by the next moderator who opens the post, deleted when the
        # post is liked or removed, and at the latest with the account.
        retention="account",
        fields=("publication__post__title", "claimed_at"),
    ),
]

"""Personal data of the board (banenmarkt/privacy.py)."""

from django.utils.translation import gettext_lazy as _

from banenmarkt.privacy import Erase, ExportSection, PersonalData

PERSONAL_DATA = [
    PersonalData(
        model="fairs.Post",
        owner="author",
        category=_("Posts"),
        holds=_(
            "your vacancies and pitches: title, text, work you want, "
            "availability, contact person, email and phone, links, your CV"
        ),
        purpose=_("so job seekers and employers find each other"),
        retention="pitch_after_last_fair",
        fields=(
            "kind",
            "title",
            "description",
            "sector",
            "education_level",
            "hours_per_week",
            "place",
            "banenafspraak",
            "organisation",
            "contract_kind",
            "contact_person",
            "contact_email",
            "contact_phone",
            "apply_url",
            "speed_date_url",
            "speed_date_at",
            "desired_work",
            "availability",
            "cv_filename",
            "video_url",
            "on_behalf",
            "client_consent_at",
            "created_at",
            "updated_at",
            "withdrawn_at",
            "kept_at",
        ),
        files=("cv",),
        recipients=_(
            "the members and moderators of the regions you post in; WSP staff "
            "for vacancies and CVs"
        ),
        not_personal={"search_text": "a copy of the fields above, for search"},
    ),
    PersonalData(
        model="fairs.PitchDraft",
        owner="author",
        category=_("Posts"),
        holds=_(
            "the pitch you started but did not publish yet: what you typed "
            "in each step and your CV"
        ),
        purpose=_("so you can finish your pitch later"),
        retention="pitch_draft",
        fields=("values", "step_done", "cv_filename", "created_at", "updated_at"),
        files=("cv",),
        recipients=_("nobody: only you see your draft"),
    ),
    PersonalData(
        model="fairs.Publication",
        owner="post__author",
        category=_("Posts"),
        holds=_("in which regions and fairs your posts were published"),
        purpose=_("to show your post in the right region"),
        retention="pitch_after_last_fair",
        fields=(
            "post__title",
            "region__name",
            "edition__title",
            "status",
            "published_at",
        ),
        erase=Erase.WITH_OWNER,
    ),
    PersonalData(
        model="fairs.Reaction",
        owner="author",
        category=_("Reactions"),
        holds=_("your reactions and replies under posts"),
        purpose=_("so people can get in touch"),
        retention="pitch_after_last_fair",
        fields=("publication__post__title", "text", "created_at", "followed_up_at"),
        recipients=_("the members and moderators of that region"),
    ),
    PersonalData(
        model="fairs.CvView",
        owner="viewer",
        category=_("Posts"),
        holds=_("whose CV you downloaded, and who downloaded yours"),
        purpose=_("so you see who viewed your CV, and to stop anyone collecting CVs"),
        retention="pitch_after_last_fair",
        fields=("post__title", "region__name", "viewed_at"),
        recipients=_("the job seeker whose CV it is; the region's moderators"),
    ),
]

# In a person's download besides the rows they own (banenmarkt/data_export.py).
EXPORT_SECTIONS = [
    ExportSection(
        name="cv-views-of-your-cv",
        category=_("Posts"),
        holds=_("who downloaded your CV, and when"),
        rows="fairs.selectors.cv_views_of_author",
    ),
    ExportSection(
        name="reactions-to-your-posts",
        category=_("Reactions"),
        holds=_("the reactions others wrote under your posts"),
        rows="fairs.selectors.reactions_to_author",
    ),
]

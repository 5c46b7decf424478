"""Personal data after the fair (banenmarkt/privacy.py)."""

from django.utils.translation import gettext_lazy as _

from banenmarkt.privacy import Erase, ExportSection, PersonalData

PERSONAL_DATA = [
    PersonalData(
        model="placements.CallBack",
        owner="",
        category=_("After the fair"),
        holds=_(
            "WSP staff's calls to employers after the fair: the outcome, notes, "
            "names of people who got a job there"
        ),
        purpose=_("to count what the fair brought and to help employers further"),
        retention="callback_notes",
        fields=("organisation", "called_at", "outcome", "placement_names", "notes"),
        actors=("assigned_to", "called_by"),
        scrub=("placement_names", "notes"),
        recipients=_("the region's WSP staff and project team"),
        legal_basis=_("public task (Wet SUWI): mediation to work"),
    ),
    PersonalData(
        model="placements.Placement",
        owner="job_seeker",
        category=_("After the fair"),
        holds=_("a job you got through the fair: employer, start date, your name"),
        purpose=_("to count the jobs the fair brought (reports show no names)"),
        retention="audit",
        fields=("employer", "start_date", "job_seeker_name", "anonymous", "created_at"),
        erase=Erase.ANONYMISE,
        anonymise={"job_seeker": None, "job_seeker_name": "", "anonymous": True},
        actors=("recorded_by",),
        scrub=("job_seeker_name",),
        recipients=_("the region's WSP staff and project team"),
        legal_basis=_("public task (Wet SUWI): mediation to work"),
    ),
    PersonalData(
        model="placements.SurveyInvitation",
        owner="membership__user",
        category=_("After the fair"),
        holds=_("the link to the survey after a fair that we sent you"),
        purpose=_("to ask how the fair went for you (answering is voluntary)"),
        retention="survey_link",
        fields=("edition__title", "created_at", "is_answered"),
        recipients=_("nobody else"),
    ),
    PersonalData(
        model="placements.SurveyAnswer",
        owner="invitation__membership__user",
        category=_("After the fair"),
        holds=_("your answers to the survey (without your name if you chose so)"),
        purpose=_("to make the next fair better"),
        retention="audit",
        fields=(
            "answered_on",
            "had_contact",
            "had_interview",
            "found_job",
            "improvement",
            "recommend",
        ),
        erase=Erase.ANONYMISE,
        anonymise={"invitation": None},
        scrub=("improvement",),
        recipients=_("the region's project team, as figures"),
    ),
    PersonalData(
        model="placements.KnownEmployer",
        owner="",
        category=_("After the fair"),
        holds=_("names of employers the region already knew before the fair"),
        purpose=_("to count new employers in the report"),
        retention="audit",
        fields=("name",),
        erase=Erase.WITH_OWNER,
        actors=("added_by",),
        recipients=_("the region's project team"),
        not_personal={"name": "an organisation's name, not a person's"},
    ),
]

# In a person's download besides the rows they own (banenmarkt/data_export.py):
# found by their names, so best effort.
EXPORT_SECTIONS = [
    ExportSection(
        name="call-back-notes-naming-you",
        category=_("After the fair"),
        holds=_("notes of WSP staff's calls to employers that mention your name"),
        rows="placements.selectors.call_backs_naming",
        best_effort=True,
    ),
    ExportSection(
        name="placements-naming-you",
        category=_("After the fair"),
        holds=_("jobs recorded with your name that are not linked to your account"),
        rows="placements.selectors.placements_naming",
        best_effort=True,
    ),
]

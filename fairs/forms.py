"""Forms of the board. The BSN guard and the CV checks live here so a refused
post keeps everything the person typed."""

from dataclasses import dataclass
from urllib.parse import urlparse

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from banenmarkt.bsn import BSN_REFUSED, BSN_WARNING, NOT_A_BSN_LABEL, BsnFinding, scan
from banenmarkt.forms import BsnGuardMixin
from members.models import Membership

from . import cv
from .models import EducationLevel, Post, Region, Sector
from .models.board import OrganisationKind

# Why a CV file is refused (fairs.cv.CvRefused.reason), in plain words.
CV_REFUSED = {
    cv.UNREADABLE: _(
        "We cannot read this file. Save your CV again as PDF and try again."
    ),
    cv.TOO_MANY_PAGES: _(
        "Your CV has more than %(pages)d pages. Make it shorter (1 or 2 pages "
        "is best) and try again."
    ),
    cv.TOO_HEAVY: _(
        "This PDF file holds far more than a CV needs. Save your CV again as "
        "PDF (for example with “Print as PDF”) and try again."
    ),
    cv.ARCHIVE: _(
        "This Word file unpacks to far more than a CV can be, or has too many "
        "parts. Save your CV again as PDF and try again."
    ),
}
CV_BSN_REFUSED = _(
    "Your CV contains a number that looks like a citizen service number (BSN). "
    "We may not process it. Remove it from your CV, save the file again and "
    "upload it. A BSN never belongs in a CV."
)


def https_only(url: str) -> str:
    if url and urlparse(url).scheme != "https":
        raise forms.ValidationError(_("Use a secure link that starts with https://."))
    return url


def cv_upload_check(upload) -> bool:
    """Every check an uploaded CV passes before it is stored anywhere: size,
    type (by its bytes), hostile files, the BSN guard on its text. Returns
    whether it holds scanned pages that OCR reads in the background;
    raises ValidationError with the reason in plain words."""
    if upload.size > cv.MAX_BYTES:
        raise forms.ValidationError(
            _("Your CV is too big (%(size)s MB). It may be at most 5 MB.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")}
        )
    data = upload.read()
    upload.seek(0)
    kind = cv.sniff(data)
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if kind is None or extension != kind:
        raise forms.ValidationError(
            _("Your CV must be a PDF or Word file (.pdf or .docx). This file is not.")
        )
    try:
        read = cv.read(data, kind)
    except cv.CvRefused as refused:
        raise forms.ValidationError(
            str(CV_REFUSED[refused.reason]) % {"pages": cv.MAX_PAGES}
        ) from None
    if scan(read.text) is not BsnFinding.NONE:
        raise forms.ValidationError(CV_BSN_REFUSED)
    # Scanned pages are read with OCR in the background, not here.
    return bool(read.ocr_pages)


class PostForm(BsnGuardMixin, forms.ModelForm):
    """Shared by vacancies and pitches: regions, the BSN guard and the
    publish/ready-for-the-fair choice."""

    TEXT_FIELDS: tuple[str, ...] = ()
    # A post warns about a bare number in its own texts (below) and flags
    # its publications; the mixin only refuses labelled numbers elsewhere.
    bsn_warn_bare = False

    @property
    def bsn_exempt(self) -> tuple[str, ...]:
        # The post's own texts get the stricter check below (also a warning
        # for a bare number); the mixin reads every other text field.
        return self.TEXT_FIELDS

    regions = forms.ModelMultipleChoiceField(
        label=_("Publish in"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Write once, publish in several regions."),
        error_messages={"required": _("Choose at least one region.")},
    )
    not_a_bsn = forms.BooleanField(label=NOT_A_BSN_LABEL, required=False)

    def __init__(self, *args, regions, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            del self.fields["regions"]
        else:
            self.fields["regions"].queryset = regions
        self.bsn_warning = False
        self.bsn_flag = False
        for name in ("education_level", "sector"):
            self.fields[name].choices = [("", "—"), *self.fields[name].choices[1:]]

    def clean(self):
        data = super().clean()
        text = "\n".join(str(data.get(name) or "") for name in self.TEXT_FIELDS)
        finding = scan(text)
        if finding is BsnFinding.LABELLED:
            raise forms.ValidationError(BSN_REFUSED, code="bsn")
        if finding is BsnFinding.BARE:
            if not data.get("not_a_bsn"):
                self.bsn_warning = True
                raise forms.ValidationError(BSN_WARNING, code="bsn_warning")
            self.bsn_flag = True
        return data

    def post_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name in self.cleaned_data
        }


class VacancyForm(PostForm):
    TEXT_FIELDS = ("title", "description", "organisation", "contact_person", "place")
    # One way to apply is required, and a speed date needs its moment.
    conditionally_required = (
        "contact_email",
        "contact_phone",
        "apply_url",
        "speed_date_at",
    )

    class Meta:
        model = Post
        fields = (
            "title",
            "organisation",
            "organisation_kind",
            "place",
            "hours_per_week",
            "contract_kind",
            "education_level",
            "sector",
            "description",
            "contact_person",
            "contact_email",
            "contact_phone",
            "apply_url",
            "banenafspraak",
            "speed_date_url",
            "speed_date_at",
        )
        labels = {"title": _("Job title"), "description": _("What is the job?")}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "speed_date_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "organisation_kind": forms.RadioSelect,
        }
        help_texts = {
            "contact_email": _(
                "Give at least one way to apply: an email address, phone number or link."
            ),
            "speed_date_url": _(
                "A Teams, Zoom or other video-call link for a short speed date "
                "with job seekers."
            ),
            "speed_date_at": _(
                "Give both the link and the date and time of the speed date."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (
            "organisation",
            "organisation_kind",
            "contract_kind",
            "contact_person",
        ):
            self.fields[name].required = True
        self.fields["organisation_kind"].choices = OrganisationKind.choices
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_phone"].widget.attrs["autocomplete"] = "tel"

    def clean_speed_date_url(self):
        return https_only(self.cleaned_data["speed_date_url"])

    def clean(self):
        data = super().clean()
        if bool(data.get("speed_date_url")) != bool(data.get("speed_date_at")):
            self.add_error(
                "speed_date_at",
                _("Give both the link and the date and time of the speed date."),
            )
        if not (
            data.get("contact_email")
            or data.get("contact_phone")
            or data.get("apply_url")
        ):
            self.add_error(
                "contact_email",
                _(
                    "Give at least one way to apply: an email address, phone number or link."
                ),
            )
        return data


# The kind of organisation a vacancy is from, for a member of that kind.
ORGANISATION_KIND_OF_MEMBER = {
    Membership.Kind.EMPLOYER: OrganisationKind.EMPLOYER,
    Membership.Kind.STAFFING_AGENCY: OrganisationKind.STAFFING_AGENCY,
}


def vacancy_initial(*, user, membership: Membership | None) -> dict:
    """A known employer's new vacancy starts with their organisation (from
    their membership) and themselves as the contact. Only initial values:
    the form checks what is sent as it always does."""
    if membership is None:
        return {}
    initial = {
        "organisation": membership.organisation,
        "contact_email": user.email,
        "contact_person": user.name,
    }
    kind = ORGANISATION_KIND_OF_MEMBER.get(membership.kind)
    if kind:
        initial["organisation_kind"] = kind
    return {key: value for key, value in initial.items() if value}


class PitchForm(PostForm):
    TEXT_FIELDS = ("title", "description", "desired_work", "availability", "place")

    cv_upload = forms.FileField(
        label=_("Your CV"),
        required=False,
        help_text=_(
            "PDF or Word (.docx), at most 5 MB. Leave out your BSN, date of birth and address."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )

    class Meta:
        model = Post
        # `on_behalf` is set in the guided pitch's first step (PitchWhoForm),
        # never changed when editing; it is listed for the steps' fields.
        fields = (
            "title",
            "description",
            "desired_work",
            "sector",
            "education_level",
            "hours_per_week",
            "place",
            "availability",
            "video_url",
            "banenafspraak",
            "on_behalf",
        )
        labels = {
            "title": _("Headline"),
            "description": _("What can I do and what do I want?"),
            "hours_per_week": _("Hours per week I want to work"),
            "place": _("Town or area"),
            "sector": _("Theme corner"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "title": _(
                "For example: “Enthusiastic sales assistant looking for a new team”."
            ),
            "video_url": _("A link to a short video in which you introduce yourself."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cv_needs_ocr = False
        del self.fields["on_behalf"]
        if self.editing and self.instance.cv:
            self.fields["remove_cv"] = forms.BooleanField(
                label=_("Remove my current CV (%(name)s)")
                % {"name": self.instance.cv_filename},
                required=False,
            )

    def clean_video_url(self):
        return https_only(self.cleaned_data["video_url"])

    def clean_cv_upload(self):
        upload = self.cleaned_data.get("cv_upload")
        if upload:
            self.cv_needs_ocr = cv_upload_check(upload)
        return upload

    def post_fields(self) -> dict:
        fields = super().post_fields()
        if self.cleaned_data.get("cv_upload"):
            fields["cv"] = self.cleaned_data["cv_upload"]
            fields["cv_needs_ocr"] = self.cv_needs_ocr
        if self.cleaned_data.get("remove_cv"):
            fields["remove_cv"] = True
        return fields


class BoardFilterForm(forms.Form):
    """The board's filters, from the query string. Invalid values are ignored."""

    mark_optional = False

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All")), *Post.Kind.choices]
    )
    education_level = forms.ChoiceField(
        label=_("Education level"),
        required=False,
        choices=[("", _("All")), *EducationLevel.choices],
    )
    sector = forms.ChoiceField(
        label=_("Sector or theme corner"),
        required=False,
        choices=[("", _("All")), *Sector.choices],
    )
    hours = forms.ChoiceField(
        label=_("Hours per week"),
        required=False,
        # Keys of fairs.selectors.HOUR_RANGES.
        choices=[
            ("", _("All")),
            ("0-16", _("up to 16")),
            ("16-24", _("16 to 24")),
            ("24-32", _("24 to 32")),
            ("32-60", _("32 or more")),
        ],
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=100)
    organisation_kind = forms.ChoiceField(
        label=_("Posted by"),
        required=False,
        choices=[("", _("All")), *OrganisationKind.choices],
    )
    banenafspraak = forms.BooleanField(label=_("Only banenafspraak"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class ReactionForm(BsnGuardMixin, forms.Form):
    text = forms.CharField(
        label=_("Your reaction"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


# --- The guided pitch: PitchForm's fields in five short steps --------------------


def _dash_first(field: forms.ChoiceField) -> None:
    field.choices = [("", "—"), *list(field.choices)[1:]]


class PitchStepForm(BsnGuardMixin, forms.ModelForm):
    """One step of the guided pitch (fairs.pitch_views): a few of the
    pitch's fields, checked on their own with the BSN guard, so what passes
    can be kept in the draft (fairs.models.PitchDraft) and nothing refused
    is ever stored. Every field has a B1 example as its help text."""

    class Meta:
        model = Post
        fields: tuple[str, ...] = ()

    def __init__(
        self, *args, can_post_on_behalf=False, draft=None, regions=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.draft = draft
        for name in ("education_level", "sector"):
            if name in self.fields:
                _dash_first(self.fields[name])

    def step_values(self, *, valid_only: bool = False) -> dict:
        """What this step keeps in the draft, JSON-able. `valid_only`: from a
        form with errors, the fields that passed (a field with an error,
        such as a BSN, is left out)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self.fields
            and name not in STEP_FILE_FIELDS
            and not (valid_only and name in self.errors)
        }


# Fields that are files or actions, never kept as values.
STEP_FILE_FIELDS = ("cv_upload", "remove_cv")


class PitchWhoForm(PitchStepForm):
    class Meta:
        model = Post
        fields = ("on_behalf", "title", "place", "education_level")
        labels = {
            "on_behalf": _("I post this pitch for a client"),
            "title": _("Headline"),
            "place": _("Town or area"),
            "education_level": _("My highest education"),
        }
        help_texts = {
            "on_behalf": _(
                "For example: for a job seeker you guide. Reactions then go "
                "to you, not to your client."
            ),
            "title": _(
                "For example: “Enthusiastic sales assistant looking for a new team”."
            ),
            "place": _("For example: Enschede, or “around Nijmegen”."),
            "education_level": _(
                "For example: mbo if you finished mbo level 2. Not sure? Choose "
                "the level that comes closest."
            ),
        }

    client_consent = forms.BooleanField(
        label=_("My client agreed to posting this pitch"),
        required=False,
        help_text=_(
            "For example: your client said yes in your last meeting. We record "
            "the date when you publish."
        ),
    )
    field_order = ("on_behalf", "client_consent", "title", "place", "education_level")

    def __init__(self, *args, can_post_on_behalf=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_post_on_behalf:
            del self.fields["on_behalf"]
            del self.fields["client_consent"]

    def clean(self):
        data = super().clean()
        if data.get("on_behalf") and not data.get("client_consent"):
            self.add_error(
                "client_consent", _("Only post for a client who agreed to it.")
            )
        return data


class PitchSkillsForm(PitchStepForm):
    class Meta:
        model = Post
        fields = ("description", "sector")
        labels = {"description": _("What can I do?"), "sector": _("Theme corner")}
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "description": _(
                "For example: “I worked in a supermarket for 5 years. I am good "
                "with customers and I like working in a team.”"
            ),
            "sector": _(
                "For example: Retail and sales. Employers look for pitches per "
                "theme corner."
            ),
        }


class PitchWishesForm(PitchStepForm):
    class Meta:
        model = Post
        fields = ("desired_work", "hours_per_week", "availability", "banenafspraak")
        labels = {
            "desired_work": _("Work I want"),
            "hours_per_week": _("Hours per week I want to work"),
            "availability": _("When can I start?"),
            "banenafspraak": _("I fall under the banenafspraak"),
        }
        help_texts = {
            "desired_work": _("For example: cashier, shelf stacker or warehouse work."),
            "hours_per_week": _("For example: 24. Write a number from 1 to 60."),
            "availability": _(
                "For example: “Right away” or “From 1 March, on weekdays”."
            ),
            "banenafspraak": _(
                "The job agreement for people with a work limitation. Employers "
                "can search for it. Only tick it if it applies to you, for "
                "example when UWV told you that you are in the target group."
            ),
        }


class PitchCvForm(PitchStepForm):
    """No free text: the CV gets every check of `cv_upload_check`."""

    class Meta:
        model = Post
        fields = ("video_url",)
        labels = {"video_url": _("Link to my video pitch (optional)")}
        help_texts = {
            "video_url": _(
                "For example: https://youtu.be/… – a short video in which you "
                "introduce yourself."
            ),
        }

    cv_upload = forms.FileField(
        label=_("CV (optional)"),
        required=False,
        help_text=_(
            "For example: your CV as a PDF file. PDF or Word (.docx), at most "
            "5 MB. Leave out your BSN, date of birth and address."
        ),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx"}),
    )
    field_order = ("cv_upload", "video_url")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cv_needs_ocr = False
        if self.draft is not None and self.draft.cv:
            self.fields["cv_upload"].label = _("Another CV")
            self.fields["remove_cv"] = forms.BooleanField(
                label=_("Remove my CV (%(name)s)") % {"name": self.draft.cv_filename},
                required=False,
                help_text=_("For example: when you want to post without a CV."),
            )

    def clean_video_url(self):
        return https_only(self.cleaned_data["video_url"])

    def clean_cv_upload(self):
        upload = self.cleaned_data.get("cv_upload")
        if upload:
            self.cv_needs_ocr = cv_upload_check(upload)
        return upload


class PitchRegionsForm(forms.Form):
    regions = forms.ModelMultipleChoiceField(
        label=_("Publish in"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "For example: the region where you live. You can choose more than one."
        ),
        error_messages={"required": _("Choose at least one region.")},
    )

    def __init__(
        self, *args, can_post_on_behalf=False, draft=None, regions=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.fields["regions"].queryset = (
            regions if regions is not None else Region.objects.none()
        )

    def step_values(self, *, valid_only: bool = False) -> dict:
        if "regions" not in self.cleaned_data:
            return {}
        return {"regions": [region.pk for region in self.cleaned_data["regions"]]}


@dataclass(frozen=True)
class PitchStep:
    number: int
    key: str
    title: Promise
    form_class: type[forms.BaseForm]


PITCH_STEPS = (
    PitchStep(1, "who", _("Who am I?"), PitchWhoForm),
    PitchStep(2, "skills", _("What can I do?"), PitchSkillsForm),
    PitchStep(3, "wishes", _("What do I want?"), PitchWishesForm),
    PitchStep(4, "cv", _("CV and video"), PitchCvForm),
    PitchStep(5, "regions", _("Where do I publish?"), PitchRegionsForm),
)


def step_form_data(values: dict) -> dict:
    """A step's kept values as form data, to check them again."""
    data = {}
    for name, value in values.items():
        if value is True:
            data[name] = "on"
        elif isinstance(value, list):
            data[name] = [str(item) for item in value]
        elif value not in (False, None):
            data[name] = str(value)
    return data

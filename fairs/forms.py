"""Forms of the board. The BSN guard and the CV checks live here so a refused
post keeps everything the person typed."""

from urllib.parse import urlparse

from django import forms
from django.utils.translation import gettext_lazy as _

from banenmarkt.bsn import BSN_REFUSED, BSN_WARNING, NOT_A_BSN_LABEL, BsnFinding, scan
from banenmarkt.forms import BsnGuardMixin

from . import cv
from .models import EducationLevel, Post, Sector
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
            "speed_date_url": _(
                "Optional: a Teams, Zoom or other video-call link for a short "
                "speed date with job seekers."
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


class PitchForm(PostForm):
    TEXT_FIELDS = ("title", "description", "desired_work", "availability", "place")

    cv_upload = forms.FileField(
        label=_("CV (optional)"),
        required=False,
        help_text=_(
            "PDF or Word (.docx), at most 5 MB. Leave out your BSN, date of birth and address."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    client_consent = forms.BooleanField(
        label=_("My client agreed to posting this pitch"),
        required=False,
    )

    class Meta:
        model = Post
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
            "video_url": _(
                "Optional: a link to a short video in which you introduce yourself."
            ),
        }

    def __init__(self, *args, can_post_on_behalf=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.cv_needs_ocr = False
        if not can_post_on_behalf or self.editing:
            del self.fields["on_behalf"]
            del self.fields["client_consent"]
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
        if not upload:
            return upload
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
                _(
                    "Your CV must be a PDF or Word file (.pdf or .docx). This file is not."
                )
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
        self.cv_needs_ocr = bool(read.ocr_pages)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("on_behalf") and not data.get("client_consent"):
            self.add_error(
                "client_consent", _("Only post for a client who agreed to it.")
            )
        return data

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

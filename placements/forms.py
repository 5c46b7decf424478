from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from banenmarkt.forms import BsnGuardMixin

from .models import CallBack, Placement


class CallBackForm(BsnGuardMixin, forms.ModelForm):
    class Meta:
        model = CallBack
        fields = ("outcome", "placements_reported", "placement_names", "notes")
        widgets = {
            "outcome": forms.RadioSelect,
            "placement_names": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        # Optional fields are marked by the form rendering (banenmarkt.forms).
        labels = {"placement_names": _("Names")}
        help_texts = {
            "placements_reported": _(
                "How many people started working through the fair?"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = True
        self.fields["outcome"].choices = CallBack.Outcome.choices


class KnownEmployerForm(BsnGuardMixin, forms.Form):
    name = forms.CharField(label=_("Name of the employer"), max_length=150)


class KnownEmployerUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One employer per line, the name in the first column. Save from Excel as CSV."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class PlacementForm(BsnGuardMixin, forms.Form):
    WHO = [
        ("member", _("A member")),
        ("name", _("Someone else (name)")),
        ("anonymous", _("Anonymous")),
    ]

    # The member or the name, as the answer to "who" says.
    conditionally_required = ("member", "name")

    who = forms.ChoiceField(
        label=_("Who started working?"), choices=WHO, widget=forms.RadioSelect
    )
    member = forms.ModelChoiceField(
        label=_("Member"),
        queryset=None,
        required=False,
        help_text=_("Only when you chose “A member”."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("Only when you chose “Someone else (name)”."),
    )
    employer = forms.CharField(label=_("Employer"), max_length=150)
    vacancy = forms.ModelChoiceField(
        label=_("Vacancy at the fair"), queryset=None, required=False
    )
    start_date = forms.DateField(
        label=_("Start date"),
        # ISO, the only format a date input reads (a correction shows it).
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    recorded_by_organisation = forms.ChoiceField(
        label=_("Recorded by"),
        choices=Placement.RecordedBy.choices,
        widget=forms.RadioSelect,
    )
    source = forms.ChoiceField(label=_("Source"), choices=Placement.Source.choices)
    booking_reference = forms.CharField(
        label=_("Vacancy registration number"),
        max_length=50,
        required=False,
        help_text=_(
            "The vacancy record made for this placement in the systems of gemeente or UWV."
        ),
    )

    def __init__(self, *args, job_seekers, vacancies, umbrella: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = job_seekers
        self.fields["member"].label_from_instance = lambda m: m.display_name
        self.fields["vacancy"].queryset = vacancies
        self.fields["vacancy"].label_from_instance = lambda p: (
            f"{p.post.title} – {p.post.organisation}"
        )
        if umbrella:
            del self.fields["booking_reference"]
        else:
            self.fields["booking_reference"].required = True
            self.fields["booking_reference"].error_messages["required"] = _(
                "Fill in the number of the vacancy record for this placement."
            )

    @staticmethod
    def initial_from(placement: Placement, *, job_seekers) -> dict:
        """The form's values for correcting `placement`."""
        if placement.anonymous:
            who, member = "anonymous", None
        elif placement.job_seeker_id:
            who = "member"
            member = job_seekers.filter(user_id=placement.job_seeker_id).first()
        else:
            who, member = "name", None
        return {
            "who": who,
            "member": member,
            "name": placement.job_seeker_name,
            "employer": placement.employer,
            "vacancy": placement.vacancy,
            "start_date": placement.start_date,
            "recorded_by_organisation": placement.recorded_by_organisation,
            "source": placement.source,
            "booking_reference": placement.booking_reference,
        }

    def clean(self):
        """Only the field of the chosen way counts: a member chosen while
        "name" is ticked (the page without JavaScript shows both) is ignored,
        and so is a typed name for a member."""
        data = super().clean()
        who = data.get("who")
        if who == "member" and not data.get("member"):
            self.add_error("member", _("Choose the member."))
        if who == "name" and not data.get("name", "").strip():
            self.add_error("name", _("Fill in the name."))
        return data

    def placement_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "job_seeker": data["member"].user if data["who"] == "member" else None,
            "job_seeker_name": data["name"].strip() if data["who"] == "name" else "",
            "anonymous": data["who"] == "anonymous",
            "employer": data["employer"],
            "vacancy": data.get("vacancy"),
            "start_date": data["start_date"],
            "recorded_by_organisation": data["recorded_by_organisation"],
            "source": data["source"],
            "booking_reference": data.get("booking_reference", ""),
        }


class PlacementDeleteForm(BsnGuardMixin, forms.Form):
    REASONS = [
        ("twice", _("It was recorded twice")),
        ("did_not_start", _("The person did not start")),
        ("not_the_fair", _("It did not come from the fair")),
        ("other", _("Other reason")),
    ]

    reason = forms.ChoiceField(
        label=_("Why does this placement go?"),
        choices=REASONS,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Explanation"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed for “Other reason”. Do not write names."),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == "other" and not data.get("note", "").strip():
            self.add_error("note", _("Explain the reason."))
        return data

    def reason_text(self) -> str:
        """The reason as it goes into the audit log: the choice and the note."""
        # In the platform's language, whoever deletes (as every reason the
        # platform writes into the log).
        with override(settings.LANGUAGE_CODE):
            label = str(dict(self.REASONS)[self.cleaned_data["reason"]])
        return f"{label}. {self.cleaned_data['note'].strip()}".strip()


class UmbrellaVacancyForm(BsnGuardMixin, forms.Form):
    number = forms.CharField(
        label=_("Registration number of the umbrella vacancy"), max_length=50
    )


class SurveyForm(BsnGuardMixin, forms.Form):
    YES_NO = [("yes", _("Yes")), ("no", _("No"))]

    had_contact = forms.ChoiceField(
        label=_("Did you have contact with an employer?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    had_interview = forms.ChoiceField(
        label=_("Were you invited for a job interview?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    found_job = forms.ChoiceField(
        label=_("Did you find a job?"), choices=YES_NO, widget=forms.RadioSelect
    )
    improvement = forms.CharField(
        label=_("What could be better?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    recommend = forms.TypedChoiceField(
        label=_(
            "Would you recommend the online job fair to others? (0 = not at all, 10 = certainly)"
        ),
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    anonymous = forms.BooleanField(
        label=_("Answer anonymously: do not link my answer to my name."), required=False
    )

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            "had_contact": data["had_contact"] == "yes",
            "had_interview": data["had_interview"] == "yes",
            "found_job": data["found_job"] == "yes",
            "improvement": data["improvement"],
            "recommend": data["recommend"],
        }

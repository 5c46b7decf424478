from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CallBack


class CallBackForm(forms.ModelForm):
    class Meta:
        model = CallBack
        fields = ("outcome", "placements_reported", "placement_names", "notes")
        widgets = {
            "outcome": forms.RadioSelect,
            "placement_names": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "placements_reported": _(
                "How many people started working through the fair?"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = True
        self.fields["outcome"].choices = CallBack.Outcome.choices


class KnownEmployerForm(forms.Form):
    name = forms.CharField(label=_("Name of the employer"), max_length=150)


class KnownEmployerUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One employer per line, the name in the first column. Save from Excel as CSV."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

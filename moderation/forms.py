from django import forms
from django.utils.translation import gettext_lazy as _


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with it?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only the moderators read this. The author does not see who reported it."
        ),
    )

from django import forms
from django.utils.translation import gettext_lazy as _

from banenmarkt.forms import BsnGuardMixin

from .models import Removal


class ReportForm(BsnGuardMixin, forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with it?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only the moderators read this. The author does not see who reported it."
        ),
    )


class RemovalForm(BsnGuardMixin, forms.Form):
    conditionally_required = ("note",)

    reason = forms.ChoiceField(
        label=_("Reason"), choices=Removal.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Explanation for the author"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required for 'Other'. For a commercial post: what the project team should know."
        ),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("reason") == Removal.Reason.OTHER
            and not data.get("note", "").strip()
        ):
            self.add_error("note", _("Explain the reason."))
        return data


class ClarificationForm(BsnGuardMixin, forms.Form):
    question = forms.CharField(
        label=_("Question"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    answer = forms.CharField(
        label=_("Answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class StaffNoteForm(BsnGuardMixin, forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only moderators and the project team of this region see this."),
    )

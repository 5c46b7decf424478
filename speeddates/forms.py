from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .models import MAX_MINUTES, MIN_MINUTES
from .services import MAX_SLOTS


class UrlListField(forms.CharField):
    """Web addresses, one per line (not free text: each must be a link)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], "required")
        check = URLValidator(schemes=["https", "http"])
        for line in value:
            try:
                check(line)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("This is not a web address: %(line)s"),
                    code="invalid",
                    params={"line": line},
                ) from None


class SlotOfferForm(forms.Form):
    edition = forms.ModelChoiceField(
        label=_("Fair day"), queryset=None, empty_label=None
    )
    start = forms.TimeField(
        label=_("Start time of the first speed date"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    minutes = forms.IntegerField(
        label=_("Length of each speed date in minutes"),
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        initial=15,
        help_text=_("Between 5 and 30 minutes."),
    )
    count = forms.IntegerField(
        label=_("Number of speed dates one after the other"),
        min_value=1,
        max_value=MAX_SLOTS,
        initial=4,
    )
    video_urls = UrlListField(
        label=_("Video call links"),
        help_text=_(
            "One link for all speed dates, or one link per speed date, each on "
            "its own line."
        ),
    )

    def __init__(self, *args, editions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = editions

    def clean(self):
        cleaned = super().clean()
        urls, count = cleaned.get("video_urls"), cleaned.get("count")
        if urls and count and len(urls) not in (1, count):
            self.add_error(
                "video_urls",
                _(
                    "Give one link for all speed dates, or exactly %(count)d "
                    "links: one per speed date."
                )
                % {"count": count},
            )
        return cleaned

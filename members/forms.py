from urllib.parse import urlparse

from django import forms
from django.utils.translation import gettext_lazy as _

from banenmarkt.email_kinds import email_kind_label
from banenmarkt.forms import BsnGuardMixin
from fairs.models import Region

from .models import InviteLink, Membership, RegionRole
from .services import PROFILE_FIELDS, display_name_error, display_name_taken_in


class ProfileForm(BsnGuardMixin, forms.ModelForm):
    # Required for everyone but job seekers (Membership.clean).
    conditionally_required = ("organisation",)

    class Meta:
        model = Membership
        fields = PROFILE_FIELDS
        # Optional fields are marked by the form rendering (banenmarkt.forms).
        labels = {"linkedin_url": _("LinkedIn profile")}
        widgets = {
            "kind": forms.RadioSelect,
            "introduction": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Membership.Kind.choices
        self.fields["display_name"].widget.attrs["autocomplete"] = "nickname"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["town"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["linkedin_url"].widget.attrs["placeholder"] = (
            "https://www.linkedin.com/in/…"
        )

    def clean_linkedin_url(self):
        url = self.cleaned_data["linkedin_url"]
        if url:
            host = (urlparse(url).hostname or "").lower()
            if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
                raise forms.ValidationError(
                    _("Enter the address of your LinkedIn profile, or leave it empty.")
                )
        return url


class JoinRequestForm(ProfileForm):
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You may ask to join more than one region at once."),
        error_messages={"required": _("Choose at least one region.")},
    )

    class Meta(ProfileForm.Meta):
        fields = ("regions", *PROFILE_FIELDS)

    def __init__(self, *args, available_regions, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = available_regions
        self.user = user

    def clean(self):
        cleaned = super().clean()
        name, regions = cleaned.get("display_name"), cleaned.get("regions")
        if name and regions and self.user is not None:
            taken = display_name_taken_in(name=name, regions=regions, user=self.user)
            if taken:
                self.add_error(None, display_name_error(taken, name))
        return cleaned


class RequestUpdateForm(ProfileForm):
    answer = forms.CharField(
        label=_("Your answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta(ProfileForm.Meta):
        fields = PROFILE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.status == Membership.Status.QUESTION:
            self.fields["answer"].required = True
            self.fields["answer"].help_text = _(
                "Answer the moderator's question. You can also change your details, "
                "for example choose a neutral name."
            )
        else:
            del self.fields["answer"]

    def clean_display_name(self):
        name = self.cleaned_data["display_name"]
        if self.instance.region_id is None:
            return name
        region = self.instance.region
        if display_name_taken_in(name=name, regions=[region], user=self.instance.user):
            raise display_name_error([region], name).error_dict["display_name"][0]
        return name


class QuestionForm(BsnGuardMixin, forms.Form):
    question = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 4}),
        initial=_(
            "Thank you for your request. We could not tell from your profile who you "
            "are. Why did you choose this name? Taking part with a neutral name is fine."
        ),
    )


class DeclineForm(BsnGuardMixin, forms.Form):
    conditionally_required = ("note",)

    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=Membership.DeclineReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Explanation for the person"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for 'Other reason'. The person reads this."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("reason") == Membership.DeclineReason.OTHER
            and not data.get("note", "").strip()
        ):
            self.add_error("note", _("Explain the reason."))
        return data


class EndMembershipForm(BsnGuardMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The member receives this reason by email."),
    )


class AccountDeleteForm(BsnGuardMixin, forms.Form):
    """A moderator deletes an account on the person's request (by phone)."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: asked by phone on 3 March. Kept in the audit log; "
            "do not write the person's name."
        ),
    )


class RoleAppointForm(forms.Form):
    """An email address and a role. Whether an account has that address is
    not checked here: the answer is the same either way (services.role_give)."""

    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=RegionRole.Role.choices)


class EmailPreferencesForm(forms.Form):
    """One tick box per kind of email this person can get."""

    kinds = forms.MultipleChoiceField(
        label=_("I want to get these emails"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, offered: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [
            (kind, email_kind_label(kind)) for kind in offered
        ]


class InviteLinkForm(BsnGuardMixin, forms.ModelForm):
    """A new invite link: the channel and a name the team recognises. The
    name is free text (a poster's place, a caseworker's team), so the BSN
    guard applies."""

    class Meta:
        model = InviteLink
        fields = ("channel", "name")
        widgets = {"channel": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = InviteLink.Channel.choices

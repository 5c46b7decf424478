"""Form parts every app uses."""

from django import forms
from django.forms.renderers import TemplatesSetting

from .bsn import (
    BSN_REFUSED_TEXT,
    BSN_WARNING_TEXT,
    NOT_A_BSN_LABEL,
    BsnFinding,
    scan,
)

NOT_A_BSN = "not_a_bsn"


def free_text_fields(form: forms.BaseForm) -> list[str]:
    """The fields in which people type free text: plain CharFields (a model's
    CharField or TextField becomes one). Email addresses, web addresses,
    numbers and choices are not free text."""
    return [
        name
        for name, field in form.fields.items()
        if type(field) is forms.CharField and name not in form.bsn_exempt
    ]


class BsnGuardMixin:
    """The BSN guard on every free-text field of a form (docs/board.md):

    - a valid number next to "BSN", "burgerservicenummer" or "sofinummer" is
      refused on its field with the explanation, so it is never stored;
    - a bare valid number (it may be a phone or bank number) is a warning on
      its field, and the confirmation box `not_a_bsn` appears; ticked, the
      form is valid and `bsn_flagged_fields` names the fields with such a
      number, which the view passes to the service so the moderators get a
      flag (`banenmarkt.bsn_flags.bsn_flag_record`).

    The box is a hidden input until the warning is given (or it was ticked),
    so `{{ form }}` shows it only when it means something. Put the mixin
    first among the bases; `tests/test_bsn_guard.py` fails for a form with
    free text without it."""

    # Fields that hold no free text although they are CharFields.
    bsn_exempt: tuple[str, ...] = ()
    # False where the form warns about a bare number itself (PostForm).
    bsn_warn_bare: bool = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bsn_flagged_fields: list[str] = []
        if self.bsn_warn_bare and free_text_fields(self):
            ticked = self.is_bound and bool(
                forms.CheckboxInput().value_from_datadict(
                    self.data, self.files, self.add_prefix(NOT_A_BSN)
                )
            )
            self.fields[NOT_A_BSN] = forms.BooleanField(
                label=NOT_A_BSN_LABEL,
                required=False,
                widget=forms.CheckboxInput if ticked else forms.HiddenInput,
            )

    def clean(self):
        data = super().clean()
        if data is None:
            return data
        ticked = bool(data.get(NOT_A_BSN))
        flagged, warned = [], False
        for name in free_text_fields(self):
            value = data.get(name)
            if not value:
                continue
            finding = scan(str(value))
            if finding is BsnFinding.LABELLED:
                self.add_error(
                    name, forms.ValidationError(BSN_REFUSED_TEXT, code="bsn")
                )
            elif finding is BsnFinding.BARE and self.bsn_warn_bare:
                if ticked:
                    flagged.append(name)
                    continue
                warned = True
                self.add_error(
                    name, forms.ValidationError(BSN_WARNING_TEXT, code="bsn_warning")
                )
            else:
                continue
            # The form is invalid now, but its own checks after this one
            # judge what was typed (no "fill in the name" beside the BSN).
            data[name] = value
        if warned:
            self.fields[NOT_A_BSN].widget = forms.CheckboxInput()
        self.bsn_flagged_fields = flagged
        return data


class BoundField(forms.BoundField):
    """What the project's field template (templates/forms/field.html) needs
    to know about a field beyond Django's BoundField."""

    @property
    def is_checkbox(self) -> bool:
        """A single yes/no box: its label follows it on the same line."""
        return isinstance(self.field.widget, forms.CheckboxInput)

    @property
    def marked_optional(self) -> bool:
        """Optional fields say "(niet verplicht)" in their label, so the mark
        is part of the name a screen reader reads. A single checkbox is not
        marked: leaving it empty is an answer, not an omission. A form of
        filters (every field optional) sets `mark_optional = False`; a field
        that is required only in some cases (its help text or the form's
        check says when) is named in the form's `conditionally_required`."""
        return (
            not self.field.required
            and not self.is_checkbox
            and getattr(self.form, "mark_optional", True)
            and self.name not in getattr(self.form, "conditionally_required", ())
        )


class FormRenderer(TemplatesSetting):
    """One rendering for every form of the project (settings.FORM_RENDERER):
    each field is a group of its label, help text, errors and control, in
    that order, except a checkbox, which comes first with its own label
    beside it (docs/accessibility.md, "Forms"). Templates from the project's TEMPLATES, so
    templates/forms/ holds them."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = BoundField

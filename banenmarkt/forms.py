"""Form parts every app uses."""

from django import forms

from .bsn import BSN_REFUSED_TEXT, BsnFinding, scan


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
    """The BSN guard on every free-text field of a form: a valid number next
    to "BSN", "burgerservicenummer" or "sofinummer" is refused on that field
    with the explanation, so it is never stored. Put it first among the
    bases; `tests/test_bsn_guard.py` fails for a form with free text
    without it. (Posts also warn about a bare valid number: `PostForm`.)"""

    # Fields that hold no free text although they are CharFields.
    bsn_exempt: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        for name in free_text_fields(self):
            value = data.get(name) if data else None
            if value and scan(str(value)) is BsnFinding.LABELLED:
                self.add_error(
                    name, forms.ValidationError(BSN_REFUSED_TEXT, code="bsn")
                )
        return data

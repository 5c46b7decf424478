"""The BSN guard on every free text people give us: every form class of our
apps with a free-text field has it, and it refuses a labelled number on the
field where it was typed."""

import importlib
import inspect

import pytest
from django import forms

from banenmarkt.forms import BsnGuardMixin, free_text_fields

APPS = ("fairs", "members", "moderation", "placements")
# Forms with text that is never stored, each with the reason.
UNGUARDED = {
    "fairs.forms.BoardFilterForm": "a search on the board, never stored",
    "members.forms.EmailPreferencesForm": "choices only",
    "members.forms.RoleAppointForm": "an email address only",
    "placements.forms.KnownEmployerUploadForm": "a file of names (read as a list)",
}
LABELLED = "Mijn BSN is 111222333."


def our_form_classes():
    for app in APPS:
        module = importlib.import_module(f"{app}.forms")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield f"{module.__name__}.{name}", cls


def plain_char_fields(cls) -> list[str]:
    return [
        name
        for name, field in cls.base_fields.items()
        if type(field) is forms.CharField
    ]


def test_every_form_with_free_text_has_the_guard():
    classes = dict(our_form_classes())
    assert len(classes) > 15
    missing = [
        name
        for name, cls in classes.items()
        if plain_char_fields(cls)
        and not issubclass(cls, BsnGuardMixin)
        and name not in UNGUARDED
    ]
    assert missing == [], "add BsnGuardMixin (banenmarkt/forms.py) to these forms"
    assert set(UNGUARDED) <= set(classes)


@pytest.mark.parametrize(
    ("form_class", "data", "field"),
    [
        ("fairs.forms.ReactionForm", {"text": LABELLED}, "text"),
        (
            "members.forms.QuestionForm",
            {"question": LABELLED},
            "question",
        ),
        ("moderation.forms.ReportForm", {"reason": LABELLED}, "reason"),
        ("moderation.forms.StaffNoteForm", {"text": LABELLED}, "text"),
        (
            "moderation.forms.ClarificationForm",
            {"question": "Wat is het loon?", "answer": LABELLED},
            "answer",
        ),
        ("placements.forms.KnownEmployerForm", {"name": LABELLED}, "name"),
    ],
)
def test_a_labelled_number_is_refused_on_its_field(form_class, data, field):
    module, name = form_class.rsplit(".", 1)
    form = getattr(importlib.import_module(module), name)(data=data)
    assert not form.is_valid()
    assert "burgerservicenummer" in " ".join(form.errors[field])
    assert field in free_text_fields(form)


def test_a_bare_number_passes_outside_posts():
    from fairs.forms import ReactionForm

    assert ReactionForm(data={"text": "Bel me op 111222333"}).is_valid()

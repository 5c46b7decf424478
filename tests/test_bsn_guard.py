"""The BSN guard on every free text people give us: every form class of our
apps with a free-text field has it; it refuses a labelled number on the
field where it was typed, and warns about a bare valid number until the
writer ticks that it is not a BSN (then `bsn_flagged_fields` names it)."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps

from banenmarkt.forms import BsnGuardMixin, free_text_fields
from fairs.forms import PostForm

from .factories import RegionFactory

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
        (
            "members.forms.InviteLinkForm",
            {"channel": "poster", "name": LABELLED},
            "name",
        ),
    ],
)
def test_a_labelled_number_is_refused_on_its_field(form_class, data, field):
    module, name = form_class.rsplit(".", 1)
    form = getattr(importlib.import_module(module), name)(data=data)
    assert not form.is_valid()
    assert "burgerservicenummer" in " ".join(form.errors[field])
    assert field in free_text_fields(form)


BARE = "Bel me op 111222333"
PROFILE = {
    "display_name": "Jan",
    "kind": "job_seeker",
    "town": "Enschede",
    "introduction": "Ik zoek werk in de zorg.",
}


def _none(model: str):
    app, name = model.split(".")
    return lambda: apps.get_model(app, name).objects.none()


# Every guarded form with free text (posts aside: PostForm warns itself):
# the arguments it needs and data that makes it valid. A new guarded form
# must be added here (test_every_guarded_form_has_a_bare_case).
GUARDED = {
    "fairs.forms.ReactionForm": (dict, {"text": "Leuk!"}),
    "fairs.forms.PitchWhoForm": (
        dict,
        {"title": "Kok zoekt keuken", "place": "Enschede", "education_level": "mbo"},
    ),
    "fairs.forms.PitchSkillsForm": (
        dict,
        {"description": "Ik kook graag.", "sector": "hospitality"},
    ),
    "fairs.forms.PitchWishesForm": (
        dict,
        {"desired_work": "Kok", "hours_per_week": "24", "availability": "Direct"},
    ),
    "members.forms.ProfileForm": (dict, PROFILE),
    "members.forms.JoinRequestForm": (
        lambda: {"available_regions": apps.get_model("fairs", "Region").objects.all()},
        {**PROFILE, "regions": lambda: [RegionFactory().pk]},
    ),
    "members.forms.RequestUpdateForm": (
        lambda: {
            "instance": apps.get_model("members", "Membership")(status="question")
        },
        {**PROFILE, "answer": "Ik wil liever anoniem meedoen."},
    ),
    "members.forms.QuestionForm": (dict, {"question": "Waarom?"}),
    "members.forms.DeclineForm": (dict, {"reason": "other", "note": "Dubbel."}),
    "members.forms.EndMembershipForm": (dict, {"reason": "Reclame."}),
    "members.forms.InviteLinkForm": (
        dict,
        {"channel": "poster", "name": "Poster bibliotheek Enschede"},
    ),
    "members.forms.AccountDeleteForm": (dict, {"reason": "Belde zelf op."}),
    "moderation.forms.ReportForm": (dict, {"reason": "Reclame."}),
    "moderation.forms.RemovalForm": (dict, {"reason": "other", "note": "Dubbel."}),
    "moderation.forms.ClarificationForm": (
        dict,
        {"question": "Wat is het loon?", "answer": "Cao."},
    ),
    "moderation.forms.StaffNoteForm": (dict, {"text": "Gebeld."}),
    "placements.forms.CallBackForm": (
        dict,
        {"outcome": "reached", "placements_reported": 0, "notes": "Goed gesprek."},
    ),
    "placements.forms.KnownEmployerForm": (dict, {"name": "Bakkerij Jansen"}),
    "placements.forms.PlacementForm": (
        lambda: {
            "job_seekers": _none("members.Membership")(),
            "vacancies": _none("fairs.Publication")(),
            "umbrella": False,
        },
        {
            "who": "name",
            "name": "Sanne",
            "employer": "Bakkerij Jansen",
            "start_date": "2026-12-14",
            "recorded_by_organisation": "uwv",
            "source": "call_back",
            "booking_reference": "V-2026-17",
        },
    ),
    "placements.forms.PlacementDeleteForm": (
        dict,
        {"reason": "other", "note": "Hij begon toch niet."},
    ),
    "placements.forms.UmbrellaVacancyForm": (dict, {"number": "V-2026-1"}),
    "placements.forms.SurveyForm": (
        dict,
        {
            "had_contact": "yes",
            "had_interview": "no",
            "found_job": "no",
            "recommend": "8",
            "improvement": "Meer vacatures.",
        },
    ),
}


def resolved(data: dict) -> dict:
    """The data, with values that need the database made now."""
    return {k: v() if callable(v) else v for k, v in data.items()}


def guarded_cases() -> list:
    cases = []
    for name, (kwargs, data) in GUARDED.items():
        module, cls_name = name.rsplit(".", 1)
        cls = getattr(importlib.import_module(module), cls_name)
        for field in free_text_fields(cls(**kwargs())):
            cases.append(
                pytest.param(cls, kwargs, data, field, id=f"{cls_name}.{field}")
            )
    return cases


def test_every_guarded_form_has_a_bare_case():
    guarded = {
        name
        for name, cls in our_form_classes()
        if issubclass(cls, BsnGuardMixin)
        and not issubclass(cls, PostForm)
        and plain_char_fields(cls)
    }
    assert guarded == set(GUARDED), "add the form to GUARDED in this file"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(GUARDED))
def test_the_valid_data_is_valid(name):
    module, cls_name = name.rsplit(".", 1)
    kwargs, data = GUARDED[name]
    form = getattr(importlib.import_module(module), cls_name)(
        data=resolved(data), **kwargs()
    )
    assert form.is_valid(), form.errors
    assert form.bsn_flagged_fields == []
    assert form["not_a_bsn"].is_hidden


@pytest.mark.django_db
@pytest.mark.parametrize(("cls", "kwargs", "data", "field"), guarded_cases())
def test_a_bare_number_warns_then_passes_when_ticked(cls, kwargs, data, field):
    typed = {**resolved(data), field: BARE}
    form = cls(data=typed, **kwargs())
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()[field]] == ["bsn_warning"]
    assert "Vink dan hieronder het vakje aan" in " ".join(form.errors[field])
    assert list(form.errors) == [field], "only the warning, nothing else"
    assert not form["not_a_bsn"].is_hidden
    html = str(form)
    assert 'type="checkbox" name="not_a_bsn"' in html
    assert BARE in html, "what was typed stays"

    ticked = cls(data={**typed, "not_a_bsn": "on"}, **kwargs())
    assert ticked.is_valid(), ticked.errors
    assert ticked.bsn_flagged_fields == [field]
    assert not ticked["not_a_bsn"].is_hidden


@pytest.mark.django_db
@pytest.mark.parametrize(("cls", "kwargs", "data", "field"), guarded_cases())
def test_a_labelled_number_is_refused_even_when_ticked(cls, kwargs, data, field):
    form = cls(data={**resolved(data), field: LABELLED, "not_a_bsn": "on"}, **kwargs())
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()[field]] == ["bsn"]


def test_posts_keep_their_own_box():
    from fairs.forms import VacancyForm

    form = VacancyForm(regions=_none("fairs.Region")())
    assert list(form.fields).count("not_a_bsn") == 1
    assert not form["not_a_bsn"].is_hidden

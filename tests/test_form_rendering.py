"""The project's form rendering (banenmarkt.forms.FormRenderer): label,
control, help text and errors of a field belong together, in the page and in
the accessibility tree."""

import re

from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from fairs.forms import VacancyForm
from fairs.models import Publication, Region
from members.models import Membership
from placements.forms import PlacementForm


class ExampleForm(forms.Form):
    conditionally_required = ("maybe",)

    name = forms.CharField(label="Naam")
    phone = forms.CharField(label="Telefoon", required=False)
    maybe = forms.CharField(label="Soms nodig", required=False)
    agree = forms.BooleanField(
        label="Ik doe mee", required=False, help_text="Uitleg bij het vakje."
    )
    city = forms.CharField(label="Plaats", help_text="Waar je woont.")
    colours = forms.MultipleChoiceField(
        label="Kleuren",
        choices=[("r", "Rood"), ("g", "Groen")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def dutch(html_of):
    with translation.override("nl"):
        return str(html_of())


def field_group(html: str, name: str) -> str:
    """The group (div.field) that holds the control named `name`."""
    for group in re.split(r'(?=<div class="field[ "])', html):
        if f'name="{name}"' in group:
            return group
    raise AssertionError(f"no group for {name}")


def test_form_rendering_puts_each_field_in_its_own_group():
    html = dutch(ExampleForm().render)
    assert len(re.findall(r'<div class="field[ "]', html)) == 6
    assert 'for="id_phone"' in field_group(html, "phone")
    assert 'name="name"' not in field_group(html, "phone")


def test_form_rendering_checkbox_comes_before_its_own_label_and_help_text():
    group = field_group(dutch(ExampleForm().render), "agree")
    checkbox = group.index('<input type="checkbox" name="agree"')
    label = group.index('<label for="id_agree">Ik doe mee</label>')
    help_text = group.index('<div class="helptext" id="id_agree_helptext">')
    assert checkbox < label < help_text
    assert 'aria-describedby="id_agree_helptext"' in group
    # The box and its label share a line; the help text comes under both.
    assert re.search(
        r'<div class="field__check"><input type="checkbox"[^>]*> '
        r'<label for="id_agree">Ik doe mee</label></div>',
        group,
    )


def test_form_rendering_other_fields_have_label_then_help_then_control():
    group = field_group(dutch(ExampleForm().render), "city")
    label = group.index('<label class="field__label" for="id_city">Plaats</label>')
    help_text = group.index('id="id_city_helptext"')
    control = group.index('<input type="text" name="city"')
    assert label < help_text < control
    assert re.search(r'<input[^>]*aria-describedby="id_city_helptext"', group)


def test_form_rendering_marks_optional_fields_in_their_label():
    html = dutch(ExampleForm().render)
    phone = field_group(html, "phone")
    assert re.search(
        r'<label[^>]*for="id_phone">Telefoon <span[^>]*>'
        r"\(niet verplicht\)</span></label>",
        phone,
    )
    assert "niet verplicht" not in field_group(html, "name")
    # A checkbox left empty is an answer; a field required in some cases
    # says so in its help text or error.
    assert "niet verplicht" not in field_group(html, "agree")
    assert "niet verplicht" not in field_group(html, "maybe")
    assert re.search(
        r"<legend[^>]*>Kleuren <span[^>]*>\(niet verplicht\)</span></legend>",
        field_group(html, "colours"),
    )


def test_form_rendering_ties_errors_to_their_field():
    form = ExampleForm(data={"city": ""})
    assert not form.is_valid()
    group = field_group(dutch(form.render), "city")
    assert '<ul class="errorlist" id="id_city_error">' in group
    assert re.search(
        r'<input[^>]*aria-invalid="true"[^>]*'
        r'aria-describedby="id_city_helptext id_city_error"',
        group,
    )


def test_form_rendering_as_field_group_is_the_same_group():
    form = ExampleForm()
    group = dutch(form["agree"].as_field_group)
    assert group.strip().startswith('<div class="field field--checkbox">')


def test_empty_choice_is_dutch_kies(db):
    """Django 6.1's "- Select an option -" has no Dutch: ours says "Kies …"."""
    with translation.override("nl"):
        placement = PlacementForm(
            job_seekers=Membership.objects.none(),
            vacancies=Publication.objects.none(),
            umbrella=True,
        )
        member = str(placement["member"])
        vacancy = str(VacancyForm(regions=Region.objects.none())["contract_kind"])
    for select in (member, vacancy):
        assert '<option value="" selected>Kies …</option>' in select
        assert "Select an option" not in select


def test_error_summary_links_to_the_first_choice_of_a_group():
    """A radio group has no element with the field's own id: the summary
    links to its first choice, other fields to their control."""

    class Choose(forms.Form):
        colour = forms.ChoiceField(
            label="Kleur", choices=[("r", "Rood")], widget=forms.RadioSelect
        )
        city = forms.CharField(label="Plaats")

    form = Choose(data={})
    assert not form.is_valid()
    html = render_to_string("_form_errors.html", {"form": form})
    assert 'href="#id_colour_0"' in html
    assert 'href="#id_city"' in html

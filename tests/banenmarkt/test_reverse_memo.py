"""`{% url %}` remembering its answers (banenmarkt/templatetags/reverse_memo.py)."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, clear_script_prefix, set_script_prefix

from banenmarkt.templatetags import reverse_memo


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_the_address_is_the_one_django_gives_and_is_reversed_once(monkeypatch):
    calls = []
    real = reverse_memo.reverse

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(reverse_memo, "reverse", counting)
    reverse_memo._KEPT.clear()
    source = "{% url 'fairs:board' slug=slug %}|{% url 'fairs:home' %}"
    first = _render(source, slug="twente")
    second = _render(source, slug="twente")
    other = _render(source, slug="rijk-van-nijmegen")
    assert first == second == "/regio/twente/prikbord/|/"
    assert other == "/regio/rijk-van-nijmegen/prikbord/|/"
    assert len(calls) == 3  # twente's board, home, Nijmegen's board


def test_the_script_prefix_is_part_of_the_key():
    reverse_memo._KEPT.clear()
    assert _render("{% url 'fairs:home' %}") == "/"
    set_script_prefix("/banenmarkt/")
    try:
        assert _render("{% url 'fairs:home' %}") == "/banenmarkt/"
    finally:
        clear_script_prefix()
        set_script_prefix("/")


def test_an_argument_that_cannot_be_a_key_is_reversed_as_before():
    reverse_memo._KEPT.clear()

    class Slug(str):
        __hash__ = None

    assert _render("{% url 'fairs:board' slug=s %}", s=Slug("twente")) == (
        "/regio/twente/prikbord/"
    )
    assert reverse_memo._KEPT == {}


def test_a_failed_reverse_raises_or_gives_nothing_as_django_s():
    with pytest.raises(NoReverseMatch):
        _render("{% url 'fairs:board' slug='' %}")
    assert _render("{% url 'fairs:board' slug='' as link %}[{{ link }}]") == "[]"


def test_a_swapped_urlconf_is_not_answered_from_memory(settings):
    reverse_memo._KEPT.clear()
    assert _render("{% url 'fairs:calendar' %}") == "/kalender/"
    settings.ROOT_URLCONF = "tests.banenmarkt.urls_prefixed"
    assert _render("{% url 'fairs:calendar' %}") == "/voorvoegsel/kalender/"

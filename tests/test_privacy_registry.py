"""The registry of personal data (banenmarkt/privacy.py) covers every model
that holds some: a model with a relation to the user, or a field that looks
personal, is declared with how it is exported and erased, or named here as
holding none, with the reason. The privacy statement and the processing
register are rendered from it."""

import csv
import io
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import capfirst

from banenmarkt.privacy import RETENTION, Erase, entry_for, registry, retention

from .auth import sign_in_fresh
from .factories import RegionFactory, RegionRoleFactory, UserFactory

# Models without personal data of their own, with the reason.
NOT_PERSONAL = {
    "sessions.Session": "a signed session blob; ends at sign-out or idle timeout",
    "account.EmailConfirmation": "a key for an EmailAddress; goes with it",
    "socialaccount.SocialApp": "LinkedIn's app settings, not a person",
    "socialaccount.SocialToken": "never stored (SOCIALACCOUNT_STORE_TOKENS off)",
    "banenmarkt.OutboxItem": "task names and ids, sent within minutes",
    "banenmarkt.JobRun": "which scheduled job ran, counts only",
    "fairs.Region": "a region's name, texts and contact address",
    "fairs.Edition": "a fair's dates and title",
    "auth.Group": "no groups are used",
    "auth.Permission": "Django's permission names",
    "contenttypes.ContentType": "model names",
}
# What a field's name says when it may hold something about a person.
PERSONAL_NAME = re.compile(
    r"name|email|phone|address|town|place|text|note|introduction|reason|"
    r"answer|question|description|linkedin|cv|snapshot|label|improvement|uid|"
    r"data|message|repr|extra|title|organisation|contact|url|employer"
)
TEXT_FIELDS = (
    models.CharField,
    models.TextField,
    models.FileField,
    models.JSONField,
    models.GenericIPAddressField,
)


def user_relations(model) -> list[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is user_model
    ]


def personal_looking_fields(model) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, TEXT_FIELDS)
        and not isinstance(f, models.SlugField)
        and PERSONAL_NAME.search(f.name)
        and not f.choices
    ]


def all_models():
    return [m for m in apps.get_models() if not m._meta.proxy]


def test_every_model_with_personal_data_is_declared():
    missing = []
    for model in all_models():
        label = model._meta.label
        if label in NOT_PERSONAL:
            continue
        if (user_relations(model) or personal_looking_fields(model)) and not entry_for(
            model
        ):
            missing.append(label)
    assert missing == [], "declare these in their app's privacy.py"
    assert set(NOT_PERSONAL) <= {m._meta.label for m in all_models()}


def test_every_relation_to_the_user_is_the_owner_or_an_actor():
    undeclared = []
    for entry in registry():
        model = entry.model_class
        owner_field = entry.owner.split("__")[0]
        for name in user_relations(model):
            if name not in {owner_field, *entry.actors, *entry.anonymise}:
                undeclared.append(f"{entry.model}.{name}")
    assert undeclared == []


def test_every_personal_looking_field_is_exported_or_explained():
    unexplained = []
    for entry in registry():
        local = {f.split("__")[0] for f in entry.fields}
        known = (
            local | set(entry.files) | set(entry.anonymise) | set(entry.not_personal)
        )
        unexplained += [
            f"{entry.model}.{name}"
            for name in personal_looking_fields(entry.model_class)
            if name not in known
        ]
    assert unexplained == []


@pytest.mark.django_db
def test_every_entry_reads_its_rows_and_fields():
    """The paths in the registry are real: the export of a person runs."""
    user = UserFactory()
    for entry in registry():
        list(entry.rows_of(user).values(*entry.fields))
        assert entry.erase in Erase.values
        assert entry.retention in RETENTION
        for name in entry.anonymise:
            entry.model_class._meta.get_field(name)
        for name in entry.actors + entry.files + entry.scrub:
            entry.model_class._meta.get_field(name)


def test_a_retention_period_can_be_set(settings):
    assert retention("survey_link").days == 183
    settings.PRIVACY_RETENTION_DAYS = {"survey_link": 30}
    assert retention("survey_link").days == 30


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"), [("nl", "Wat bewaren we"), ("en", "What do we keep")]
)
def test_the_privacy_statement_lists_the_registry(client, language, heading):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("fairs:privacy")).content.decode()
    assert heading in html

    with translation.override(language):
        for entry in registry():
            for text in (entry.holds, entry.purpose, entry.period.label):
                assert escape(capfirst(str(text))) in html


@pytest.mark.django_db
def test_staff_download_the_processing_register(client):
    region = RegionFactory()
    sign_in_fresh(client, RegionRoleFactory(region=region, role="staff").user)
    response = client.get(
        reverse("members:processing-register", kwargs={"slug": region.slug})
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert len(rows[0]) == 8
    assert {row[-1] for row in rows[1:]} == {entry.model for entry in registry()}

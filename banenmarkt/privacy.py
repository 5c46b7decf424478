"""The registry of personal data (issue 14; docs/privacy.md).

Every model that holds personal data declares here, through its app's
`privacy.py` (registered in the app's `ready`), what it holds about whom, why,
how long it is kept, what a person gets when they download their data and
what happens to it when their account is deleted. The privacy statement and
the processing register (verwerkingsregister) are rendered from it, so they
cannot drift from the code; `tests/test_privacy_registry.py` fails for a
model with a relation to the user, or a field that looks personal, that is not
declared.

The ground floor knows no feature app: entries name models by label
("fairs.Post") and are resolved through the app registry.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .exports import ListExporter


class Erase(models.TextChoices):
    """What deleting the person's account does with their rows."""

    DELETE = "delete", _("deleted")
    # The row stays for the public bodies' records; the fields in
    # `anonymise` lose what names the person.
    ANONYMISE = "anonymise", _("kept without your name")
    # The row goes with another one (a cascade) or holds nothing about the
    # person once that is gone; nothing to do of its own.
    WITH_OWNER = "with_owner", _("deleted with what it belongs to")


@dataclass(frozen=True)
class Retention:
    """A period from the one table of retention periods (RETENTION)."""

    key: str
    days: int
    label: Promise

    @property
    def period(self) -> timedelta:
        return timedelta(days=self.days)


# Every retention period in one table (docs/privacy.md). A region sets its own
# months for pitches after its last fair (Region setting, default below).
# Override a period with settings.PRIVACY_RETENTION_DAYS = {key: days}.
_RETENTION = [
    Retention(
        "account", 0, _("as long as you have an account; deleted when you delete it")
    ),
    Retention(
        "account_never_joined",
        91,
        _("3 months, if you never finished a request to join"),
    ),
    Retention(
        "account_inactive",
        730,
        _("until 24 months after your last login; we warn you first"),
    ),
    Retention(
        "pitch_after_last_fair",
        365,
        _(
            "pitches and CVs: 12 months after the last fair you took part in "
            "(the region may set this; we warn you a week before); vacancies: "
            "as long as you have an account"
        ),
    ),
    Retention(
        "pitch_draft",
        30,
        _(
            "30 days after you last changed it; deleted at once when you publish or discard it"
        ),
    ),
    Retention(
        "cv_withdrawn", 0, _("deleted at once when the pitch is withdrawn or removed")
    ),
    Retention("callback_notes", 730, _("24 months")),
    Retention("survey_link", 183, _("6 months")),
    Retention("export_file", 7, _("7 days")),
    Retention("notification_log", 730, _("24 months")),
    Retention("audit", 2557, _("7 years (the public bodies' records)")),
    Retention("security_session", 14, _("at most 14 days; 2 hours for roles")),
]
RETENTION: dict[str, Retention] = {r.key: r for r in _RETENTION}


def retention(key: str) -> Retention:
    """The period `key`, with an override from settings when there is one."""
    period = RETENTION[key]
    override = getattr(settings, "PRIVACY_RETENTION_DAYS", {}).get(key)
    if override is None:
        return period
    return Retention(period.key, override, period.label)


DEFAULT_RECIPIENTS = _("the region's moderators")
DEFAULT_LEGAL_BASIS = _("public task (Participatiewet, Wet SUWI)")


@dataclass(frozen=True)
class PersonalData:
    """One model's personal data.

    `owner`: the ORM path from the model to the person the rows are about
    ("user", "author", "membership__user"), or "" for rows that name people
    without a link to their account (an invitation by email address).
    `actors`: relations to the person who did something to the row (who
    decided, who wrote a note): on deletion of that person they are set to
    nothing, or the row is anonymised with them.
    `fields`: what a person gets in their download (`files`: which of them
    are files, added to the ZIP as they are, and deleted from storage with
    the account).
    `scrub`: text fields of rows that stay (anyone's) in which the person's
    names and email address, as typed, are replaced by ERASED_NAME when their
    account is deleted: best effort, a name typed differently stays.
    """

    model: str
    owner: str
    category: Promise
    holds: Promise
    purpose: Promise
    retention: str
    fields: tuple[str, ...]
    erase: str = Erase.DELETE
    anonymise: dict = field(default_factory=dict)
    actors: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    scrub: tuple[str, ...] = ()
    # Fields that look personal but are not about a person, with the reason.
    not_personal: dict[str, str] = field(default_factory=dict)
    # Who besides the person sees it (for the processing register).
    recipients: Promise = DEFAULT_RECIPIENTS
    legal_basis: Promise = DEFAULT_LEGAL_BASIS

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def period(self) -> Retention:
        return retention(self.retention)

    def rows_of(self, user) -> models.QuerySet:
        """The rows about `user` (none for entries without an owner)."""
        manager = self.model_class._default_manager
        if not self.owner:
            return manager.none()
        return manager.filter(**{self.owner: user.pk})


_REGISTRY: dict[str, PersonalData] = {}


def personal_data_register(entries: Iterable[PersonalData]) -> None:
    """Called from each app's ready(); a model is declared once."""
    for entry in entries:
        if entry.model in _REGISTRY and _REGISTRY[entry.model] != entry:
            raise ValueError(f"{entry.model} is declared twice")
        _REGISTRY[entry.model] = entry


def registry() -> list[PersonalData]:
    """Every declared model, in a stable order (by category, then model)."""
    return sorted(_REGISTRY.values(), key=lambda e: (str(e.category), e.model))


def entry_for(model: type[models.Model]) -> PersonalData | None:
    return _REGISTRY.get(model._meta.label)


@dataclass(frozen=True)
class ExportSection:
    """Data about a person that `rows_of` cannot find by owner, for their
    download ("download my data", banenmarkt/data_export.py): who viewed
    their CV, call-back notes that name them.

    `rows`: the dotted path of a function (user) -> iterable of dicts with
    JSON-able values, resolved when a download is built (so an app's
    `privacy.py` imports no models). `name`: the file in the ZIP, without
    ".json". `best_effort`: found by searching texts for the person's names,
    so it may miss something or hold a namesake; the README says so.
    """

    name: str
    category: Promise
    holds: Promise
    rows: str
    best_effort: bool = False

    @property
    def function(self) -> Callable[..., Iterable[dict]]:
        return import_string(self.rows)


_SECTIONS: dict[str, ExportSection] = {}


def export_sections_register(sections: Iterable[ExportSection]) -> None:
    """Called from an app's ready(), like `personal_data_register`."""
    for section in sections:
        if section.name in _SECTIONS and _SECTIONS[section.name] != section:
            raise ValueError(f"export section {section.name} is declared twice")
        _SECTIONS[section.name] = section


def export_sections() -> list[ExportSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (str(s.category), s.name))


# Models of Django and allauth that hold personal data: declared here, with
# the ground floor's own models.
PERSONAL_DATA = [
    PersonalData(
        model="account.EmailAddress",
        owner="user",
        category=_("Account"),
        holds=_("your email address and whether you confirmed it"),
        purpose=_("to sign in and to send you messages"),
        retention="account",
        fields=("email", "verified", "primary"),
        recipients=_("nobody else; moderators see it in the member list"),
    ),
    PersonalData(
        model="mfa.Authenticator",
        owner="user",
        category=_("Account"),
        holds=_("your second step for signing in (never the secret in your download)"),
        purpose=_("to keep accounts with a role safe"),
        retention="account",
        fields=("type", "created_at", "last_used_at"),
        recipients=_("nobody else"),
        not_personal={"data": "an encrypted secret, never shown or exported"},
    ),
    PersonalData(
        model="socialaccount.SocialAccount",
        owner="user",
        category=_("Account"),
        holds=_("the link with your LinkedIn account, if you made one"),
        purpose=_("to sign in with LinkedIn"),
        retention="account",
        fields=("provider", "uid", "date_joined", "last_login"),
        recipients=_("nobody else"),
        not_personal={
            "extra_data": "LinkedIn's profile answer, never shown; goes with the link"
        },
    ),
    PersonalData(
        model="admin.LogEntry",
        owner="user",
        category=_("Account"),
        holds=_("changes platform admins made in the admin"),
        purpose=_("to know who changed what"),
        retention="audit",
        fields=("action_time", "object_repr", "change_message"),
        erase=Erase.DELETE,
        scrub=("object_repr", "change_message"),
        recipients=_("platform admins"),
    ),
    PersonalData(
        model="banenmarkt.AuditEntry",
        owner="actor",
        category=_("Records of the public bodies"),
        holds=_("what moderators and members decided and did, with who and when"),
        purpose=_(
            "accountability: every decision about a member or a post can be checked"
        ),
        retention="audit",
        fields=("action", "target_label", "reason", "data", "created_at"),
        erase=Erase.ANONYMISE,
        anonymise={"actor": None, "actor_erased": True},
        scrub=("target_label", "reason", "data"),
        recipients=_("the region's moderators and project team"),
    ),
    PersonalData(
        model="banenmarkt.Notification",
        owner="user",
        category=_("Emails"),
        holds=_("which emails we sent you and when"),
        purpose=_("to send each email once"),
        retention="notification_log",
        fields=("kind", "status", "created_at", "sent_at"),
        recipients=_("nobody else"),
    ),
    PersonalData(
        model="banenmarkt.EmailOptOut",
        owner="user",
        category=_("Emails"),
        holds=_("the emails you switched off"),
        purpose=_("to send you only the emails you want"),
        retention="account",
        fields=("kind", "created_at"),
        recipients=_("nobody else"),
    ),
    PersonalData(
        model="banenmarkt.BsnFlag",
        owner="written_by",
        category=_("Moderation"),
        holds=_(
            "that a text of yours had a number that could be a BSN (never the number)"
        ),
        purpose=_("so a moderator can check that no BSN is kept"),
        retention="callback_notes",
        fields=("target_label", "field", "url", "created_at", "checked_at"),
        erase=Erase.ANONYMISE,
        anonymise={"written_by": None, "target_label": ""},
        actors=("checked_by",),
        scrub=("target_label",),
    ),
]


# What the ground floor adds to a download besides its registry entries.
EXPORT_SECTIONS = [
    ExportSection(
        name="audit-about-you",
        category=_("Records of the public bodies"),
        holds=_(
            "what moderators and the platform decided about your account, "
            "memberships and posts, and why"
        ),
        rows="banenmarkt.data_export.audit_entries_about",
    ),
]

# What stays of a person in the public bodies' records after their account is
# deleted: stored data in the platform's language, like the records
# themselves; the log pages show the translated "deleted member".
ERASED_NAME = "verwijderd lid"


def _names_pattern(names: Iterable[str]) -> re.Pattern | None:
    """The names as whole words, longest first, case-insensitive. Names of
    fewer than 3 characters are left alone: they would hit ordinary words."""
    wanted = sorted(
        {n.strip() for n in names if len(n.strip()) >= 3}, key=len, reverse=True
    )
    if not wanted:
        return None
    alternatives = "|".join(re.escape(n) for n in wanted)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _scrubbed(value, pattern: re.Pattern):
    if isinstance(value, str):
        return pattern.sub(ERASED_NAME, value)
    if isinstance(value, list):
        return [_scrubbed(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: _scrubbed(v, pattern) for k, v in value.items()}
    return value


def names_scrub(*, names: Iterable[str]) -> int:
    """Replace `names` by ERASED_NAME in every field the registry marks
    `scrub`, in anyone's rows; the number of rows changed. Rows are changed
    with `update()`: audit entries refuse `save()`, and nothing else in them
    changes."""
    names = list(names)
    pattern = _names_pattern(names)
    if pattern is None:
        return 0
    changed = 0
    for entry in registry():
        if not entry.scrub:
            continue
        manager = entry.model_class._default_manager
        found = models.Q()
        for name in names:
            if len(name.strip()) >= 3:
                for field_name in entry.scrub:
                    found |= models.Q(**{f"{field_name}__icontains": name.strip()})
        for row in manager.filter(found).only("pk", *entry.scrub):
            changes = {}
            for field_name in entry.scrub:
                value = getattr(row, field_name)
                new = _scrubbed(value, pattern)
                if new != value:
                    changes[field_name] = new
            if changes:
                manager.filter(pk=row.pk).update(**changes)
                changed += 1
    return changed


def personal_data_erase(*, user, names: Iterable[str]) -> list[tuple[Storage, str]]:
    """Erase what every registry entry holds about `user`, in the caller's
    transaction; the user row itself is the caller's to delete, last.

    In this order: rows to keep lose what names the person (`anonymise`,
    before a deletion cascades their owner path away); relations to the
    person as an actor are set to nothing; rows to delete are deleted (their
    cascades take `with_owner` rows along); the person's `names` are scrubbed
    from the `scrub` fields of everyone's rows. Returns the files (storage,
    name) to delete once the transaction has committed."""
    user_label = apps.get_model(settings.AUTH_USER_MODEL)._meta.label
    entries = [e for e in registry() if e.model != user_label]
    files = []
    for entry in entries:
        for name in entry.files:
            storage = entry.model_class._meta.get_field(name).storage
            files += [
                (storage, value)
                for value in entry.rows_of(user)
                .exclude(**{name: ""})
                .values_list(name, flat=True)
                if value
            ]
    for entry in entries:
        if entry.erase == Erase.ANONYMISE:
            entry.rows_of(user).update(**entry.anonymise)
    for entry in entries:
        manager = entry.model_class._default_manager
        for actor in entry.actors:
            manager.filter(**{actor: user.pk}).update(**{actor: None})
    for entry in entries:
        if entry.erase == Erase.DELETE:
            entry.rows_of(user).delete()
    names_scrub(names=names)
    return files


class ProcessingRegisterExporter(ListExporter):
    """The processing register (verwerkingsregister) for a privacy officer:
    one row per kind of personal data, from the registry."""

    sheet_title = "Verwerkingsregister"
    filename = "verwerkingsregister"

    def headers(self) -> list[str]:
        return [
            _("Category"),
            _("Data"),
            _("Purpose"),
            _("Legal basis"),
            _("Kept"),
            _("Who sees it"),
            _("When the account is deleted"),
            _("Table"),
        ]

    def rows(self):
        for entry in registry():
            yield [
                str(entry.category),
                str(entry.holds),
                str(entry.purpose),
                str(entry.legal_basis),
                str(entry.period.label),
                str(entry.recipients),
                str(Erase(entry.erase).label),
                entry.model,
            ]

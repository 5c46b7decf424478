"""The kinds of email people can get, registered by the apps that send them.

Each app declares its kinds as a TextChoices class (`<app>/email_kinds.py`)
and registers it in its AppConfig.ready; the preferences page, unsubscribe
links and the records of what was sent use this registry, so adding a kind of
email touches only the app that sends it (no migration anywhere).
"""

from collections.abc import Iterable

from django.db.models import TextChoices

EMAIL_KINDS: dict[str, str] = {}  # value -> label, in registration order
# Kinds only for people with one of these region roles (e.g. moderators).
EMAIL_KIND_ROLES: dict[str, frozenset[str]] = {}


def email_kinds_register(
    choices: type[TextChoices], *, roles: dict[str, Iterable[str]] | None = None
) -> None:
    for value, label in choices.choices:
        EMAIL_KINDS[value] = label
    for value, kind_roles in (roles or {}).items():
        EMAIL_KIND_ROLES[value] = frozenset(kind_roles)


def email_kind_label(kind: str) -> str:
    return str(EMAIL_KINDS.get(kind, kind))


def email_kinds_for(roles: Iterable[str]) -> list[str]:
    """The kinds that can reach someone with these region roles."""
    roles = set(roles)
    return [
        kind
        for kind in EMAIL_KINDS
        if kind not in EMAIL_KIND_ROLES or EMAIL_KIND_ROLES[kind] & roles
    ]

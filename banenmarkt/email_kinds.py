"""The kinds of email people can get, registered by the apps that send them.

Each app declares its kinds as a TextChoices class (`<app>/email_kinds.py`)
and registers it in its AppConfig.ready; the preferences page, unsubscribe
links and the records of what was sent use this registry, so adding a kind of
email touches only the app that sends it (no migration anywhere).
"""

from collections.abc import Iterable

from django.db.models import TextChoices

EMAIL_KINDS: dict[str, str] = {}  # value -> label
# Where each kind stands on the preferences page (lower first).
EMAIL_KIND_ORDER: dict[str, int] = {}
# Kinds only for people with one of these region roles (e.g. moderators).
EMAIL_KIND_ROLES: dict[str, frozenset[str]] = {}


def email_kinds_register(
    choices: type[TextChoices],
    *,
    order: dict[str, int],
    roles: dict[str, Iterable[str]] | None = None,
) -> None:
    """Register an app's kinds, each with its place on the preferences page
    (`order`; the apps share one scale: fair reminders first, role kinds last)
    and, for kinds meant for moderators or staff, the roles they are for."""
    missing = set(choices.values) - set(order)
    if missing:
        raise ValueError(f"No place on the preferences page for {sorted(missing)}.")
    for value, label in choices.choices:
        EMAIL_KINDS[value] = label
        EMAIL_KIND_ORDER[value] = order[value]
    for value, kind_roles in (roles or {}).items():
        EMAIL_KIND_ROLES[value] = frozenset(kind_roles)


def email_kind_label(kind: str) -> str:
    return str(EMAIL_KINDS.get(kind, kind))


def email_kinds_for(roles: Iterable[str]) -> list[str]:
    """The kinds that can reach someone with these region roles."""
    roles = set(roles)
    return sorted(
        (
            kind
            for kind in EMAIL_KINDS
            if kind not in EMAIL_KIND_ROLES or EMAIL_KIND_ROLES[kind] & roles
        ),
        key=EMAIL_KIND_ORDER.__getitem__,
    )

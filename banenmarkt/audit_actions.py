"""Readable labels of audit actions. Each app registers the labels of its own
actions in its AppConfig.ready, so the ground floor names them without
knowing the apps."""

from django.utils.functional import Promise

ACTION_LABELS: dict[str, str | Promise] = {}


def actions_register(labels: dict[str, str | Promise]) -> None:
    """Add an app's labels ("moderation.publication.removed" -> "Removed a
    post")."""
    ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def action_choices(actions) -> list[tuple[str, str]]:
    """(action, label) pairs for a filter, sorted by label."""
    return sorted(((a, action_label(a)) for a in actions), key=lambda c: c[1])

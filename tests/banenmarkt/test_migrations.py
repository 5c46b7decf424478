"""Models that moved to the ground floor keep their tables and rows: the
schema is migrated back to before the move, rows are written with the old
models, and migrating forward must find them all through the new models."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_AUDIT_MOVE = [
    ("moderation", "0003_clarification_review_removal_staffnote"),
    ("banenmarkt", "0002_jobrun"),
]


def _before(moved: list[tuple[str, str]]):
    """Every app at its latest migration, except the given ones."""
    apps = {app for app, _name in moved}
    return [node for node in _latest() if node[0] not in apps] + moved


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_audit_entries_keep_their_rows_when_the_log_moves():
    old = _migrate(_before(BEFORE_AUDIT_MOVE))
    Region = old.get_model("fairs", "Region")
    User = old.get_model("members", "User")
    OldEntry = old.get_model("moderation", "AuditEntry")
    region = Region.objects.create(name="Twente", slug="twente", contact_email="t@t.nl")
    actor = User.objects.create(email="beheerder@example.nl")
    kept = [
        OldEntry.objects.create(
            region=region,
            actor=actor,
            action="members.membership.approved",
            target_type="membership",
            target_id=7,
            target_label="Sanne in Twente",
            reason="Welkom",
        ),
        OldEntry.objects.create(
            region=None,
            actor=None,
            action="fairs.cv.download_stopped",
            target_type="user",
            target_id=actor.pk,
            data={"count": 31},
        ),
    ]
    try:
        _migrate(_latest())
        from banenmarkt.models import AuditEntry

        rows = {e.pk: e for e in AuditEntry.objects.all()}
        assert set(rows) == {e.pk for e in kept}
        approved, stopped = rows[kept[0].pk], rows[kept[1].pk]
        assert (approved.region_id, approved.actor_id) == (region.pk, actor.pk)
        assert approved.target_type == "members.membership"
        assert (approved.reason, approved.target_label) == ("Welkom", "Sanne in Twente")
        assert approved.action_label == "Aanmelding goedgekeurd"
        assert stopped.target_type == "members.user"
        assert stopped.data == {"count": 31}
    finally:
        _migrate(_latest())

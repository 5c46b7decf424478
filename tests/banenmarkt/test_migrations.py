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


BEFORE_NOTIFICATIONS_MOVE = [
    ("members", "0002_emailoptout_notification"),
    ("banenmarkt", "0003_auditentry"),
]


def test_notifications_and_opt_outs_keep_their_rows_when_they_move():
    old = _migrate(_before(BEFORE_NOTIFICATIONS_MOVE))
    User = old.get_model("members", "User")
    OldNotification = old.get_model("members", "Notification")
    OldOptOut = old.get_model("members", "EmailOptOut")
    user = User.objects.create(email="sanne@example.nl")
    sent = OldNotification.objects.create(
        user=user, kind="fair_day", key="fair:2026-12-01", status="sent"
    )
    OldOptOut.objects.create(user=user, kind="follow_up")
    try:
        _migrate(_latest())
        from banenmarkt.models import EmailOptOut, Notification
        from banenmarkt.notifications import Message, send_once

        moved = Notification.objects.get()
        assert (moved.pk, moved.user_id, moved.kind, moved.key, moved.status) == (
            sent.pk,
            user.pk,
            "fair_day",
            "fair:2026-12-01",
            "sent",
        )
        assert list(EmailOptOut.objects.values_list("user_id", "kind")) == [
            (user.pk, "follow_up")
        ]
        # The moved record still makes it "at most once".
        again = Message(
            user=moved.user, kind="fair_day", key="fair:2026-12-01", template="x"
        )
        assert send_once(again) is False
    finally:
        _migrate(_latest())

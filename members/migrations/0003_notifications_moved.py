"""Notification and EmailOptOut now live in `banenmarkt` (see banenmarkt
0004): removed from this app's state only; the tables and rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_emailoptout_notification"),
        ("banenmarkt", "0004_notifications"),
        # That data migration reads members.Notification: it runs first.
        ("placements", "0004_survey_invitations_notified"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="EmailOptOut"),
            ],
            database_operations=[],
        ),
    ]

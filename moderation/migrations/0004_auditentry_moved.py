"""The audit log now lives in `banenmarkt` (see banenmarkt 0003): removed
from this app's state only; the table and its rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0003_clarification_review_removal_staffnote"),
        ("banenmarkt", "0003_auditentry"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEntry")],
            database_operations=[],
        ),
    ]

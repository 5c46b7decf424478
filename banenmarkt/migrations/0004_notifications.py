"""Who got which email, and who switched which kind off, move from `members`
to the ground floor with the rest of the notification plumbing. Only
Django's state changes: the tables keep their names and rows. `kind` has no
choices any more: apps register their kinds (banenmarkt.email_kinds)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("notification", "emailoptout")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="members", model__in=MOVED).update(
        app_label="banenmarkt"
    )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="banenmarkt", model__in=MOVED).update(
        app_label="members"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("banenmarkt", "0003_auditentry"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0002_emailoptout_notification"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EmailOptOut",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=20)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="opt_outs", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "members_emailoptout",
                        "constraints": [models.UniqueConstraint(fields=("user", "kind"), name="members_emailoptout_unique")],
                    },
                ),
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=20, verbose_name="kind")),
                        ("key", models.CharField(max_length=80, verbose_name="about")),
                        ("status", models.CharField(choices=[("sending", "Sending"), ("sent", "Sent"), ("failed", "Failed")], default="sending", max_length=10, verbose_name="status")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                        ("error", models.TextField(blank=True, verbose_name="error")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "db_table": "members_notification",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [models.Index(fields=["kind", "key"], name="members_not_kind_62bcb1_idx")],
                        "constraints": [models.UniqueConstraint(fields=("user", "kind", "key"), name="members_notification_once")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]

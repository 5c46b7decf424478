"""The audit log moves from `moderation` to the ground floor. Only Django's
state changes: the table keeps its name (moderation_auditentry) and its rows.
Targets are named by their model label from now on ("fairs.publication"
instead of "publication"); old rows are renamed to match."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def label_targets(apps, schema_editor):
    AuditEntry = apps.get_model("banenmarkt", "AuditEntry")
    labels = {
        model._meta.model_name: model._meta.label_lower
        for model in apps.get_models()
    }
    for name, label in labels.items():
        AuditEntry.objects.filter(target_type=name).update(target_type=label)


def unlabel_targets(apps, schema_editor):
    AuditEntry = apps.get_model("banenmarkt", "AuditEntry")
    for label in set(AuditEntry.objects.values_list("target_type", flat=True)):
        if "." in label:
            AuditEntry.objects.filter(target_type=label).update(
                target_type=label.split(".", 1)[1]
            )


def move_content_type(apps, schema_editor):
    """Keep the admin's permissions on the log: its content type moves too."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="moderation", model="auditentry").update(
        app_label="banenmarkt"
    )


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="banenmarkt", model="auditentry").update(
        app_label="moderation"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("banenmarkt", "0002_jobrun"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("fairs", "0005_edition_umbrella_vacancy_number_region_booking_mode"),
        ("moderation", "0003_clarification_review_removal_staffnote"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("action", models.CharField(db_index=True, max_length=80, verbose_name="action")),
                        ("target_type", models.CharField(max_length=40)),
                        ("target_id", models.PositiveBigIntegerField()),
                        ("target_label", models.CharField(blank=True, max_length=200, verbose_name="about")),
                        ("reason", models.TextField(blank=True, verbose_name="reason")),
                        ("data", models.JSONField(blank=True, default=dict)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="when")),
                        ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="by")),
                        ("region", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="audit_entries", to="fairs.region", verbose_name="region")),
                    ],
                    options={
                        "verbose_name": "audit log entry",
                        "verbose_name_plural": "audit log",
                        "db_table": "moderation_auditentry",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [
                            models.Index(fields=["region", "-created_at"], name="moderation__region__0b8305_idx"),
                            models.Index(fields=["target_type", "target_id"], name="moderation__target__e56450_idx"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
        migrations.RunPython(label_targets, unlabel_targets),
    ]

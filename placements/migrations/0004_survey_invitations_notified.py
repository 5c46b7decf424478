"""Survey invitations sent before the scheduler get their `Notification`
record, so the scheduled day-after run does not invite anyone again."""

from django.db import migrations

BATCH = 1000


def survey_invitations_notified(apps, schema_editor):
    SurveyInvitation = apps.get_model("placements", "SurveyInvitation")
    Notification = apps.get_model("members", "Notification")
    invitations = SurveyInvitation.objects.values_list(
        "membership__user_id", "edition_id", "created_at"
    ).order_by("pk")
    batch = []
    for user_id, edition_id, created_at in invitations.iterator(chunk_size=BATCH):
        batch.append(
            Notification(
                user_id=user_id,
                kind="survey",
                key=f"edition:{edition_id}",
                status="sent",
                sent_at=created_at,
            )
        )
        if len(batch) == BATCH:
            Notification.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Notification.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_emailoptout_notification"),
        ("placements", "0003_surveyinvitation_surveyanswer_and_more"),
    ]

    operations = [
        migrations.RunPython(survey_invitations_notified, migrations.RunPython.noop),
    ]

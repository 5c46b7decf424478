from celery import shared_task

from banenmarkt import scheduler
from banenmarkt.emails import EMAIL_TASK_OPTIONS

from .models import SurveyInvitation


@shared_task(name="placements.tasks.survey_invitations_send", **EMAIL_TASK_OPTIONS)
def survey_invitations_send(tokens: list[str]) -> int:
    """Kept for messages queued (in Redis or the outbox) before the survey
    went through the scheduler; sends like `notifications_send_chunk`, once
    per person. Can go once no such message is left anywhere."""

    users: dict[int, list[int]] = {}
    for edition_id, user_id in SurveyInvitation.objects.filter(
        token__in=tokens
    ).values_list("edition_id", "membership__user_id"):
        users.setdefault(edition_id, []).append(user_id)
    return sum(
        scheduler.send_chunk("survey", scheduler.edition_key(edition_id), user_ids)
        for edition_id, user_ids in users.items()
    )

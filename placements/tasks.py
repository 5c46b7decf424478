from celery import shared_task
from django.urls import reverse

from banenmarkt.emails import absolute_url, send_templated_email

from .models import SurveyInvitation


@shared_task(name="placements.tasks.survey_invitations_send")
def survey_invitations_send(tokens: list[str]) -> None:
    for invitation in SurveyInvitation.objects.filter(token__in=tokens).select_related(
        "membership__user", "edition__region"
    ):
        send_templated_email(
            to=[invitation.membership.user.email],
            template="placements/email/survey",
            context={
                "membership": invitation.membership,
                "edition": invitation.edition,
                "region": invitation.edition.region,
                "url": absolute_url(
                    reverse("placements:survey", kwargs={"token": invitation.token})
                ),
            },
        )

from celery import shared_task
from django.urls import reverse

from banenmarkt.emails import absolute_url, send_templated_email

from .models import Removal


@shared_task(name="moderation.tasks.removal_notify")
def removal_notify(removal_id: int) -> None:
    """Tell the author that their post was removed and why, with the rules."""
    removal = Removal.objects.select_related(
        "publication__post__author", "publication__region"
    ).get(pk=removal_id)
    publication = removal.publication
    send_templated_email(
        to=[publication.post.author.email],
        template="moderation/email/removed",
        context={
            "removal": removal,
            "post": publication.post,
            "region": publication.region,
            "rules_url": absolute_url(reverse("fairs:rules")),
        },
    )

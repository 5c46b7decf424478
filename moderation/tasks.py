from celery import shared_task
from django.urls import reverse

from banenmarkt.emails import EMAIL_TASK_OPTIONS, absolute_url
from banenmarkt.notifications import service_email

from .models import Removal


@shared_task(name="moderation.tasks.removal_notify", **EMAIL_TASK_OPTIONS)
def removal_notify(removal_id: int) -> None:
    """Tell the author that their post was removed and why, with the rules;
    not when the removal was undone (restored) before this ran."""
    removal = Removal.objects.select_related(
        "publication__post__author", "publication__region"
    ).get(pk=removal_id)
    if removal.status != Removal.Status.CONFIRMED:
        return
    publication = removal.publication
    service_email(
        user=publication.post.author,
        template="moderation/email/removed",
        context={
            "removal": removal,
            "post": publication.post,
            "region": publication.region,
            "rules_url": absolute_url(reverse("fairs:rules")),
        },
    )

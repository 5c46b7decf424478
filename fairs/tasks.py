from celery import shared_task
from django.urls import reverse

from banenmarkt.emails import absolute_url, send_templated_email

from . import services


@shared_task(name="fairs.tasks.editions_generate")
def editions_generate() -> int:
    """Beat task: keep editions generated ahead. Idempotent; returns how many
    editions it created."""
    return len(services.editions_generate())


@shared_task(name="fairs.tasks.publications_publish_due")
def publications_publish_due() -> int:
    """Beat task, every minute: publish what was made ready for a fair that
    has opened (10:00). Idempotent."""
    return services.publications_publish_due()


@shared_task(name="fairs.tasks.reaction_notify")
def reaction_notify(reaction_id: int) -> None:
    """Tell the post's author about a reaction, or the reactor about a reply.
    Contact goes to the author only: for a pitch on behalf of a client, that
    is the caseworker."""
    from .models import Reaction

    reaction = Reaction.objects.select_related(
        "publication__post__author", "publication__region", "parent__author"
    ).get(pk=reaction_id)
    publication = reaction.publication
    if reaction.parent_id:
        recipient, template = reaction.parent.author, "fairs/email/reply"
    else:
        recipient, template = publication.post.author, "fairs/email/reaction"
    send_templated_email(
        to=[recipient.email],
        template=template,
        context={
            "reaction": reaction,
            "post": publication.post,
            "region": publication.region,
            "url": absolute_url(
                reverse(
                    "fairs:publication",
                    kwargs={"slug": publication.region.slug, "pk": publication.pk},
                )
            ),
        },
    )


@shared_task(name="fairs.tasks.cv_harvest_alert")
def cv_harvest_alert(region_id: int, viewer_id: int, count: int) -> None:
    """Alert the region's moderators that a member was stopped downloading CVs."""
    from django.contrib.auth import get_user_model

    from members.selectors import region_moderator_emails

    from .models import Region

    region = Region.objects.get(pk=region_id)
    viewer = get_user_model().objects.get(pk=viewer_id)
    recipients = region_moderator_emails(region=region)
    if recipients:
        send_templated_email(
            to=recipients,
            template="fairs/email/cv_alert",
            context={"region": region, "viewer": viewer, "count": count},
        )

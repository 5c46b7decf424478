"""The speed dates on a vacancy's page: fairs' template loads this tag, so
the board shows the slots without fairs importing speeddates (a layer up)."""

from django import template
from django.utils import timezone

from members.models import Membership

from .. import selectors

register = template.Library()


@register.inclusion_tag("speeddates/_vacancy_slots.html", takes_context=True)
def speed_date_slots(context, publication, access):
    """Free slots with "Boek" for a job seeker of the region (her booking,
    to cancel or move, if she has one); links for the vacancy's author and
    the project team."""
    request = context["request"]
    user = request.user
    now = timezone.now()
    is_employer = publication.post.author_id == user.pk or access.is_project_team
    is_job_seeker = (
        access.is_member
        and access.membership.kind == Membership.Kind.JOB_SEEKER
        and not is_employer
    )
    free = list(selectors.free_slots(publication=publication, now=now))
    booking = (
        selectors.booking_of(publication=publication, seeker=user)
        if is_job_seeker
        else None
    )
    return {
        "publication": publication,
        "region": publication.region,
        "free_slots": free,
        "booking": booking,
        "is_employer": is_employer,
        "is_job_seeker": is_job_seeker,
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }

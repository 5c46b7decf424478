"""Scheduled emails after a fair: at closing (13:00) the region's staff get
a link to the prepared vacancy list and call-back list (behind login; no
personal data as an attachment), and the day after, job seekers who took
part get the survey."""

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from banenmarkt.emails import absolute_url
from banenmarkt.notifications import Message
from banenmarkt.scheduler import (
    Job,
    at_local,
    edition_id_from_key,
    jobs_register,
    local_tz,
)
from fairs.jobs import due_editions, edition_from_key
from fairs.models import Edition
from members.models import User

from . import services
from .email_kinds import EmailKind
from .models import SurveyInvitation
from .selectors import EXPORTING_ROLES, call_back_summary

# Started from the closing, up to two days late (beat down for a while).
LISTS_UNTIL = timedelta(days=2)
SURVEY_AT = time(10, 0)
SURVEY_UNTIL = timedelta(days=8)


def survey_moment(e: Edition) -> datetime:
    """10:00 on the day after the fair."""
    day = timezone.localdate(e.starts_at, local_tz())
    return at_local(day + timedelta(days=1), SURVEY_AT)


# Lists at closing ---------------------------------------------------------------


def staff_lists_prepare(key: str) -> None:
    services.call_backs_prepare(edition=edition_from_key(key))


def staff_users(key: str):
    edition = edition_from_key(key)
    return User.objects.filter(
        pk__in=edition.region.roles.filter(role__in=EXPORTING_ROLES).values("user_id")
    )


def staff_lists_messages(key: str, users: list[User]):
    edition = edition_from_key(key)
    region = edition.region
    figures = call_back_summary(region=region, edition=edition)
    kwargs = {"slug": region.slug, "pk": edition.pk}
    context = {
        "region": region,
        "edition": edition,
        **figures,
        "after_fair_url": absolute_url(
            reverse("placements:after-fair", kwargs={"slug": region.slug})
        ),
        "xlsx_url": absolute_url(
            reverse("placements:vacancy-list", kwargs={**kwargs, "fmt": "xlsx"})
        ),
        "csv_url": absolute_url(
            reverse("placements:vacancy-list", kwargs={**kwargs, "fmt": "csv"})
        ),
        "call_backs_url": absolute_url(reverse("placements:call-backs", kwargs=kwargs)),
    }
    for user in users:
        yield Message(
            user=user,
            kind=EmailKind.STAFF_LISTS,
            key=key,
            template="placements/email/staff_lists",
            context=context,
        )


# Survey -----------------------------------------------------------------------


def survey_prepare(key: str) -> None:
    services.survey_invitations_create(edition=edition_from_key(key))


def survey_users(key: str):
    return User.objects.filter(
        pk__in=SurveyInvitation.objects.filter(
            edition_id=edition_id_from_key(key), is_answered=False
        ).values("membership__user_id")
    )


def survey_messages(key: str, users: list[User]):
    invitations = SurveyInvitation.objects.filter(
        edition_id=edition_id_from_key(key),
        is_answered=False,
        membership__user__in=users,
    ).select_related("membership", "edition__region")
    by_user = {i.membership.user_id: i for i in invitations}
    for user in users:
        invitation = by_user.get(user.pk)
        if invitation is None:
            continue
        yield Message(
            user=user,
            kind=EmailKind.SURVEY,
            key=key,
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


JOBS = [
    Job(
        name="staff_lists",
        kind=EmailKind.STAFF_LISTS,
        due=lambda now: due_editions(
            now, start=lambda e: e.ends_at, end=lambda e: e.ends_at + LISTS_UNTIL
        ),
        users=staff_users,
        messages=staff_lists_messages,
        prepare=staff_lists_prepare,
    ),
    Job(
        name="survey",
        kind=EmailKind.SURVEY,
        due=lambda now: due_editions(
            now,
            start=survey_moment,
            end=lambda e: e.starts_at + SURVEY_UNTIL,
        ),
        users=survey_users,
        messages=survey_messages,
        prepare=survey_prepare,
    ),
]
jobs_register(*JOBS)

"""Demo after-fair work for `manage.py load_demo`: Rijk van Nijmegen's last
fair with the call-back list in progress."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from fairs.models import Edition, Region

from . import selectors, services
from .models import CallBack, Placement, SurveyInvitation


def _twente_umbrella_placement(staff) -> None:
    """Twente books on one umbrella vacancy per fair: its last fair, with the
    umbrella number set and a placement booked on it."""
    from fairs import services as fair_services
    from fairs.schedule import fair_window, national_fair_dates

    twente = Region.objects.get(slug="twente")
    today = timezone.localdate()
    days = national_fair_dates(
        start=today - timedelta(days=70), end=today - timedelta(days=1)
    )
    if not days:
        return
    starts_at, ends_at = fair_window(days[-1])
    edition, _created = Edition.objects.get_or_create(
        region=twente,
        scheduled_date=days[-1],
        defaults={
            "kind": Edition.Kind.REGULAR,
            "starts_at": starts_at,
            "ends_at": ends_at,
        },
    )
    if Placement.objects.filter(edition=edition).exists():
        return
    fair_services.edition_set_umbrella_vacancy(
        edition=edition, number="TW-BANENMARKT-2026-10"
    )
    services.placement_record(
        region=twente,
        edition=edition,
        recorded_by=staff,
        job_seeker=None,
        job_seeker_name="",
        anonymous=True,
        employer="Flex Uitzendbureau",
        vacancy=None,
        start_date=today,
        recorded_by_organisation="gemeente",
        source="staff",
    )


def load() -> None:
    _twente_umbrella_placement(get_user_model().objects.get(email="wsp@demo.nl"))
    nijmegen = Region.objects.get(slug="rijk-van-nijmegen")
    edition = (
        Edition.objects.filter(region=nijmegen, ends_at__lte=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    if edition is None or CallBack.objects.filter(edition=edition).exists():
        return
    users = get_user_model().objects
    staff, project_team = (
        users.get(email="wsp@demo.nl"),
        users.get(email="projectteam@demo.nl"),
    )
    services.known_employer_add(
        region=nijmegen, name="Flex Uitzendbureau", by=project_team
    )
    rows = selectors.call_back_rows(region=nijmegen, edition=edition)
    services.call_backs_assign(
        region=nijmegen,
        edition=edition,
        organisations=[r["name"] for r in rows],
        assignee=staff,
    )
    if rows:
        services.call_back_record(
            region=nijmegen,
            edition=edition,
            organisation=rows[0]["name"],
            caller=staff,
            outcome="reached",
            placements_reported=1,
            notes="Eén kandidaat is begonnen als verkoopmedewerker.",
        )
        services.placement_record(
            region=nijmegen,
            edition=edition,
            recorded_by=staff,
            job_seeker=None,
            job_seeker_name="",
            anonymous=True,
            employer=rows[0]["name"],
            vacancy=None,
            start_date=timezone.localdate(),
            recorded_by_organisation="uwv",
            source="call_back",
            booking_reference="NIJ-2026-0042",
        )
    services.survey_invite(edition=edition)
    invitations = list(SurveyInvitation.objects.filter(edition=edition)[:2])
    for index, invitation in enumerate(invitations):
        services.survey_answer(
            token=invitation.token,
            anonymous=index == 0,
            had_contact=True,
            had_interview=index == 0,
            found_job=False,
            improvement="Meer vacatures in de techniek." if index else "",
            recommend=8 - index,
        )

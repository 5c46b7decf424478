"""Demo after-fair work for `manage.py load_demo`, on each region's last
closed fair: Rijk van Nijmegen's call-back list in progress, placements in
both booking modes, survey answers."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from fairs import services as fair_services
from fairs.models import Region
from fairs.moments import fair_moment
from placements import selectors, services
from placements.models import CallBack, Placement, SurveyInvitation


def _twente_umbrella_placement(staff, now) -> None:
    """Twente books on one umbrella vacancy per fair: its last fair, with the
    umbrella number set and a placement booked on it."""
    twente = Region.objects.get(slug="twente")
    edition = fair_moment(region=twente, now=now).staff
    if edition is None:
        return
    if Placement.objects.filter(edition=edition).exists():
        return
    fair_services.edition_set_umbrella_vacancy(
        edition=edition, number=f"TW-BANENMARKT-{edition.starts_at:%Y-%m}"
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
        start_date=timezone.localdate(now),
        recorded_by_organisation="gemeente",
        source="staff",
    )


def load(now: datetime) -> None:
    """The after-fair work of the last closed fair (`FairMoment.staff`)."""
    _twente_umbrella_placement(get_user_model().objects.get(email="wsp@demo.nl"), now)
    nijmegen = Region.objects.get(slug="rijk-van-nijmegen")
    edition = fair_moment(region=nijmegen, now=now).staff
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
        call = services.call_back_record(
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
            call_back=call,
            job_seeker=None,
            job_seeker_name="",
            anonymous=True,
            employer=rows[0]["name"],
            vacancy=None,
            start_date=timezone.localdate(now),
            recorded_by_organisation="uwv",
            source="call_back",
            booking_reference=f"NIJ-{edition.starts_at:%Y}-0042",
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

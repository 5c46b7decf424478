"""A live-looking demo board per region, for `manage.py load_demo`."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from members import services as member_services
from members.demo import PASSWORD
from members.models import Membership

from . import services
from .models import Edition, Post, Reaction, Region
from .schedule import fair_window, national_fair_dates

VACANCIES = [
    # author, title, organisation, kind, place, hours, contract, level, sector, banenafspraak
    (
        "uitzendbureau@demo.nl",
        "Orderpicker in de avond",
        "Flex Uitzendbureau",
        "staffing_agency",
        "Hengelo",
        32,
        "agency",
        "none_vmbo",
        "logistics",
        False,
    ),
    (
        "uitzendbureau@demo.nl",
        "Productiemedewerker voedingsindustrie",
        "Flex Uitzendbureau",
        "staffing_agency",
        "Almelo",
        38,
        "agency",
        "none_vmbo",
        "technology",
        True,
    ),
    (
        "uitzendbureau@demo.nl",
        "Schoonmaker kantoren (ochtend)",
        "Flex Uitzendbureau",
        "staffing_agency",
        "Enschede",
        16,
        "agency",
        "none_vmbo",
        "cleaning",
        True,
    ),
    (
        "uitzendbureau@demo.nl",
        "Heftruckchauffeur",
        "Flex Uitzendbureau",
        "staffing_agency",
        "Oldenzaal",
        40,
        "agency",
        "mbo",
        "logistics",
        False,
    ),
    (
        "werkgever@demo.nl",
        "Bakker (mbo 2-3)",
        "Bakkerij Hengelo",
        "employer",
        "Hengelo",
        36,
        "permanent",
        "mbo",
        "craft",
        False,
    ),
    (
        "werkgever@demo.nl",
        "Verkoopmedewerker bakkerij",
        "Bakkerij Hengelo",
        "employer",
        "Hengelo",
        24,
        "temporary",
        "mbo",
        "retail",
        True,
    ),
    (
        "klantmanager@demo.nl",
        "Leerwerkplek administratie bij de gemeente",
        "Gemeente Enschede",
        "public",
        "Enschede",
        32,
        "traineeship",
        "mbo",
        "finance",
        True,
    ),
    (
        "werkgever@demo.nl",
        "Financieel administratief medewerker",
        "Bakkerij Hengelo",
        "employer",
        "Hengelo",
        20,
        "permanent",
        "hbo",
        "finance",
        False,
    ),
]
PITCHES = [
    # author, title, sector, level, hours, place, on_behalf
    (
        "werkzoekende@demo.nl",
        "Enthousiaste verkoopster zoekt nieuw team",
        "retail",
        "mbo",
        32,
        "Hengelo",
        False,
    ),
    (
        "klantmanager@demo.nl",
        "Ervaren lasser uit Syrië, snel inzetbaar",
        "technology",
        "mbo",
        40,
        "Enschede",
        True,
    ),
    (
        "klantmanager@demo.nl",
        "Zorgzame kracht zoekt werk in de thuiszorg",
        "care",
        "none_vmbo",
        24,
        "Enschede",
        True,
    ),
]


def _previous_fair_day(today):
    days = national_fair_dates(
        start=today - timedelta(days=70), end=today - timedelta(days=1)
    )
    return days[-1] if days else None


def _vacancy_fields(row):
    (
        _author,
        title,
        organisation,
        kind,
        place,
        hours,
        contract,
        level,
        sector,
        banenafspraak,
    ) = row
    return {
        "title": title,
        "organisation": organisation,
        "organisation_kind": kind,
        "place": place,
        "hours_per_week": hours,
        "contract_kind": contract,
        "education_level": level,
        "sector": sector,
        "banenafspraak": banenafspraak,
        "description": f"Wij zoeken een {title.lower()} in {place}. Je werkt in een fijn team "
        "en krijgt een goede inwerkperiode. Ervaring is mooi, maar niet nodig.",
        "contact_person": "Petra Jansen",
        "contact_email": "vacatures@demo.nl",
        "contact_phone": "074 123 45 67",
    }


def _pitch_fields(row):
    _author, title, sector, level, hours, place, on_behalf = row
    return {
        "title": title,
        "sector": sector,
        "education_level": level,
        "hours_per_week": hours,
        "place": place,
        "on_behalf": on_behalf,
        "desired_work": title,
        "availability": "Per direct",
        "description": "Ik ben betrouwbaar, leer snel en werk graag met mensen. "
        "Ik zoek een baan waar ik kan groeien.",
    }


def _publish(rows, kind, fields_for, regions, now, users, schedule=False):
    created = []
    for index, row in enumerate(rows):
        author = users[row[0]]
        title = row[1]
        if Post.objects.filter(
            author=author, title=title, publications__region=regions[0]
        ).exists():
            continue
        created.append(
            services.post_create(
                author=author,
                kind=kind,
                regions=regions,
                fields=fields_for(row),
                schedule_when_closed=schedule,
                now=now + timedelta(minutes=7 * index),
            )
        )
    return created


def load() -> None:
    User = get_user_model()
    users = {u.email: u for u in User.objects.filter(email__endswith="@demo.nl")}
    regions = {r.slug: r for r in Region.objects.all()}
    now = timezone.now()
    twente, nijmegen, zhc = (
        regions["twente"],
        regions["rijk-van-nijmegen"],
        regions["zuid-holland-centraal"],
    )

    # Twente posts between fairs: a live-looking board for the next edition.
    posts = _publish(
        VACANCIES,
        Post.Kind.VACANCY,
        _vacancy_fields,
        [twente],
        now - timedelta(hours=3),
        users,
    )
    posts += _publish(
        PITCHES,
        Post.Kind.PITCH,
        _pitch_fields,
        [twente],
        now - timedelta(hours=2),
        users,
    )

    # Rijk van Nijmegen posts only during the fair: last edition's board, and
    # a vacancy made ready for the next one.
    day = _previous_fair_day(timezone.localdate(now))
    if day is not None:
        starts_at, ends_at = fair_window(day)
        Edition.objects.get_or_create(
            region=nijmegen,
            scheduled_date=day,
            defaults={
                "kind": Edition.Kind.REGULAR,
                "starts_at": starts_at,
                "ends_at": ends_at,
            },
        )
        posts += _publish(
            VACANCIES[:5],
            Post.Kind.VACANCY,
            _vacancy_fields,
            [nijmegen],
            starts_at + timedelta(minutes=5),
            users,
        )
        posts += _publish(
            PITCHES[:2],
            Post.Kind.PITCH,
            _pitch_fields,
            [nijmegen],
            starts_at + timedelta(minutes=40),
            users,
        )

    # Zuid-Holland Centraal: its own members (none of the listed demo accounts).
    zhc_employer, _ = member_services.user_ensure_verified(
        email="zorggroep.zhc@demo.nl",
        password=PASSWORD,
        name="Zorggroep Rijnland",
    )
    if not Membership.objects.filter(user=zhc_employer, region=zhc).exists():
        (membership,) = member_services.membership_request(
            user=zhc_employer,
            regions=[zhc],
            display_name="Zorggroep Rijnland",
            kind=Membership.Kind.EMPLOYER,
            organisation="Zorggroep Rijnland",
            town="Leiden",
            introduction="Wij zoeken helpenden en verzorgenden.",
        )
        member_services.membership_approve(
            membership=membership, moderator=users["admin@demo.nl"], notify=False
        )
    users[zhc_employer.email] = zhc_employer
    _publish(
        [
            (
                "zorggroep.zhc@demo.nl",
                "Helpende zorg en welzijn",
                "Zorggroep Rijnland",
                "employer",
                "Leiden",
                28,
                "permanent",
                "mbo",
                "care",
                True,
            )
        ],
        Post.Kind.VACANCY,
        _vacancy_fields,
        [zhc],
        now - timedelta(hours=1),
        users,
    )

    # Reactions, some followed up by the author and some not.
    seeker = users["werkzoekende@demo.nl"]
    for post in posts:
        publication = post.publications.filter(status="published").first()
        if (
            publication is None
            or post.kind != Post.Kind.VACANCY
            or publication.reactions.exists()
        ):
            continue
        reaction = Reaction.objects.create(
            publication=publication,
            author=seeker,
            text="Wat leuk! Kan ik ook in het weekend werken?",
        )
        if post.pk % 2 == 0:
            services.reaction_create(
                publication=publication,
                author=post.author,
                text="Ja, dat kan. Stuur je cv naar vacatures@demo.nl, dan bellen we je.",
                parent=reaction,
            )

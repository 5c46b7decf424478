"""Demo boards for `manage.py load_demo`, built around the moment it runs."""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model

from . import services
from .models import Post, Publication, Reaction, Region
from .moments import fair_moment

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
ZHC_VACANCY = (
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


def _publish(rows, kind, fields_for, region, edition, times, users, schedule=False):
    """Post each row in `region` at the given moments (one per row), where
    that moment counts for `edition`. Idempotent per author, title and
    edition, so a later load adds the posts of a newer fair."""
    created = []
    for row, at in zip(rows, times, strict=False):
        author, title = users[row[0]], row[1]
        if Publication.objects.filter(
            region=region, edition=edition, post__author=author, post__title=title
        ).exists():
            continue
        created.append(
            services.post_create(
                author=author,
                kind=kind,
                regions=[region],
                fields=fields_for(row),
                schedule_when_closed=schedule,
                now=at,
            )
        )
    return created


def _spread(start: datetime, end: datetime, count: int) -> list[datetime]:
    """`count` moments from `start`, 7 minutes apart, never after `end`."""
    return [min(start + timedelta(minutes=7 * i), end) for i in range(count)]


def _fair_posts(region, edition, moment_end, users, *, vacancies, pitches):
    """A fair's board: vacancies from the opening on, pitches a little later,
    all posted while the fair was open (and never after `moment_end`)."""
    end = min(edition.ends_at - timedelta(minutes=1), moment_end)
    posts = _publish(
        vacancies,
        Post.Kind.VACANCY,
        _vacancy_fields,
        region,
        edition,
        _spread(edition.starts_at + timedelta(minutes=5), end, len(vacancies)),
        users,
    )
    posts += _publish(
        pitches,
        Post.Kind.PITCH,
        _pitch_fields,
        region,
        edition,
        _spread(edition.starts_at + timedelta(minutes=40), end, len(pitches)),
        users,
    )
    return posts


def _react(posts, seeker, now) -> None:
    """Reactions under the vacancies, half of them answered by the author:
    written shortly after the post, never after `now`."""
    for post in posts:
        publication = post.publications.filter(
            status=Publication.Status.PUBLISHED
        ).first()
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
        reacted_at = min(publication.published_at + timedelta(minutes=12), now)
        Reaction.objects.filter(pk=reaction.pk).update(created_at=reacted_at)
        if post.pk % 2 == 0:
            reply = services.reaction_create(
                publication=publication,
                author=post.author,
                text="Ja, dat kan. Stuur je cv naar vacatures@demo.nl, dan bellen we je.",
                parent=reaction,
            )
            answered_at = min(reacted_at + timedelta(minutes=25), now)
            Reaction.objects.filter(pk=reply.pk).update(created_at=answered_at)
            Reaction.objects.filter(pk=reaction.pk).update(followed_up_at=answered_at)


def load(now: datetime) -> None:
    """Boards that fit `now` (docs/fair-calendar.md): the last fair that
    closed in Twente and Rijk van Nijmegen, the live fair while one is open,
    and what is already placed or made ready for the next fair."""
    User = get_user_model()
    users = {u.email: u for u in User.objects.filter(email__endswith="@demo.nl")}
    regions = {r.slug: r for r in Region.objects.all()}
    twente, nijmegen, zhc = (
        regions["twente"],
        regions["rijk-van-nijmegen"],
        regions["zuid-holland-centraal"],
    )
    seeker = users["werkzoekende@demo.nl"]

    # Twente posts between fairs too; Rijk van Nijmegen only while the fair
    # is open, so there a vacancy waits, made ready, for the next opening.
    plans = {
        twente: {
            "vacancies": VACANCIES,
            "pitches": PITCHES,
            "live": (VACANCIES[2:6], PITCHES[:2]),
            "next": VACANCIES[6:],
        },
        nijmegen: {
            "vacancies": VACANCIES[:5],
            "pitches": PITCHES[:2],
            "live": (VACANCIES[:3], PITCHES[:1]),
            "next": VACANCIES[5:6],
        },
    }
    for region, plan in plans.items():
        moment = fair_moment(region=region, now=now)
        posts = []
        if moment.last_closed is not None:
            posts += _fair_posts(
                region,
                moment.last_closed,
                now,
                users,
                vacancies=plan["vacancies"],
                pitches=plan["pitches"],
            )
        if moment.live is not None:
            vacancies, pitches = plan["live"]
            posts += _fair_posts(
                region, moment.live, now, users, vacancies=vacancies, pitches=pitches
            )
        elif moment.upcoming is not None:
            # Already placed for the next fair (open regions) or made ready
            # for its opening (fair-only regions), in the last few hours.
            since = now - timedelta(hours=3)
            if moment.last_closed is not None:
                since = max(since, moment.last_closed.ends_at)
            _publish(
                plan["next"],
                Post.Kind.VACANCY,
                _vacancy_fields,
                region,
                moment.upcoming,
                _spread(since, now, len(plan["next"])),
                users,
                schedule=region.posting_policy == Region.PostingPolicy.FAIR_ONLY,
            )
        _react(posts, seeker, now)

    # Zuid-Holland Centraal: its own employer (none of the listed accounts).
    zhc_moment = fair_moment(region=zhc, now=now)
    if zhc_moment.board is not None:
        at = now
        if zhc_moment.board == zhc_moment.last_closed:
            at = zhc_moment.board.ends_at - timedelta(minutes=30)
        _publish(
            [ZHC_VACANCY],
            Post.Kind.VACANCY,
            _vacancy_fields,
            zhc,
            zhc_moment.board,
            [at],
            users,
        )

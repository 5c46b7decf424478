"""Demo boards for `manage.py load_demo`, built around the moment it runs."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model

from fairs import services
from fairs.models import Post, Publication, Reaction, Region
from fairs.moments import fair_moment


@dataclass(frozen=True)
class Vacancy:
    author: str  # the demo account's email
    title: str
    organisation: str
    organisation_kind: str
    place: str
    hours: int
    contract: str
    level: str
    sector: str
    banenafspraak: bool

    def fields(self) -> dict:
        return {
            "title": self.title,
            "organisation": self.organisation,
            "organisation_kind": self.organisation_kind,
            "place": self.place,
            "hours_per_week": self.hours,
            "contract_kind": self.contract,
            "education_level": self.level,
            "sector": self.sector,
            "banenafspraak": self.banenafspraak,
            "description": f"Wij zoeken een {self.title.lower()} in {self.place}. "
            "Je werkt in een fijn team en krijgt een goede inwerkperiode. "
            "Ervaring is mooi, maar niet nodig.",
            "contact_person": "Petra Jansen",
            "contact_email": "vacatures@demo.nl",
            "contact_phone": "074 123 45 67",
        }


@dataclass(frozen=True)
class Pitch:
    author: str
    title: str
    sector: str
    level: str
    hours: int
    place: str
    on_behalf: bool

    def fields(self) -> dict:
        return {
            "title": self.title,
            "sector": self.sector,
            "education_level": self.level,
            "hours_per_week": self.hours,
            "place": self.place,
            "on_behalf": self.on_behalf,
            "desired_work": self.title,
            "availability": "Per direct",
            "description": "Ik ben betrouwbaar, leer snel en werk graag met mensen. "
            "Ik zoek een baan waar ik kan groeien.",
        }


VACANCIES = [
    Vacancy(
        author="uitzendbureau@demo.nl",
        title="Orderpicker in de avond",
        organisation="Flex Uitzendbureau",
        organisation_kind="staffing_agency",
        place="Hengelo",
        hours=32,
        contract="agency",
        level="none_vmbo",
        sector="logistics",
        banenafspraak=False,
    ),
    Vacancy(
        author="uitzendbureau@demo.nl",
        title="Productiemedewerker voedingsindustrie",
        organisation="Flex Uitzendbureau",
        organisation_kind="staffing_agency",
        place="Almelo",
        hours=38,
        contract="agency",
        level="none_vmbo",
        sector="technology",
        banenafspraak=True,
    ),
    Vacancy(
        author="uitzendbureau@demo.nl",
        title="Schoonmaker kantoren (ochtend)",
        organisation="Flex Uitzendbureau",
        organisation_kind="staffing_agency",
        place="Enschede",
        hours=16,
        contract="agency",
        level="none_vmbo",
        sector="cleaning",
        banenafspraak=True,
    ),
    Vacancy(
        author="uitzendbureau@demo.nl",
        title="Heftruckchauffeur",
        organisation="Flex Uitzendbureau",
        organisation_kind="staffing_agency",
        place="Oldenzaal",
        hours=40,
        contract="agency",
        level="mbo",
        sector="logistics",
        banenafspraak=False,
    ),
    Vacancy(
        author="werkgever@demo.nl",
        title="Bakker (mbo 2-3)",
        organisation="Bakkerij Hengelo",
        organisation_kind="employer",
        place="Hengelo",
        hours=36,
        contract="permanent",
        level="mbo",
        sector="craft",
        banenafspraak=False,
    ),
    Vacancy(
        author="werkgever@demo.nl",
        title="Verkoopmedewerker bakkerij",
        organisation="Bakkerij Hengelo",
        organisation_kind="employer",
        place="Hengelo",
        hours=24,
        contract="temporary",
        level="mbo",
        sector="retail",
        banenafspraak=True,
    ),
    Vacancy(
        author="klantmanager@demo.nl",
        title="Leerwerkplek administratie bij de gemeente",
        organisation="Gemeente Enschede",
        organisation_kind="public",
        place="Enschede",
        hours=32,
        contract="traineeship",
        level="mbo",
        sector="finance",
        banenafspraak=True,
    ),
    Vacancy(
        author="werkgever@demo.nl",
        title="Financieel administratief medewerker",
        organisation="Bakkerij Hengelo",
        organisation_kind="employer",
        place="Hengelo",
        hours=20,
        contract="permanent",
        level="hbo",
        sector="finance",
        banenafspraak=False,
    ),
]
ZHC_VACANCY = Vacancy(
    author="zorggroep.zhc@demo.nl",
    title="Helpende zorg en welzijn",
    organisation="Zorggroep Rijnland",
    organisation_kind="employer",
    place="Leiden",
    hours=28,
    contract="permanent",
    level="mbo",
    sector="care",
    banenafspraak=True,
)
PITCHES = [
    Pitch(
        author="werkzoekende@demo.nl",
        title="Enthousiaste verkoopster zoekt nieuw team",
        sector="retail",
        level="mbo",
        hours=32,
        place="Hengelo",
        on_behalf=False,
    ),
    Pitch(
        author="klantmanager@demo.nl",
        title="Ervaren lasser uit Syrië, snel inzetbaar",
        sector="technology",
        level="mbo",
        hours=40,
        place="Enschede",
        on_behalf=True,
    ),
    Pitch(
        author="klantmanager@demo.nl",
        title="Zorgzame kracht zoekt werk in de thuiszorg",
        sector="care",
        level="none_vmbo",
        hours=24,
        place="Enschede",
        on_behalf=True,
    ),
]


def _publish(rows, kind, region, edition, times, users, schedule=False):
    """Post each row in `region` at the given moments (one per row), where
    that moment counts for `edition`. Idempotent per author, title and
    edition, so a later load adds the posts of a newer fair."""
    created = []
    for row, at in zip(rows, times, strict=False):
        author, title = users[row.author], row.title
        if Publication.objects.filter(
            region=region, edition=edition, post__author=author, post__title=title
        ).exists():
            continue
        created.append(
            services.post_create(
                author=author,
                kind=kind,
                regions=[region],
                fields=row.fields(),
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
        region,
        edition,
        _spread(edition.starts_at + timedelta(minutes=5), end, len(vacancies)),
        users,
    )
    posts += _publish(
        pitches,
        Post.Kind.PITCH,
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
            zhc,
            zhc_moment.board,
            [at],
            users,
        )

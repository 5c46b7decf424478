"""Demo accounts, roles and memberships for `manage.py load_demo`."""

from datetime import datetime, timedelta

from fairs.models import Region

from . import services
from .models import Membership, RegionRole

PASSWORD = "banenmarkt-demo"  # noqa: S105 - published demo credential

ACCOUNTS = [
    ("werkzoekende@demo.nl", "Sanne de Vries", "job seeker", False),
    ("werkgever@demo.nl", "Bakkerij Hengelo", "employer", False),
    ("uitzendbureau@demo.nl", "Flex Uitzendbureau", "staffing agency", False),
    ("klantmanager@demo.nl", "Klantmanager Gemeente", "caseworker", False),
    ("beheerder@demo.nl", "Anna Beheerder", "moderator", False),
    ("projectteam@demo.nl", "Joost Projectteam", "project team", False),
    ("wsp@demo.nl", "Laura WSP", "WSP staff", False),
    ("admin@demo.nl", "Platformbeheer", "platform admin", True),
]

# Approved members of Twente and Rijk van Nijmegen (not of Zuid-Holland Centraal).
MEMBERS = {
    "werkzoekende@demo.nl": {
        "display_name": "Sanne de Vries",
        "kind": Membership.Kind.JOB_SEEKER,
        "organisation": "",
        "town": "Hengelo",
        "introduction": "Ik zoek werk in de logistiek of de detailhandel, 32 uur per week.",
    },
    "werkgever@demo.nl": {
        "display_name": "Bakkerij Hengelo",
        "kind": Membership.Kind.EMPLOYER,
        "organisation": "Bakkerij Hengelo",
        "town": "Hengelo",
        "introduction": "Ambachtelijke bakkerij met drie winkels. Wij zoeken bakkers en verkopers.",
    },
    "uitzendbureau@demo.nl": {
        "display_name": "Flex Uitzendbureau",
        "kind": Membership.Kind.STAFFING_AGENCY,
        "organisation": "Flex Uitzendbureau",
        "town": "Enschede",
        "introduction": "Wij plaatsen mensen in productie, logistiek en schoonmaak.",
    },
    "klantmanager@demo.nl": {
        "display_name": "Klantmanager Gemeente",
        "kind": Membership.Kind.CASEWORKER,
        "organisation": "Gemeente Enschede",
        "town": "Enschede",
        "introduction": "Ik begeleid statushouders naar werk en plaats pitches namens hen.",
    },
}

ZHC_EMPLOYER = {
    "email": "zorggroep.zhc@demo.nl",
    "name": "Zorggroep Rijnland",
    "profile": {
        "display_name": "Zorggroep Rijnland",
        "kind": Membership.Kind.EMPLOYER,
        "organisation": "Zorggroep Rijnland",
        "town": "Leiden",
        "introduction": "Wij zoeken helpenden en verzorgenden.",
    },
}

# Requests waiting in every region; the last one is the odd pseudonym to ask about.
PENDING = [
    (
        "aanvrager1@demo.nl",
        "Mohammed El Amrani",
        Membership.Kind.JOB_SEEKER,
        "",
        "Almelo",
        "Ervaren heftruckchauffeur, zoek een vaste baan.",
    ),
    (
        "aanvrager2@demo.nl",
        "Techniekbedrijf Oost",
        Membership.Kind.EMPLOYER,
        "Techniekbedrijf Oost",
        "Nijmegen",
        "Wij zoeken monteurs en een werkvoorbereider.",
    ),
    ("aanvrager3@demo.nl", "xX_DarkW0lf_Xx", Membership.Kind.JOB_SEEKER, "", "-", "-"),
]

ROLES = [
    ("beheerder@demo.nl", RegionRole.Role.MODERATOR),
    ("projectteam@demo.nl", RegionRole.Role.PROJECT_TEAM),
    ("wsp@demo.nl", RegionRole.Role.STAFF),
]
MODERATED = ("twente", "rijk-van-nijmegen")


def _ensure_member(user, region, profile, moderator):
    existing = Membership.objects.filter(
        user=user, region=region, status__in=Membership.CURRENT
    ).first()
    if existing is None:
        (existing,) = services.membership_request(
            user=user, regions=[region], **profile
        )
    if existing.status != Membership.Status.ACTIVE:
        services.membership_approve(
            membership=existing, moderator=moderator, notify=False
        )


# The demo members joined well before the past fairs the demo fills in, so
# each edition's report counts them (a member counts from approval on).
JOINED_BEFORE = timedelta(days=200)


def _backdate(memberships, joined_at) -> None:
    """Approvals the demo just made, moved back to `joined_at`. Only recent
    ones: a second load, even weeks later, changes nothing."""
    memberships.filter(decided_at__gt=joined_at + timedelta(days=20)).update(
        requested_at=joined_at, decided_at=joined_at
    )


def load(now: datetime) -> list[tuple[str, str]]:
    """Create (or reset) the demo accounts; returns (email, role) pairs."""
    users = {}
    for email, name, _role, is_admin in ACCOUNTS:
        users[email], _created = services.user_ensure_verified(
            email=email, password=PASSWORD, name=name, is_platform_admin=is_admin
        )
    admin = users["admin@demo.nl"]
    regions = {r.slug: r for r in Region.objects.all()}

    for slug in MODERATED:
        for email, role in ROLES:
            services.role_appoint(
                region=regions[slug], user=users[email], role=role, by=admin
            )
        for email, profile in MEMBERS.items():
            _ensure_member(
                users[email],
                regions[slug],
                profile,
                moderator=users["beheerder@demo.nl"],
            )

    # Zuid-Holland Centraal: its own member (none of the listed accounts).
    zhc_employer, _created = services.user_ensure_verified(
        email=ZHC_EMPLOYER["email"], password=PASSWORD, name=ZHC_EMPLOYER["name"]
    )
    _ensure_member(
        zhc_employer,
        regions["zuid-holland-centraal"],
        ZHC_EMPLOYER["profile"],
        moderator=admin,
    )
    _backdate(
        Membership.objects.filter(
            user__email__in=[*MEMBERS, ZHC_EMPLOYER["email"]],
            status=Membership.Status.ACTIVE,
        ),
        now - JOINED_BEFORE,
    )

    for email, name, kind, organisation, town, intro in PENDING:
        user, _created = services.user_ensure_verified(
            email=email, password=PASSWORD, name=name
        )
        services.membership_request(
            user=user,
            regions=list(regions.values()),
            display_name=name,
            kind=kind,
            organisation=organisation,
            town=town,
            introduction=intro,
        )
    return [(email, role) for email, _name, role, _admin in ACCOUNTS]

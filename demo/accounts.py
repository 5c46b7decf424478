"""Demo accounts, roles and memberships for `manage.py load_demo`."""

from datetime import datetime, timedelta
from typing import NamedTuple

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from fairs.models import Region
from members import services
from members.models import InviteLink, Membership, RegionRole

# A published demo credential (README), not a secret.
PASSWORD = "banenmarkt-demo"  # noqa: S105  # nosec B105


class Account(NamedTuple):
    email: str
    name: str
    role: str  # as listed in the README
    is_platform_admin: bool = False


class JoinRequest(NamedTuple):
    email: str
    name: str
    kind: str
    organisation: str
    town: str
    introduction: str


ACCOUNTS = [
    Account("werkzoekende@demo.nl", "Sanne de Vries", "job seeker"),
    Account("werkgever@demo.nl", "Bakkerij Hengelo", "employer"),
    Account("uitzendbureau@demo.nl", "Flex Uitzendbureau", "staffing agency"),
    Account("klantmanager@demo.nl", "Klantmanager Gemeente", "caseworker"),
    Account("beheerder@demo.nl", "Anna Beheerder", "moderator"),
    Account("projectteam@demo.nl", "Joost Projectteam", "project team"),
    Account("wsp@demo.nl", "Laura WSP", "WSP staff"),
    Account("admin@demo.nl", "Platformbeheer", "platform admin", True),
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
    JoinRequest(
        "aanvrager1@demo.nl",
        "Mohammed El Amrani",
        Membership.Kind.JOB_SEEKER,
        "",
        "Almelo",
        "Ervaren heftruckchauffeur, zoek een vaste baan.",
    ),
    JoinRequest(
        "aanvrager2@demo.nl",
        "Techniekbedrijf Oost",
        Membership.Kind.EMPLOYER,
        "Techniekbedrijf Oost",
        "Nijmegen",
        "Wij zoeken monteurs en een werkvoorbereider.",
    ),
    JoinRequest(
        "aanvrager3@demo.nl", "xX_DarkW0lf_Xx", Membership.Kind.JOB_SEEKER, "", "-", "-"
    ),
]

ROLES = [
    ("beheerder@demo.nl", RegionRole.Role.MODERATOR),
    ("projectteam@demo.nl", RegionRole.Role.PROJECT_TEAM),
    ("wsp@demo.nl", RegionRole.Role.STAFF),
]
MODERATED = ("twente", "rijk-van-nijmegen")
# The demo's staff accounts have an authenticator app set up with this known
# secret (README: add it to an app, or use the code of DJANGO_DEMO_MFA_CODE
# that `make run` sets). Never use a known secret outside the demo.
# Public on purpose (README), hence the marks for the linters.
DEMO_TOTP_SECRET = "BANENMARKTDEMO234567ABCD"  # noqa: S105  # nosec B105
STAFF = ("beheerder@demo.nl", "projectteam@demo.nl", "wsp@demo.nl", "admin@demo.nl")


def _ensure_second_factor(user) -> None:
    if not Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


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


# Twente's invite links (name, channel), and which demo people came through
# which: the members page shows the counts per link.
INVITE_LINKS = [
    ("Poster bibliotheek Enschede", InviteLink.Channel.POSTER),
    ("E-mailhandtekening projectteam", InviteLink.Channel.EMAIL_SIGNATURE),
    ("Klantmanagers gemeente Enschede", InviteLink.Channel.CASEWORKER),
]
INVITED = {
    "werkzoekende@demo.nl": "Klantmanagers gemeente Enschede",
    "werkgever@demo.nl": "E-mailhandtekening projectteam",
    "uitzendbureau@demo.nl": "E-mailhandtekening projectteam",
}


def _invite_links(region, by, since) -> dict[str, InviteLink]:
    links = {}
    for name, channel in INVITE_LINKS:
        link = InviteLink.objects.filter(region=region, name=name).first()
        if link is None:
            link = services.invite_link_create(
                region=region, channel=channel, name=name, by=by, now=since
            )
        links[name] = link
    return links


def load(now: datetime) -> list[tuple[str, str]]:
    """Create (or reset) the demo accounts; returns (email, role) pairs."""
    users = {}
    for account in ACCOUNTS:
        users[account.email], _created = services.user_ensure_verified(
            email=account.email,
            password=PASSWORD,
            name=account.name,
            is_platform_admin=account.is_platform_admin,
        )
    admin = users["admin@demo.nl"]
    for email in STAFF:
        _ensure_second_factor(users[email])
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

    twente = regions["twente"]
    links = _invite_links(
        twente, users["projectteam@demo.nl"], now - JOINED_BEFORE - timedelta(days=30)
    )
    for email, name in INVITED.items():
        Membership.objects.filter(
            user__email=email, region=twente, invite_link__isnull=True
        ).update(invite_link=links[name])

    poster = [links["Poster bibliotheek Enschede"]]
    for request in PENDING:
        user, _created = services.user_ensure_verified(
            email=request.email, password=PASSWORD, name=request.name
        )
        services.membership_request(
            user=user,
            invite_links=poster,
            regions=list(regions.values()),
            display_name=request.name,
            kind=request.kind,
            organisation=request.organisation,
            town=request.town,
            introduction=request.introduction,
        )
    return [(account.email, account.role) for account in ACCOUNTS]

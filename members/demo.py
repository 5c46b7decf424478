"""Demo accounts for `manage.py load_demo`: one per role, known credentials."""

from . import services

PASSWORD = "banenmarkt-demo"  # noqa: S105 - published demo credential

ACCOUNTS = [
    ("werkzoekende@demo.nl", "Sanne de Vries", "job seeker", False),
    ("werkgever@demo.nl", "Bakkerij Hengelo", "employer", False),
    ("uitzendbureau@demo.nl", "Flex Uitzendbureau", "staffing agency", False),
    ("klantmanager@demo.nl", "Klantmanager Gemeente", "caseworker", False),
    ("beheerder@demo.nl", "Anna Beheerder", "moderator", False),
    ("projectteam@demo.nl", "Projectteam Lid", "project team", False),
    ("wsp@demo.nl", "WSP Medewerker", "WSP staff", False),
    ("admin@demo.nl", "Platformbeheer", "platform admin", True),
]


def load() -> list[tuple[str, str]]:
    """Create (or reset) the demo accounts; returns (email, role) pairs."""
    for email, name, _role, is_admin in ACCOUNTS:
        services.user_ensure_verified(
            email=email, password=PASSWORD, name=name, is_platform_admin=is_admin
        )
    return [(email, role) for email, _name, role, _admin in ACCOUNTS]

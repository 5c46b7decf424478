"""The roles every region-scoped view is tested against, and what a denied
request gets back."""

from members.models import Membership, RegionRole

from .factories import AdminFactory, MembershipFactory, RegionRoleFactory, UserFactory

ROLES = [
    "anonymous",
    "outsider",  # logged in, no membership
    "pending",
    "other_member",  # member of another region
    "member",
    "moderator",
    "project_team",
    "staff",
    "admin",
    "other_moderator",  # project team of another region
]
BOARD_READERS = {"member", "moderator", "project_team", "staff", "admin"}
MODERATORS = {"moderator", "project_team", "admin"}
PROJECT_TEAM = {"project_team", "admin"}


def make_actor(role, region, other):
    """A user with `role` in `region` (`other_*`: that role in `other`)."""
    if role == "anonymous":
        return None
    if role == "outsider":
        return UserFactory()
    if role == "pending":
        return MembershipFactory(region=region, status=Membership.Status.PENDING).user
    if role == "other_member":
        return MembershipFactory(region=other).user
    if role == "member":
        return MembershipFactory(region=region).user
    if role in ("moderator", "project_team", "staff"):
        return RegionRoleFactory(region=region, role=role).user
    if role == "other_moderator":
        return RegionRoleFactory(region=other, role=RegionRole.Role.PROJECT_TEAM).user
    if role == "admin":
        return AdminFactory()
    raise AssertionError(role)


def expected(role, allowed, ok=200):
    """`ok` for the allowed roles; anonymous visitors go to the login page
    (302); everyone else is refused (403)."""
    if role in allowed:
        return ok
    return 302 if role == "anonymous" else 403

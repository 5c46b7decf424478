"""Who may do what in a region: the one place every region-scoped view asks.

A region's posts and member list are for its approved members, its
moderators (project team included), its WSP staff and platform admins. WSP
staff read the board because the after-fair vacancy list and call-backs are
about those very posts (design rules 8-9). Everyone else, signed in or not,
sees only the public region page.
"""

from dataclasses import dataclass
from functools import cached_property, wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from fairs.models import Region

from .models import Membership, RegionRole


@dataclass(frozen=True)
class RegionAccess:
    region: Region
    membership: Membership | None
    roles: frozenset[str]
    is_admin: bool

    @property
    def is_member(self) -> bool:
        return (
            self.membership is not None
            and self.membership.status == Membership.Status.ACTIVE
        )

    @property
    def is_project_team(self) -> bool:
        return self.is_admin or RegionRole.Role.PROJECT_TEAM in self.roles

    @property
    def is_moderator(self) -> bool:
        return self.is_project_team or RegionRole.Role.MODERATOR in self.roles

    @property
    def is_staff(self) -> bool:
        return self.is_admin or RegionRole.Role.STAFF in self.roles

    @property
    def can_view_board(self) -> bool:
        return self.is_member or self.is_moderator or self.is_staff

    can_view_members = can_view_board

    @property
    def can_manage_roles(self) -> bool:
        return self.is_project_team


NO_ACCESS = frozenset()


def region_access(user, region: Region) -> RegionAccess:
    """What `user` may do in `region` (two small queries, none if anonymous)."""
    if not user.is_authenticated:
        return RegionAccess(
            region=region, membership=None, roles=NO_ACCESS, is_admin=False
        )
    membership = (
        Membership.objects.filter(
            user=user, region=region, status__in=Membership.CURRENT
        )
        .order_by("-requested_at")
        .first()
    )
    roles = frozenset(
        RegionRole.objects.filter(user=user, region=region).values_list(
            "role", flat=True
        )
    )
    return RegionAccess(
        region=region,
        membership=membership,
        roles=roles,
        is_admin=user.is_active and user.is_superuser,
    )


def _check(request, access: RegionAccess, permission: str):
    if getattr(access, permission):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


class RegionPermissionMixin:
    """For class-based views under /regio/<slug>/: sets `self.region` and
    `self.access`, and lets through only who has `region_permission`."""

    region_permission = "can_view_board"

    def dispatch(self, request, *args, **kwargs):
        self.region = get_object_or_404(Region, slug=kwargs["slug"])
        self.access = region_access(request.user, self.region)
        denied = _check(request, self.access, self.region_permission)
        return denied or super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            region=self.region, access=self.access, **kwargs
        )


def region_permission_required(permission: str):
    """The same check for function views; the view gets `region` and `access`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            region = get_object_or_404(Region, slug=slug)
            access = region_access(request.user, region)
            denied = _check(request, access, permission)
            return denied or view(
                request, *args, region=region, access=access, **kwargs
            )

        return wrapper

    return decorator


class UserRegions:
    """The regions a user takes part in, for navigation and combined views."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def moderated_region_ids(self) -> list[int]:
        if not self.user.is_authenticated:
            return []
        if self.user.is_superuser:
            return list(Region.objects.values_list("pk", flat=True))
        return list(
            RegionRole.objects.filter(
                user=self.user,
                role__in=[RegionRole.Role.MODERATOR, RegionRole.Role.PROJECT_TEAM],
            )
            .values_list("region_id", flat=True)
            .distinct()
        )

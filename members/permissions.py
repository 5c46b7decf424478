"""Who may do what in a region: the one place every region-scoped view asks.

A region's posts and member list are for its approved members, its
moderators (project team included), its WSP staff and platform admins. WSP
staff read the board because the after-fair vacancy list and call-backs are
about those very posts (docs/after-the-fair.md). Everyone else, signed in or not,
sees only the public region page.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from banenmarkt.prepared import Prepared
from fairs.models import Region

from .accounts import has_second_factor, second_factor_redirect
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

    @property
    def can_follow_up_pitches(self) -> bool:
        """Pitches without a reaction: for caseworkers (who act for their
        clients) and for staff and the project team."""
        is_caseworker = (
            self.is_member and self.membership.kind == Membership.Kind.CASEWORKER
        )
        return is_caseworker or self.is_staff or self.is_project_team

    @property
    def can_export(self) -> bool:
        """The after-fair lists with employers' contact details: the region's
        WSP staff and project team (and platform admins) only."""
        return self.is_staff or self.is_project_team


NO_ACCESS = frozenset()


def regions_with_access(user) -> QuerySet[Region]:
    """Regions annotated with what `user` may do there, so a region page gets
    its region and the visitor's rights in one query."""
    regions = Region.objects.all()
    if not user.is_authenticated:
        return regions
    current = Membership.objects.filter(
        user_id=user.pk, region=OuterRef("pk"), status__in=Membership.CURRENT
    ).order_by("-requested_at")

    def has_role(role):
        return Exists(
            RegionRole.objects.filter(user_id=user.pk, region=OuterRef("pk"), role=role)
        )

    return regions.annotate(
        access_membership_id=Subquery(current.values("pk")[:1]),
        access_membership_status=Subquery(current.values("status")[:1]),
        access_display_name=Subquery(current.values("display_name")[:1]),
        access_kind=Subquery(current.values("kind")[:1]),
        access_moderator=has_role(RegionRole.Role.MODERATOR),
        access_project_team=has_role(RegionRole.Role.PROJECT_TEAM),
        access_staff=has_role(RegionRole.Role.STAFF),
    )


class AnyUser:
    """Stands in for a signed-in user (not a platform admin) while a query
    about them is compiled (`banenmarkt.prepared`): only its id reaches the
    SQL, so the query must use `user.pk` (`author_id=user.pk`, not
    `author=user`)."""

    is_authenticated = True
    is_active = True
    is_superuser = False

    def __init__(self, pk: int) -> None:
        self.pk = pk


# Every region page's region and rights, compiled once per process: building
# the seven subqueries cost four times what running them does.
_REGION_WITH_ACCESS = Prepared(
    lambda user_id, slug: regions_with_access(AnyUser(user_id)).filter(slug=slug)[:1],
    user_id=int,
    slug=str,
)


def region_with_access(user, slug: str) -> Region:
    """The region of a region page with `user`'s rights annotated (for
    `access_from`), in one query; Http404 for an unknown slug."""
    if user.is_authenticated:
        region = _REGION_WITH_ACCESS.first(user_id=user.pk, slug=slug)
    else:
        region = Region.objects.filter(slug=slug).first()
    if region is None:
        raise Http404
    return region


def board_regions_q(user, path: str = "pk") -> Q:
    """The regions whose board `user` may read, as a filter on `path` (a
    region's id) that a query carries without a query of its own: the rule
    of `RegionAccess.can_view_board` (an active membership, any role, or a
    platform admin; tests/conversations checks they agree)."""
    if not user.is_authenticated:
        return Q(**{f"{path}__in": []})
    if user.is_active and user.is_superuser:
        return Q()
    return Q(
        **{
            f"{path}__in": Membership.objects.filter(
                user_id=user.pk, status=Membership.Status.ACTIVE
            ).values("region_id")
        }
    ) | Q(
        **{
            f"{path}__in": RegionRole.objects.filter(user_id=user.pk).values(
                "region_id"
            )
        }
    )


# The regions whose board someone reads, with their rights (the combined
# board): compiled once, like the rights of a region page.
_READABLE_REGIONS = Prepared(
    lambda user_id: regions_with_access(AnyUser(user_id)).filter(
        board_regions_q(AnyUser(user_id))
    ),
    user_id=int,
)


def readable_regions_with_access(user) -> list[Region]:
    """The regions whose board `user` may read (`board_regions_q`), each
    annotated with their rights for `access_from`: one query, reading only
    those regions' rights."""
    if not user.is_authenticated:
        return []
    if user.is_active and user.is_superuser:
        return list(regions_with_access(user))
    return list(_READABLE_REGIONS.run(user_id=user.pk))


def access_from(user, region: Region) -> RegionAccess:
    """The RegionAccess of a region fetched through `regions_with_access`."""
    if not user.is_authenticated:
        return RegionAccess(
            region=region, membership=None, roles=NO_ACCESS, is_admin=False
        )
    membership = None
    if region.access_membership_id is not None:
        membership = Membership(
            pk=region.access_membership_id,
            user=user,
            region=region,
            status=region.access_membership_status,
            display_name=region.access_display_name,
            kind=region.access_kind,
        )
    roles = {
        role
        for role, held in (
            (RegionRole.Role.MODERATOR, region.access_moderator),
            (RegionRole.Role.PROJECT_TEAM, region.access_project_team),
            (RegionRole.Role.STAFF, region.access_staff),
        )
        if held
    }
    return RegionAccess(
        region=region,
        membership=membership,
        roles=frozenset(roles),
        is_admin=user.is_active and user.is_superuser,
    )


def region_access(user, region: Region) -> RegionAccess:
    """What `user` may do in `region` (one query)."""
    return access_from(user, regions_with_access(user).get(pk=region.pk))


# Permissions that only a role gives (or, for follow-up, a caseworker's
# membership): held through a role, they need the second step first.
ROLE_PERMISSIONS = frozenset(
    {
        "is_project_team",
        "is_moderator",
        "is_staff",
        "can_manage_roles",
        "can_export",
        "can_follow_up_pitches",
    }
)


def _check(request, access: RegionAccess, permission: str):
    if getattr(access, permission):
        if (
            permission in ROLE_PERMISSIONS
            and (access.roles or access.is_admin)
            and not has_second_factor(request.user)
        ):
            return second_factor_redirect(request)
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


class RegionPermissionMixin:
    """For class-based views under /regio/<slug>/: sets `self.region` and
    `self.access`, and lets through only who has `region_permission`."""

    region_permission = "can_view_board"

    def dispatch(self, request, *args, **kwargs):
        self.region = region_with_access(request.user, kwargs["slug"])
        self.access = access_from(request.user, self.region)
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
            region = region_with_access(request.user, slug)
            access = access_from(request.user, region)
            denied = _check(request, access, permission)
            return denied or view(
                request, *args, region=region, access=access, **kwargs
            )

        return wrapper

    return decorator


def permission_check(request, access: RegionAccess, permission: str):
    """The check of the mixin and decorator for a view that first lets
    someone through on grounds of their own (the author of a vacancy) and
    otherwise needs `permission`: None, or the response that refuses (the
    login page, the second step, or PermissionDenied raised)."""
    return _check(request, access, permission)

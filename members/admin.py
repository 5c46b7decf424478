from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Membership, RegionRole, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "name", "is_staff", "is_active", "date_joined")
    search_fields = ("email", "name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),
    )

    # Deleting goes through the erase service (docs/privacy.md): roles, posts
    # and memberships go, records stay without the name, and it is audited.
    ADMIN_REASON = "deleted by a platform admin in the admin"

    def delete_model(self, request, obj):
        services.account_delete(user=obj, by=request.user, reason=self.ADMIN_REASON)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.account_delete(
                user=user, by=request.user, reason=self.ADMIN_REASON
            )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Read-mostly: approvals, questions and endings go through the
    moderators' pages so they are audited and the person is emailed."""

    list_display = ("display_name", "user", "region", "kind", "status", "requested_at")
    list_filter = ("region", "status", "kind")
    list_select_related = ("user", "region")
    search_fields = ("user__email", "display_name", "organisation")
    date_hierarchy = "requested_at"
    readonly_fields = [f.name for f in Membership._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RegionRole)
class RegionRoleAdmin(admin.ModelAdmin):
    """Platform admins appoint moderators, project team and WSP staff here."""

    list_display = ("user", "region", "role", "appointed_at", "appointed_by")
    list_filter = ("region", "role")
    list_select_related = ("user", "region", "appointed_by")
    search_fields = ("user__email", "user__name")
    autocomplete_fields = ("user",)
    fields = ("user", "region", "role")

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = services.role_appoint(
            region=obj.region, user=obj.user, role=obj.role, by=request.user
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.role_remove(region_role=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for region_role in queryset.select_related("region", "user"):
            services.role_remove(region_role=region_role, by=request.user)

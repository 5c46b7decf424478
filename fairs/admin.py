from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Edition, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "slug",
        "posting_policy",
        "follows_national_schedule",
        "booking_mode",
        "pitch_retention_months",
    )
    list_filter = ("posting_policy", "follows_national_schedule", "booking_mode")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    """Platform admins move an edition, cancel one or add an extra one.

    Regular editions cannot be deleted: the generator would bring a deleted
    one back. Cancel it instead.
    """

    list_display = ("region", "starts_at", "ends_at", "kind", "title", "is_cancelled")
    list_filter = ("region", "kind", "is_cancelled")
    date_hierarchy = "starts_at"
    list_select_related = ("region",)
    readonly_fields = ("scheduled_date",)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return (*self.readonly_fields, "region", "kind")
        return (*self.readonly_fields, "kind")

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.kind == Edition.Kind.REGULAR:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """Route admin edits through the services, so the rules hold there too."""
        data = form.cleaned_data
        if not change:
            new = services.edition_add_extra(
                region=data["region"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                title=data.get("title", ""),
            )
            obj.pk = new.pk
            if data.get("is_cancelled"):
                services.edition_set_cancelled(edition=new, cancelled=True)
            return
        services.edition_reschedule(
            edition=obj, starts_at=data["starts_at"], ends_at=data["ends_at"]
        )
        services.edition_set_cancelled(edition=obj, cancelled=data["is_cancelled"])


admin.site.empty_value_display = _("(none)")

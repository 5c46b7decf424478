from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: entries cannot be added, changed or deleted here."""

    list_display = ("created_at", "region", "actor", "action", "target_label", "reason")
    list_filter = ("region", "action")
    search_fields = ("target_label", "reason", "actor__email")
    list_select_related = ("region", "actor")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .email_kinds import email_kind_label
from .models import AuditEntry, Notification


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


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Who got which email. Read-only: a record is the proof it was sent
    once. "Sending" long after its time means a worker died during that send."""

    list_display = ("user", "kind_label", "key", "status", "created_at", "sent_at")
    list_filter = ("kind", "status")
    search_fields = ("user__email", "key")
    list_select_related = ("user",)
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj):
        return email_kind_label(obj.kind)

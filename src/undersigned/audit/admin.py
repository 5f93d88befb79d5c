from django.contrib import admin
from django.http import HttpRequest

from undersigned.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: the audit log is written by services and never edited by hand."""

    list_display = ["created_at", "action", "actor_kind", "actor", "object_type", "object_id"]
    list_filter = ["action", "actor_kind", "object_type"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

from django.contrib import admin

from undersigned.audit.models import AuditEntry
from undersigned.core.readonly_admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the audit log is written by services and never edited by hand."""

    list_display = ["created_at", "action", "actor_kind", "actor", "object_type", "object_id"]
    list_filter = ["action", "actor_kind", "object_type"]
    date_hierarchy = "created_at"

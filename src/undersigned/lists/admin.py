from django.contrib import admin
from django.http import HttpRequest

from undersigned.lists.models import Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin[Snapshot]):
    """Read-only: snapshots are published by ``snapshot_publish`` (the organizer page or
    ``undersigned snapshot publish``) and never edited."""

    list_display = ["declaration", "number", "status_date", "entry_count", "sha256"]
    list_filter = ["status_date"]
    readonly_fields = [
        "declaration", "number", "declaration_slug", "status_date", "entry_count",
        "previous_sha256", "sha256", "created_at", "created_by", "text",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Snapshot | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Snapshot | None = None) -> bool:
        return False

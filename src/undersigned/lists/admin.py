from django.contrib import admin

from undersigned.core.readonly_admin import ReadOnlyAdmin
from undersigned.lists.models import Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    """Read-only: snapshots are published by ``snapshot_publish`` (the organizer page or
    ``undersigned snapshot publish``) and never edited."""

    list_display = ["declaration", "number", "status_date", "entry_count", "sha256"]
    list_filter = ["status_date"]
    readonly_fields = [
        "declaration", "number", "declaration_slug", "status_date", "entry_count",
        "previous_sha256", "sha256", "created_at", "created_by", "text",
    ]  # fmt: skip

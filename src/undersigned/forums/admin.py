"""Forums in Django's admin, read-mostly: organizers work in the organizers' area, whose
pages call the services; here staff can look things up."""

from __future__ import annotations

from django.contrib import admin

from undersigned.forums.models import Amendment, Draft, DraftVersion, Forum, Outcome


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin[Forum]):
    list_display = ("name", "phase", "admission", "hide_tallies", "starts_on")
    list_filter = ("phase", "admission")
    search_fields = ("name", "slug")
    readonly_fields = ("phase", "phase_changed_at", "description_html")


class VersionInline(admin.TabularInline[DraftVersion, Draft]):
    model = DraftVersion
    fields = ("number", "title", "editorial", "note", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # a version is made by draft_revise, never by hand


@admin.register(Draft)
class DraftAdmin(admin.ModelAdmin[Draft]):
    list_display = ("__str__", "forum", "number", "status")
    list_filter = ("status",)
    readonly_fields = ("forum", "number", "current", "declaration", "published_version")
    inlines = [VersionInline]


admin.site.register(Amendment)
admin.site.register(Outcome)

"""Coalitions and role assignments in the admin; grants and revocations go through services."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from undersigned.core.readonly_admin import ReadOnlyAdmin
from undersigned.roles import services
from undersigned.roles.models import Coalition, Invitation, RoleAssignment


@admin.register(Coalition)
class CoalitionAdmin(admin.ModelAdmin[Coalition]):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin[RoleAssignment]):
    """A scope is a content type and an id (a declaration, a coalition, a forum); both
    empty give the role on the whole site."""

    list_display = ["user", "role", "scope_type", "scope_id", "created_at"]
    list_filter = ["role", "scope_type"]
    fields = ["user", "role", "scope_type", "scope_id"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # revoke and grant anew: every change is an audited grant or revocation

    def save_model(
        self, request: HttpRequest, obj: RoleAssignment, form: object, change: bool
    ) -> None:
        assignment = services.role_grant(
            user=obj.user, role=obj.role, scope=obj.scope, actor=request.user
        )
        obj.pk = assignment.pk

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        services.role_revoke(user=obj.user, role=obj.role, scope=obj.scope, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[RoleAssignment]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    """Read-only: invitations are made, revoked and used in the workspace (the Team
    pages), each audited; the token's hash is not shown."""

    list_display = ["role", "scope_type", "scope_id", "created_by", "created_at", "expires_at",
                    "used_at", "revoked_at"]  # fmt: skip
    list_filter = ["role", "scope_type"]
    fields = ["role", "scope_type", "scope_id", "created_by", "created_at", "expires_at",
              "used_at", "used_by", "revoked_at"]  # fmt: skip

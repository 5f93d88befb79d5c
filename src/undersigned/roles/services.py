"""Granting and revoking roles; each writes an audit row. ``member_revoke`` is the
workspace's way: the permission rule first (``may_grant``), then ``role_revoke``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from undersigned.audit.services import audit_record
from undersigned.roles.models import RoleAssignment
from undersigned.roles.permissions import may_grant


class RoleError(Exception):
    pass


def _scope_fields(scope: models.Model | None) -> dict[str, Any]:
    if scope is None:
        return {"scope_type": None, "scope_id": None}
    return {"scope_type": ContentType.objects.get_for_model(scope), "scope_id": scope.pk}


def _audit_data(user: User, role: str, scope: models.Model | None) -> dict[str, object]:
    return {
        "user_id": user.pk,
        "role": role,
        "scope": scope._meta.label_lower if scope is not None else "site",
        "scope_id": scope.pk if scope is not None else None,
    }


def declaration_id_of(scope: models.Model | None) -> int | None:
    # Audit rows carry the declaration they concern, so a declaration's log shows its team.
    if scope is not None and scope._meta.label_lower == "declarations.declaration":
        return int(scope.pk)
    return None


def role_grant(
    *,
    user: User,
    role: str,
    scope: models.Model | None,
    actor: User | AnonymousUser | None = None,
) -> RoleAssignment:
    """Give ``user`` ``role`` on ``scope`` (a declaration, coalition or forum; ``None``:
    the whole site). Granting a role held already changes nothing."""
    if role not in RoleAssignment.Role.values:
        raise RoleError(f"unknown role {role!r}")
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, role=role, **_scope_fields(scope)
        )
        if created:
            audit_record(
                action="role.grant",
                target=assignment,
                actor=actor,
                declaration_id=declaration_id_of(scope),
                data=_audit_data(user, role, scope),
            )
    return assignment


def role_revoke(
    *,
    user: User,
    role: str,
    scope: models.Model | None,
    actor: User | AnonymousUser | None = None,
) -> int:
    """Take ``role`` on ``scope`` from ``user``; returns how many assignments went."""
    with transaction.atomic():
        removed = 0
        for assignment in RoleAssignment.objects.filter(
            user=user, role=role, **_scope_fields(scope)
        ):
            audit_record(
                action="role.revoke",
                target=assignment,
                actor=actor,
                declaration_id=declaration_id_of(scope),
                data=_audit_data(user, role, scope),
            )
            assignment.delete()
            removed += 1
    return removed


def member_revoke(*, assignment: RoleAssignment, actor: User | AnonymousUser) -> int:
    """Take a team member's role on the scope it was given on, from the workspace: a team
    manager of that scope, never for a role above their own (``may_grant``), and not
    their own role (somebody else takes it, so nobody locks a team out by a slip)."""
    scope = assignment.scope
    if scope is None or not may_grant(
        user=actor, role=RoleAssignment.Role(assignment.role), on=scope
    ):
        raise PermissionDenied("may not take this role")
    if assignment.user_id == actor.pk:
        raise PermissionDenied("may not take one's own role")
    return role_revoke(user=assignment.user, role=assignment.role, scope=scope, actor=actor)


def password_change(*, user: User, password: str) -> None:
    """``user`` sets a new password of their own (the workspace's password page, after
    the old one and Django's validators were checked), audited without a trace of it."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(action="account.password_change", target=user, actor=user)

"""Granting and revoking roles; each writes an audit row."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from undersigned.audit.services import audit_record
from undersigned.declarations.models import Declaration
from undersigned.roles.models import Coalition, RoleAssignment


class RoleError(Exception):
    pass


def _scope(declaration: Declaration | None, coalition: Coalition | None) -> dict[str, Any]:
    if (declaration is None) == (coalition is None):
        raise RoleError("give either a declaration or a coalition")
    return {"declaration": declaration, "coalition": coalition}


def role_grant(
    *,
    user: User,
    role: str,
    declaration: Declaration | None = None,
    coalition: Coalition | None = None,
    actor: User | AnonymousUser | None = None,
) -> RoleAssignment:
    if role not in RoleAssignment.Role.values:
        raise RoleError(f"unknown role {role!r}")
    scope = _scope(declaration, coalition)
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, **scope)
        if created:
            audit_record(
                action="role.grant",
                target=assignment,
                actor=actor,
                declaration_id=declaration.pk if declaration else None,
                data={
                    "user_id": user.pk,
                    "role": role,
                    "coalition_id": coalition.pk if coalition else None,
                },
            )
    return assignment


def role_revoke(
    *,
    user: User,
    role: str,
    declaration: Declaration | None = None,
    coalition: Coalition | None = None,
    actor: User | AnonymousUser | None = None,
) -> int:
    scope = _scope(declaration, coalition)
    with transaction.atomic():
        removed = 0
        for assignment in RoleAssignment.objects.filter(user=user, role=role, **scope):
            audit_record(
                action="role.revoke",
                target=assignment,
                actor=actor,
                declaration_id=declaration.pk if declaration else None,
                data={
                    "user_id": user.pk,
                    "role": role,
                    "coalition_id": coalition.pk if coalition else None,
                },
            )
            assignment.delete()
            removed += 1
    return removed

"""Who may do what to which declaration."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin
from django.db.models import Q, QuerySet

from undersigned.declarations.models import Declaration
from undersigned.roles.models import RoleAssignment

Role = RoleAssignment.Role
# Each role includes those ranked below it.
RANK = {Role.MODERATOR: 1, Role.ORGANIZER: 2, Role.ADMIN: 3}
GLOBAL_MODERATOR_PERMISSION = "signatures.moderate_signature"

User = AbstractBaseUser | AnonymousUser


def _roles_at_least(role: Role) -> list[str]:
    return [r for r, rank in RANK.items() if rank >= RANK[role]]


def _global(user: User, role: Role) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return (
        role == Role.MODERATOR
        and isinstance(user, PermissionsMixin)
        and user.has_perm(GLOBAL_MODERATOR_PERMISSION)
    )


def _assignments(user: User, role: Role) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user_id=cast(int, user.pk), role__in=_roles_at_least(role))


def has_role(*, user: User, declaration: Declaration | int, role: Role) -> bool:
    """Whether ``user`` holds ``role`` (or a higher one) for the declaration."""
    if _global(user, role):
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    declaration_id = declaration if isinstance(declaration, int) else declaration.pk
    return (
        _assignments(user, role)
        .filter(Q(declaration_id=declaration_id) | Q(coalition__declarations__id=declaration_id))
        .exists()
    )


def has_any_role(*, user: User, role: Role) -> bool:
    """Whether ``user`` holds ``role`` (or higher) for at least one declaration."""
    if _global(user, role):
        return True
    return user.is_authenticated and user.is_active and _assignments(user, role).exists()


def declarations_with_role(*, user: User, role: Role) -> QuerySet[Declaration]:
    """The declarations ``user`` holds ``role`` (or higher) for."""
    if _global(user, role):
        return Declaration.objects.all()
    if not user.is_authenticated or not user.is_active:
        return Declaration.objects.none()
    assignments = _assignments(user, role)
    return Declaration.objects.filter(
        Q(pk__in=assignments.filter(declaration__isnull=False).values("declaration_id"))
        | Q(coalitions__assignments__in=assignments.filter(coalition__isnull=False))
    ).distinct()


def roles_of(*, user: User, declaration: Declaration) -> list[str]:
    """The roles ``user`` holds for the declaration, highest first (for pages)."""
    return [role for role in (Role.ADMIN, Role.ORGANIZER, Role.MODERATOR)
            if has_role(user=user, declaration=declaration, role=role)]  # fmt: skip

"""Reading a scope's team: who holds which role on it, from where, and the links pending."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from undersigned.roles.invitations import token_hash
from undersigned.roles.models import Coalition, Invitation, RoleAssignment
from undersigned.roles.permissions import RANK, scope_ids, site_wide
from undersigned.roles.permissions import User as AnyUser

Role = RoleAssignment.Role


@dataclass(frozen=True)
class Member:
    """One role someone holds on the scope. ``assignment`` is the row given on this very
    scope (the one the team page can take back); a role held through a containing scope
    has none, and ``through`` names that scope (a coalition, or ``None`` with
    ``site_wide``: the whole site; ``superuser`` for Django superusers)."""

    user: User
    role: Role
    assignment: RoleAssignment | None
    through: models.Model | None = None
    site_wide: bool = False
    superuser: bool = False

    @property
    def inherited(self) -> bool:
        return self.assignment is None


def _on(scope: models.Model) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(
        scope_type=ContentType.objects.get_for_model(scope), scope_id=scope.pk
    )


def team_of(*, scope: models.Model) -> list[Member]:
    """Everyone holding a role on ``scope``: given on it first, then through each scope
    containing it, then on the whole site, then superusers; highest role first."""
    active = {"user__is_active": True}

    def ranked(members: list[Member]) -> list[Member]:
        return sorted(members, key=lambda m: (-RANK[m.role], m.user.get_username()))

    groups = [
        [
            Member(user=a.user, role=Role(a.role), assignment=a)
            for a in _on(scope).filter(**active).select_related("user")
        ]
    ]
    for parents in getattr(scope, "role_parents", list)():
        for parent in parents:
            groups.append(
                [
                    Member(user=a.user, role=Role(a.role), assignment=None, through=parent)
                    for a in _on(parent).filter(**active).select_related("user")
                ]
            )
    site = RoleAssignment.objects.filter(scope_type__isnull=True, **active)
    groups.append(
        [
            Member(user=a.user, role=Role(a.role), assignment=None, site_wide=True)
            for a in site.select_related("user")
        ]
    )
    groups.append(
        [
            Member(user=user, role=Role.ADMIN, assignment=None, site_wide=True, superuser=True)
            for user in User.objects.filter(is_superuser=True, is_active=True)
        ]
    )
    return [member for group in groups for member in ranked(group)]


def invitations_pending(*, scope: models.Model) -> QuerySet[Invitation]:
    """The links made for ``scope`` that can still be used, newest first."""
    return Invitation.objects.filter(
        scope_type=ContentType.objects.get_for_model(scope),
        scope_id=scope.pk,
        used_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("created_by")


def invitation_from_token(*, token: str) -> Invitation | None:
    """The invitation a link's token names, in any state, or ``None``."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.filter(token_hash=token_hash(token)).first()


def coalitions_for(*, user: AnyUser, role: Role) -> QuerySet[Coalition]:
    """The coalitions on which ``user`` holds ``role`` or a higher one: all of them for
    whoever holds it on the whole site."""
    if site_wide(user=user, role=role):
        return Coalition.objects.order_by("name")
    return Coalition.objects.filter(
        pk__in=scope_ids(user=user, role=role, model=Coalition)
    ).order_by("name")

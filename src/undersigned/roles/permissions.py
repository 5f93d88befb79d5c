"""The one permission rule: which role, on which scope, may do what.

Every view, service, command and API endpoint that guards something asks here, so the
answer is the same whoever asks (``may``, ``require``, ``roles_on``).

**Roles** rank moderator < organizer < admin; each holds everything the ones below it
hold. **Scopes** nest: the whole site contains every coalition, declaration and forum;
a coalition contains its declarations and forums (each scope names the larger ones it
belongs to through ``role_parents()``). A role held on a scope holds on everything the
scope contains.

**Actions** and the role each needs (``NEEDS``):

- ``moderate`` (moderator): approve, reject and release signatures, match an
  organization, admit what participants submit;
- ``edit`` (organizer): write, revise, open, close and withdraw; translations; phases
  and outcomes;
- ``manage_list`` (organizer): import signatories, publish a snapshot of the list;
- ``contacts`` (organizer): install the contact key, download the sealed contacts;
- ``participation_codes`` (organizer): issue, print and revoke a forum's participation
  codes;
- ``manage_team`` (organizer): invite and revoke team members, never above one's own
  role (``may_grant``);
- ``read_audit`` (admin): read the audit log.

**People.** A superuser is an admin of the whole site. Anyone else holds exactly the
roles assigned to them (``RoleAssignment``); staff status and Django's model
permissions grant no role — they only open Django's admin, whose screens on a
declaration's data ask this module too. Inactive and anonymous users hold nothing.
The command line (``actor=None`` in a service) runs with the server's own rights.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from undersigned.roles.models import RoleAssignment

Role = RoleAssignment.Role
User = AbstractBaseUser | AnonymousUser
# Each role includes those ranked below it.
RANK = {Role.MODERATOR: 1, Role.ORGANIZER: 2, Role.ADMIN: 3}
HIGHEST_FIRST = (Role.ADMIN, Role.ORGANIZER, Role.MODERATOR)


class Action(enum.StrEnum):
    MODERATE = "moderate"
    EDIT = "edit"
    MANAGE_LIST = "manage_list"
    CONTACTS = "contacts"
    MANAGE_TEAM = "manage_team"
    PARTICIPATION_CODES = "participation_codes"
    READ_AUDIT = "read_audit"


NEEDS: dict[Action, Role] = {
    Action.MODERATE: Role.MODERATOR,
    Action.EDIT: Role.ORGANIZER,
    Action.MANAGE_LIST: Role.ORGANIZER,
    Action.CONTACTS: Role.ORGANIZER,
    Action.MANAGE_TEAM: Role.ORGANIZER,
    Action.PARTICIPATION_CODES: Role.ORGANIZER,
    Action.READ_AUDIT: Role.ADMIN,
}


def _at_least(role: Role) -> list[str]:
    return [r for r, rank in RANK.items() if rank >= RANK[role]]


def _active(user: User | None) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _superuser(user: User | None) -> bool:
    return _active(user) and bool(getattr(user, "is_superuser", False))


def _assignments(user: User) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user_id=cast(int, user.pk))


def _scope_q(scope: models.Model) -> Q:
    """Assignments that hold on ``scope``: on the site, on it, or on a scope containing it."""
    held = Q(scope_type__isnull=True) | Q(
        scope_type=ContentType.objects.get_for_model(scope), scope_id=scope.pk
    )
    for parents in _parents(scope):
        held |= Q(
            scope_type=ContentType.objects.get_for_model(parents.model),
            scope_id__in=parents.values("pk"),
        )
    return held


def _parents(scope: models.Model) -> Iterable[QuerySet[models.Model]]:
    parents = getattr(scope, "role_parents", None)
    return parents() if parents is not None else []


def holds(*, user: User | None, role: Role, on: models.Model) -> bool:
    """Whether ``user`` holds ``role`` (or a higher one) on the scope ``on``."""
    return _holds_where(user, role, _scope_q(on))


def may(*, user: User | None, action: Action, on: models.Model) -> bool:
    """Whether ``user`` may do ``action`` on the scope ``on``."""
    return holds(user=user, role=NEEDS[action], on=on)


def require(*, actor: User | None, action: Action, on: models.Model) -> None:
    """For services: raise PermissionDenied unless ``actor`` may do ``action`` on ``on``.
    ``None`` is the command line, which runs with the server's own rights."""
    if actor is None:
        return
    if not may(user=actor, action=action, on=on):
        raise PermissionDenied(
            _("This needs the %(role)s role for “%(scope)s”.")
            % {"role": NEEDS[action].label, "scope": on}
        )


def roles_on(*, user: User | None, on: models.Model) -> list[Role]:
    """The roles ``user`` holds on ``on``, highest first (one query)."""
    if _superuser(user):
        return list(HIGHEST_FIRST)
    if not _active(user):
        return []
    assert user is not None
    held = set(_assignments(user).filter(_scope_q(on)).values_list("role", flat=True))
    if not held:
        return []
    top = max(RANK[Role(role)] for role in held)
    return [role for role in HIGHEST_FIRST if RANK[role] <= top]


def may_grant(*, user: User | None, role: Role, on: models.Model) -> bool:
    """Whether ``user`` may give ``role`` on ``on`` to someone: a team manager there,
    and never a role above their own."""
    held = roles_on(user=user, on=on)
    return (
        bool(held)
        and may(user=user, action=Action.MANAGE_TEAM, on=on)
        and (RANK[role] <= RANK[held[0]])
    )


def _holds_where(user: User | None, role: Role, assignments: Q) -> bool:
    if _superuser(user):
        return True
    if not _active(user):
        return False
    assert user is not None
    return _assignments(user).filter(assignments, role__in=_at_least(role)).exists()


def holds_anywhere(*, user: User | None, role: Role) -> bool:
    """Whether ``user`` holds ``role`` (or higher) on at least one scope."""
    return _holds_where(user, role, Q())


def site_wide(*, user: User | None, role: Role) -> bool:
    """Whether ``user`` holds ``role`` on the whole site (superusers do)."""
    return _holds_where(user, role, Q(scope_type__isnull=True))


def scope_ids(*, user: User | None, role: Role, model: type[models.Model]) -> QuerySet[Any]:
    """The ids of the ``model`` scopes on which ``user`` was given ``role`` (or higher)
    directly, as a subquery. Scopes inherited from a parent or from a site-wide role are
    the caller's to add (``declarations_for`` in declarations/selectors.py does)."""
    if not _active(user):
        return RoleAssignment.objects.none().values("scope_id")
    assert user is not None
    return (
        _assignments(user)
        .filter(role__in=_at_least(role), scope_type=ContentType.objects.get_for_model(model))
        .values("scope_id")
    )

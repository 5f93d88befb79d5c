"""Who may change a declaration's list: import signatories, publish a snapshot.

One function decides: an organizer of the declaration (directly or through its
coalition; admins and superusers included), or a staff member with the global
``signatures.add_signature`` permission.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from undersigned.declarations.models import Declaration
from undersigned.roles.selectors import Role, has_role

LIST_PERMISSION = "signatures.add_signature"


def may_manage_list(*, user: AbstractBaseUser | AnonymousUser, declaration: Declaration) -> bool:
    """Whether ``user`` may import signatories into, or publish snapshots of, the list."""
    if not isinstance(user, User) or not user.is_active:
        return False
    if has_role(user=user, declaration=declaration, role=Role.ORGANIZER):
        return True
    return user.is_staff and user.has_perm(LIST_PERMISSION)


def require_list_manager(
    user: AbstractBaseUser | AnonymousUser | None, declaration: Declaration
) -> None:
    """For services: raise PermissionDenied unless ``user`` may manage the list. ``None``
    is the command line, which runs with the server's own rights."""
    if user is not None and not may_manage_list(user=user, declaration=declaration):
        raise PermissionDenied("managing this list needs the organizer's permission")


def list_manager_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Anonymous visitors go to the organizers' login page; signed-in users without the
    role get 403. The view receives the declaration (any status) as ``declaration``."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
        from django.http import Http404

        declaration = Declaration.objects.filter(slug=slug).first()
        if declaration is None:
            raise Http404("no such declaration")
        if not may_manage_list(user=request.user, declaration=declaration):
            raise PermissionDenied("managing this list needs the organizer's permission")
        return view(request, declaration, *args, **kwargs)

    return wrapped

"""Who may change a declaration's list: import signatories, publish a snapshot.

One function decides, so that switching to the scoped organizer role (issue #4) is a
change here and nowhere else. Today: an active staff member with the
``signatures.add_signature`` permission (superusers have every permission).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from undersigned.declarations.models import Declaration

LIST_PERMISSION = "signatures.add_signature"


def may_manage_list(*, user: AbstractBaseUser | AnonymousUser, declaration: Declaration) -> bool:
    """Whether ``user`` may import signatories into, or publish snapshots of, the list."""
    if not isinstance(user, User) or not user.is_active or not user.is_staff:
        return False
    return user.has_perm(LIST_PERMISSION)


def require_list_manager(
    user: AbstractBaseUser | AnonymousUser | None, declaration: Declaration
) -> None:
    """For services: raise PermissionDenied unless ``user`` may manage the list. ``None``
    is the command line, which runs with the server's own rights."""
    if user is not None and not may_manage_list(user=user, declaration=declaration):
        raise PermissionDenied("managing this list needs the organizer's permission")


def list_manager_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Anonymous and non-staff visitors go to the login page; staff without the
    permission get 403. The view receives the declaration (any status) as ``declaration``."""

    @staff_member_required
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

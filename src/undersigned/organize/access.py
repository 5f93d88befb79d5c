"""The doors of the organizers' pages: anonymous → the login page; signed in without the
right role on the declaration → 403; with it → the page (roles/permissions.py decides)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from undersigned.core.web.http import form_referrer_policy
from undersigned.declarations.models import Declaration
from undersigned.roles.permissions import Action, may

View = Callable[..., HttpResponseBase]


def declaration_view(action: Action) -> Callable[[View], View]:
    """Load the declaration of the URL (any status) and require ``action`` on it; the
    view receives it in place of the slug. Pages are never cached."""

    def decorator(view: View) -> View:
        @form_referrer_policy
        @never_cache
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            declaration = get_object_or_404(Declaration, slug=slug)
            if not may(user=request.user, action=action, on=declaration):
                raise PermissionDenied(f"needs the {action} permission on this declaration")
            return view(request, declaration, *args, **kwargs)

        return wrapper

    return decorator

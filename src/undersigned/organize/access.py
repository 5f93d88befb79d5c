"""The doors of the organizers' pages: anonymous → the login page; signed in without the
right role on the page's scope → 403; with it → the page (roles/permissions.py decides).

``scoped_view`` is the one door every organizer page goes through, whatever its scope (a
declaration, a forum, a coalition): a check added here (two-factor sign-in, say) holds
for all of them. ``declaration_view`` is the door of a declaration's pages.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from undersigned.declarations.models import Declaration
from undersigned.roles.permissions import Action, may

View = Callable[..., HttpResponseBase]


def scoped_view(load: Callable[[str], models.Model], action: Action) -> Callable[[View], View]:
    """Load the scope named by the URL's ``slug`` (``load`` raises Http404 for none) and
    require ``action`` on it; the view receives the scope in place of the slug. Pages
    are never cached."""

    def decorator(view: View) -> View:
        @never_cache
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            scope = load(slug)
            if not may(user=request.user, action=action, on=scope):
                raise PermissionDenied(f"needs the {action} permission here")
            return view(request, scope, *args, **kwargs)

        return wrapper

    return decorator


def _declaration(slug: str) -> Declaration:
    return get_object_or_404(Declaration, slug=slug)


def declaration_view(action: Action) -> Callable[[View], View]:
    """The door of a declaration's pages (any status)."""
    return scoped_view(_declaration, action)

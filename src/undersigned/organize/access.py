"""The doors of the organizers' pages: anonymous → the login page; signed in without the
right role on the page's scope → 403; with it → the page (roles/permissions.py decides).

``workspace_view`` is the one door every page of the workspace goes through, and
``scoped_view`` (whatever its scope: a declaration, a forum, a coalition) builds on it,
so a check made here holds for all of them. It asks for the second factor: an account
with an authenticator app opens no page until its session is verified with a code, and
with ``TWO_FACTOR_REQUIRED_FOR_ROLES`` every holder of a role is sent to set one up
first. ``declaration_view`` is the door of a declaration's pages. A test
(organize/tests/test_two_factor_gate.py) checks that every URL of the workspace has
this door or is one of the few sign-in pages before it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, overload

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from undersigned.declarations.models import Declaration
from undersigned.roles.permissions import Action, Role, holds_anywhere, may
from undersigned.twofactor.selectors import authenticator

View = Callable[..., HttpResponseBase]


def verified(request: HttpRequest) -> bool:
    """Whether this session was signed in with a second factor (django-otp's middleware)."""
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def second_factor_door(request: HttpRequest, *, enrolling: bool = False) -> HttpResponseBase | None:
    """Where a signed-in ``request`` has to go before the page, or None: to the code step
    while the account has an authenticator and the session is not verified; with
    ``TWO_FACTOR_REQUIRED_FOR_ROLES``, to the enrolment page (unless ``enrolling``)
    while a role holder has none."""
    if verified(request):
        return None
    if authenticator(user=request.user) is not None:
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('organize:sign_in_code')}?{query}")
    if (
        not enrolling
        and settings.TWO_FACTOR_REQUIRED_FOR_ROLES
        and holds_anywhere(user=request.user, role=Role.MODERATOR)
    ):
        messages.info(
            request,
            _("This site asks everyone who holds a role to turn on two-factor sign-in first."),
        )
        return redirect("organize:two_factor")
    return None


@overload
def workspace_view(view: View, *, enrolling: bool = False) -> View: ...
@overload
def workspace_view(view: None = None, *, enrolling: bool = False) -> Callable[[View], View]: ...
def workspace_view(
    view: View | None = None, *, enrolling: bool = False
) -> View | Callable[[View], View]:
    """The door of a workspace page: signed in, the second factor as above, never cached.
    ``enrolling`` marks the pages that set the second factor up."""

    def decorator(view: View) -> View:
        @never_cache
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            elsewhere = second_factor_door(request, enrolling=enrolling)
            if elsewhere is not None:
                return elsewhere
            return view(request, *args, **kwargs)

        wrapper.workspace_door = True  # type: ignore[attr-defined]  # checked by the gate test
        return wrapper

    return decorator(view) if view is not None else decorator


def scoped_view(load: Callable[[str], models.Model], action: Action) -> Callable[[View], View]:
    """Load the scope named by the URL's ``slug`` (``load`` raises Http404 for none) and
    require ``action`` on it; the view receives the scope in place of the slug. Pages
    are never cached."""

    def decorator(view: View) -> View:
        @workspace_view
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

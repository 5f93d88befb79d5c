"""Signing in: the password (Django's LoginView with the limited form), then, for an
account with an authenticator app, the code step (organize/signin.py says why a password
alone never signs such an account in)."""

from __future__ import annotations

from typing import Any

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from undersigned.organize.access import verified
from undersigned.organize.signin import (
    CodeForm,
    LimitedAuthenticationForm,
    pending_store,
    pending_take,
)
from undersigned.twofactor.selectors import authenticator


class SignInView(auth_views.LoginView):
    template_name = "organize/login.html"
    authentication_form = LimitedAuthenticationForm

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if authenticator(user=user) is None:
            return super().form_valid(form)
        pending_store(self.request, user=user, next_url=self.get_success_url())
        return redirect("organize:sign_in_code")


def _safe_next(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponseBase:
    """The code step: after the password, or for a session signed in some other way (the
    admin's login) that has not been verified yet."""
    pending = None
    if request.user.is_authenticated:
        if verified(request) or authenticator(user=request.user) is None:
            return redirect("organize:dashboard")
        user: Any = request.user
        next_url = _safe_next(request, request.GET.get("next", ""))
    else:
        pending = pending_take(request)
        found = (
            get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
            if pending
            else None
        )
        if pending is None or found is None:
            messages.info(request, _("Sign in again: the code is asked right after the password."))
            return redirect("organize:login")
        user, next_url = found, pending["next"]
    form = CodeForm(request.POST or None, request=request, user=user)
    if request.method == "POST" and form.is_valid():
        assert form.device is not None
        if pending is not None:
            pending_take(request, keep=False)
            auth_login(request, user, backend=pending["backend"] or None)
        else:
            # A session that was signed in gains the second factor: a new session key,
            # as signing in gives one.
            request.session.cycle_key()
        django_otp.login(request, form.device)
        if isinstance(form.device, StaticDevice):
            messages.warning(
                request,
                _("You signed in with a recovery code; it cannot be used again."),
            )
        return redirect(next_url or "organize:dashboard")
    return render(
        request,
        "organize/sign_in_code.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@never_cache
def admin_login(request: HttpRequest) -> HttpResponseBase:
    """Django's admin signs in here, through the workspace's two steps: its own login
    form checks a password only (twofactor/admin.py asks for a verified session)."""
    next_url = _safe_next(request, request.GET.get("next", "")) or "/admin/"
    query = urlencode({"next": next_url})
    if request.user.is_authenticated and authenticator(user=request.user) is not None:
        return redirect(f"{reverse('organize:sign_in_code')}?{query}")
    if request.user.is_authenticated and settings.TWO_FACTOR_REQUIRED_FOR_ROLES:
        return redirect("organize:two_factor")
    return redirect(f"{reverse('organize:login')}?{query}")

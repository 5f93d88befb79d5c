"""Two-factor sign-in for one's own account: set up an authenticator app (its key as a QR
code drawn on the server, and as text), confirm it with a code, get recovery codes
(shown once), make new ones, turn it off with a current code. Each change is a service
of twofactor/ that writes its audit row."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import django_otp
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from undersigned.organize.access import workspace_view
from undersigned.organize.signin import CodeEntry
from undersigned.twofactor.qr import qr_svg
from undersigned.twofactor.selectors import (
    authenticator,
    authenticator_pending,
    recovery_codes_left,
)
from undersigned.twofactor.services import (
    TwoFactorError,
    two_factor_confirm,
    two_factor_disable,
    two_factor_recovery_regenerate,
    two_factor_start,
)


def _secret_groups(device: Any) -> str:
    """The key as authenticator apps take it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _page(
    request: HttpRequest,
    *,
    form: CodeEntry | None = None,
    codes: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    app = authenticator(user=user)
    pending = authenticator_pending(user=user) if app is None else None
    context: dict[str, Any] = {
        "app": app,
        "pending": pending,
        "codes": codes,
        "codes_left": recovery_codes_left(user=user) if app is not None else 0,
        "form": form or CodeEntry(),
    }
    if pending is not None:
        # Confirming takes the app's code only: no recovery code exists yet.
        context["form"].fields["code"].help_text = _("The six digits the app shows for this key.")
        context["qr"] = qr_svg(pending.config_url, title=_("QR code of your sign-in key"))
        context["secret"] = _secret_groups(pending)
    return render(request, "organize/two_factor.html", context, status=status)


@workspace_view(enrolling=True)
@require_safe
def two_factor(request: HttpRequest) -> HttpResponse:
    return _page(request)


@workspace_view(enrolling=True)
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    try:
        two_factor_start(user=request.user)
    except TwoFactorError as refused:
        messages.error(request, str(refused))
    return redirect("organize:two_factor")


@workspace_view(enrolling=True)
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    form = CodeEntry(request.POST)
    if form.is_valid():  # the service checks the code
        try:
            device, codes = two_factor_confirm(user=request.user, code=form.cleaned_data["code"])
        except TwoFactorError as refused:
            form.add_error("code", str(refused))
        else:
            # This session has just shown it holds the app: it is verified (under a new
            # session key, as at any sign-in).
            request.session.cycle_key()
            django_otp.login(request, device)
            messages.success(request, _("Two-factor sign-in is on."))
            return _page(request, codes=codes)
    return _page(request, form=form, status=400)


@workspace_view(enrolling=True)
@require_POST
def disable(request: HttpRequest) -> HttpResponse:
    form = CodeEntry(request.POST)
    if form.is_valid():
        try:
            two_factor_disable(user=request.user, code=form.cleaned_data["code"])
        except TwoFactorError as refused:
            form.add_error("code", str(refused))
        else:
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("organize:two_factor")
    return _page(request, form=form, status=400)


@workspace_view(enrolling=True)
@require_POST
def regenerate(request: HttpRequest) -> HttpResponse:
    try:
        codes = two_factor_recovery_regenerate(user=request.user)
    except TwoFactorError as refused:
        messages.error(request, str(refused))
        return redirect("organize:two_factor")
    messages.success(request, _("New recovery codes: the old ones no longer work."))
    return _page(request, codes=codes)

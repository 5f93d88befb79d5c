"""Signing in to the workspace: the password, then (for an account with an authenticator
app) a code, with failed attempts of either limited per account and per client.

The counters are the signing path's kind (core/ratelimit.py): fixed windows in the
cache, keyed on an HMAC of the client's address and of the account's name under the
day's random salt, so no address and no tried name is stored anywhere. ``limited`` is
the one definition both steps use, and they count together: a wrong password and a
wrong code are each one failed sign-in of that account from that client. Past either
limit the form says to wait, and no password or code is checked until the window ends.

A password alone never signs in an account that has an authenticator: the password
step keeps only who is signing in (``PENDING``, in the session, for a few minutes), and
the code step signs in and marks the session verified (``django_otp.login``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from undersigned.core.ratelimit import client_key, count, hit, opaque_key
from undersigned.twofactor.services import two_factor_verify

WINDOW = 15 * 60
# The session key of a sign-in waiting for its code, and how long it may wait.
PENDING = "organize_signin_pending"
PENDING_SECONDS = 5 * 60

T = TypeVar("T")


def _keys(request: HttpRequest, account: str) -> list[tuple[str, str, int]]:
    keys = [("signin-client", client_key(request), settings.SIGNIN_LIMIT_PER_CLIENT)]
    if account:
        keys.append(("signin-account", opaque_key(account), settings.SIGNIN_LIMIT_PER_ACCOUNT))
    return keys


def limited[T](request: HttpRequest, *, account: str, attempt: Callable[[], T]) -> T:
    """Run ``attempt`` (which raises ValidationError on a wrong password or code) unless
    ``account`` or this client is past its limit; a failure counts against both."""
    keys = _keys(request, account.strip().casefold())
    if any(count(scope=s, key=k, window=WINDOW) >= limit for s, k, limit in keys):
        raise ValidationError(
            _("Too many failed sign-ins. Wait a quarter of an hour, then try again."),
            code="too_many",
        )
    try:
        return attempt()
    except ValidationError:
        for scope, key, _limit in keys:
            hit(scope=scope, key=key, window=WINDOW)
        raise


class LimitedAuthenticationForm(AuthenticationForm):
    def clean(self) -> dict[str, Any]:
        assert self.request is not None  # LoginView passes it
        return limited(
            self.request, account=str(self.data.get("username", "")), attempt=super().clean
        )


class CodeEntry(forms.Form):
    """A code typed in: of the authenticator app, or a recovery code. Whoever takes it
    checks it (a service, or ``CodeForm`` at sign-in)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class CodeForm(CodeEntry):
    """The second step of signing in: the code must open ``user``'s account, within the
    sign-in limits."""

    def __init__(self, *args: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request, self.user = request, user
        self.device: Device | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}

        def attempt() -> None:
            self.device = two_factor_verify(user=self.user, code=data.get("code", ""))
            if self.device is None:
                raise ValidationError(_("That code is not right."), code="wrong_code")

        if "code" in data:
            limited(self.request, account=self.user.get_username(), attempt=attempt)
        return data


def pending_store(request: HttpRequest, *, user: Any, next_url: str) -> None:
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", ""),
        "next": next_url,
        "at": int(time.time()),
    }


def pending_take(request: HttpRequest, *, keep: bool = True) -> dict[str, Any] | None:
    """The sign-in waiting for its code, if it has not waited too long."""
    pending = request.session.get(PENDING) if keep else request.session.pop(PENDING, None)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    return pending

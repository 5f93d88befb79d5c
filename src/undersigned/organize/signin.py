"""Signing in to the workspace, with failed attempts limited per account and per client.

The counters are the signing path's kind (core/ratelimit.py): fixed windows in the
cache, keyed on an HMAC of the client's address and of the account's name under the
day's random salt, so no address and no tried name is stored anywhere. Past either
limit the form says to wait, and no password is checked until the window ends.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from undersigned.core.ratelimit import client_key, count, hit, opaque_key

WINDOW = 15 * 60


class LimitedAuthenticationForm(AuthenticationForm):
    def _keys(self) -> list[tuple[str, str, int]]:
        assert self.request is not None  # LoginView passes it
        username = str(self.data.get("username", "")).strip().casefold()
        keys = [("signin-client", client_key(self.request), settings.SIGNIN_LIMIT_PER_CLIENT)]
        if username:
            keys.append(("signin-account", opaque_key(username), settings.SIGNIN_LIMIT_PER_ACCOUNT))
        return keys

    def clean(self) -> dict[str, Any]:
        keys = self._keys()
        if any(count(scope=s, key=k, window=WINDOW) >= limit for s, k, limit in keys):
            raise ValidationError(
                _("Too many failed sign-ins. Wait a quarter of an hour, then try again."),
                code="too_many",
            )
        try:
            return super().clean()
        except ValidationError:
            for scope, key, _limit in keys:
                hit(scope=scope, key=key, window=WINDOW)
            raise

"""Reading a person's second factor: their authenticator app (a TOTP device of django-otp)
and their recovery codes (its static device)."""

from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator(*, user: Any) -> TOTPDevice | None:
    """The confirmed authenticator app of ``user``: while there is one, every sign-in asks
    for a code."""
    if getattr(user, "pk", None) is None:  # anonymous
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def authenticator_pending(*, user: Any) -> TOTPDevice | None:
    """The authenticator being set up: shown as a QR code until a code confirms it."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).first()


def recovery_codes_left(*, user: Any) -> int:
    device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    return device.token_set.count() if device is not None else 0

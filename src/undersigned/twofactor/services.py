"""Turning two-factor sign-in on and off, and checking a code, for one account.

django-otp keeps the secrets as it stores them: the authenticator's key in its TOTP
device, the recovery codes as its static tokens (each deleted when it is used). Nothing
here logs a key, a code or a recovery code; the audit rows name the device and the
action only.

Setting up is two steps so that nobody is locked out by a mistyped secret: start makes
an unconfirmed device (its key shown as a QR code), and only a code computed from that
key confirms it; recovery codes are made then, and shown once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from undersigned.audit.services import audit_record
from undersigned.twofactor.selectors import authenticator, authenticator_pending

RECOVERY_CODES = 10
DEVICE_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


class TwoFactorError(Exception):
    """A refused change, with a message for the person who asked."""


def normalize_code(code: str) -> str:
    """What people type: spaces and hyphens between groups dropped, any case."""
    return "".join(code.split()).replace("-", "").lower()[:16]


def two_factor_start(*, user: Any) -> TOTPDevice:
    """A new, unconfirmed authenticator for ``user`` (a new key: any earlier unconfirmed
    one is dropped). Refused while one is on."""
    with transaction.atomic():
        if authenticator(user=user) is not None:
            raise TwoFactorError(_("Two-factor sign-in is already on."))
        TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _recovery_codes_replace(*, user: Any) -> tuple[StaticDevice, list[str]]:
    # The same device with new tokens: a session verified by a recovery code stays
    # verified (django-otp remembers the device, not the code).
    device = StaticDevice.objects.devices_for_user(user, confirmed=None).first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return device, codes


def two_factor_confirm(*, user: Any, code: str) -> tuple[TOTPDevice, list[str]]:
    """Turn the pending authenticator on once ``code`` matches its key; the new recovery
    codes, to show once."""
    pending = authenticator_pending(user=user)
    if pending is None:
        raise TwoFactorError(_("Start setting up two-factor sign-in first."))
    # Outside the change's transaction: a wrong code's throttling (django-otp's growing
    # delay) is kept, not rolled back with the refusal.
    if verify_token(user, pending.persistent_id, normalize_code(code)) is None:
        raise TwoFactorError(
            _("That code does not match. Check the time on your phone, then try the next one.")
        )
    with transaction.atomic():
        pending.refresh_from_db()
        pending.confirmed = True
        pending.save(update_fields=["confirmed"])
        _device, codes = _recovery_codes_replace(user=user)
        audit_record(action="two_factor.enable", target=pending, actor=user)
    return pending, codes


def two_factor_verify(*, user: Any, code: str) -> Device | None:
    """The device that accepts ``code`` for ``user``: the authenticator for a code of
    digits, a recovery code otherwise (burnt once used); None when neither does."""
    code = normalize_code(code)
    app = authenticator(user=user)
    if app is None or not code:
        return None
    if code.isdigit():
        return verify_token(user, app.persistent_id, code)
    recovery = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    if recovery is None:
        return None
    with transaction.atomic():
        device = verify_token(user, recovery.persistent_id, code)
        if device is not None:
            audit_record(
                action="two_factor.recovery_code_used",
                target=recovery,
                actor=user,
                data={"left": recovery.token_set.count()},
            )
    return device


def two_factor_disable(*, user: Any, code: str) -> None:
    """Turn two-factor sign-in off: needs a current code (or a recovery code)."""
    app = authenticator(user=user)
    if app is None:
        raise TwoFactorError(_("Two-factor sign-in is not on."))
    if two_factor_verify(user=user, code=code) is None:
        raise TwoFactorError(_("That code does not match; two-factor sign-in stays on."))
    with transaction.atomic():
        audit_record(action="two_factor.disable", target=app, actor=user)
        TOTPDevice.objects.devices_for_user(user, confirmed=None).delete()
        StaticDevice.objects.devices_for_user(user, confirmed=None).delete()


def two_factor_recovery_regenerate(*, user: Any) -> list[str]:
    """New recovery codes in place of the old ones (which stop working), to show once."""
    with transaction.atomic():
        if authenticator(user=user) is None:
            raise TwoFactorError(_("Two-factor sign-in is not on."))
        device, codes = _recovery_codes_replace(user=user)
        audit_record(action="two_factor.recovery_regenerate", target=device, actor=user)
    return codes

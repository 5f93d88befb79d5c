"""Codes as an authenticator app computes them, from the stored key (django-otp's TOTP)."""

from __future__ import annotations

import time
from typing import Any

from django_otp.oath import TOTP


def totp_code(device: Any, *, steps_ahead: int = 0) -> str:
    """The code the app shows now, or ``steps_ahead`` time steps later (a code is taken
    once: the next sign-in within the same 30 seconds needs the next step's code, which
    the device's tolerance of one step accepts)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"

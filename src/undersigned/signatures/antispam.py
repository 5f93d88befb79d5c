"""Local anti-spam for the signing forms: honeypot, fill time, rate limits, proof-of-work.

Nothing here calls another site. ``assess_submission`` gives the one verdict on a
submitted signing form, and the view acts on it (docs/security.md):

- honeypot filled → ``DISCARD``: the "check your mail" page, nothing stored;
- form token missing, forged, stale or too fresh → ``RETRY``: the form again, with what
  was typed and a request to send it once more (a person loses nothing);
- the form's own errors → ``INVALID``: the form again, with its errors (not counted
  against any limit);
- more than SIGN_BLOCK_PER_CLIENT signatures from one client in an hour → ``BLOCK``: a
  429 page;
- over SIGN_LIMIT_PER_CLIENT (or SIGN_LIMIT_PER_CLIENT_WITHOUT_POW when the optional
  proof-of-work is on and was not solved, e.g. JavaScript is off), or over
  SIGN_LIMIT_PER_DECLARATION in a minute (when set; off by default) → ``HOLD``:
  accepted, same page as anyone else, but no mail is sent until a moderator releases it;
- otherwise ``ACCEPT``.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import altcha
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from undersigned.core.ratelimit import client_key, hit

logger = logging.getLogger(__name__)

FORM_TOKEN_SALT = "undersigned.antispam.form-started"  # noqa: S105 (a signing salt)
# The form's fields that carry the fill-time token and the proof-of-work solution.
FORM_TOKEN_FIELD = "started"  # noqa: S105 (a field name)
POW_FIELD = "altcha"
POW_ALGORITHM = "PBKDF2/SHA-256"
POW_KEY_PREFIX = "00"  # the derived key's first byte must be zero: ~256 tries on average
POW_LIFETIME = timedelta(minutes=20)


class Verdict(enum.Enum):
    ACCEPT = "accept"
    HOLD = "hold"
    DISCARD = "discard"
    RETRY = "retry"
    INVALID = "invalid"
    BLOCK = "block"


@dataclass(frozen=True)
class Assessment:
    verdict: Verdict
    reason: str = ""


# --- Fill time ------------------------------------------------------------------------


def form_token() -> str:
    """A signed timestamp for a form being shown now."""
    return signing.Signer(salt=FORM_TOKEN_SALT).sign(str(int(time.time())))


def form_token_check(token: str) -> str:
    """ "ok", or why not: "missing", "forged", "stale" or "fast"."""
    if not token:
        return "missing"
    try:
        started = int(signing.Signer(salt=FORM_TOKEN_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return "forged"
    elapsed = time.time() - started
    if elapsed > settings.SIGN_FORM_MAX_AGE_SECONDS:
        return "stale"
    if elapsed < settings.SIGN_MIN_FILL_SECONDS:
        return "fast"
    return "ok"


# --- Proof-of-work (ALTCHA, self-hosted) ------------------------------------------------


def _pow_secret() -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), b"undersigned:altcha", hashlib.sha256).digest()


def pow_challenge() -> dict[str, Any]:
    """A signed challenge for the widget: find a counter whose derived key starts with 00."""
    challenge = altcha.create_challenge(
        POW_ALGORITHM,
        settings.ALTCHA_COST,
        key_prefix=POW_KEY_PREFIX,
        expires_at=datetime.now(UTC) + POW_LIFETIME,
        hmac_secret=_pow_secret(),
    )
    return dict(challenge.to_dict())


def pow_verify(payload: str) -> bool:
    """Whether ``payload`` solves a challenge of ours that has not been used before."""
    if not payload or len(payload) > 4096:
        return False
    try:
        result = altcha.verify_solution(payload, _pow_secret())
    except (ValueError, KeyError, TypeError):
        return False
    if not result.verified:
        return False
    # One challenge, one signature: remember solved challenges until they expire.
    challenge = altcha.Payload.from_base64(payload).challenge
    seen = f"altcha:used:{challenge.signature}"
    return bool(cache.add(seen, 1, timeout=int(POW_LIFETIME.total_seconds()) + 60))


# --- The verdict ------------------------------------------------------------------------


def assess_submission(
    *,
    request: HttpRequest,
    declaration_id: int,
    honeypot_filled: bool,
    form_valid: Callable[[], bool],
) -> Assessment:
    """The verdict on a submitted signing form, in the order the checks must run.

    ``form_valid`` validates the form only once the cheap checks passed; a valid
    submission is then counted against the rate limits (an invalid one is not: a person
    correcting a typo must not be held).
    """
    if honeypot_filled:
        return Assessment(Verdict.DISCARD, "honeypot")
    timing = form_token_check(str(request.POST.get(FORM_TOKEN_FIELD, "")))
    if timing != "ok":
        return Assessment(Verdict.RETRY, timing)
    if not form_valid():
        return Assessment(Verdict.INVALID, "form")
    return assess_rate(
        request=request,
        declaration_id=declaration_id,
        pow_payload=str(request.POST.get(POW_FIELD, "")),
    )


# --- Rate limits ------------------------------------------------------------------------


def assess_rate(*, request: HttpRequest, declaration_id: int, pow_payload: str) -> Assessment:
    """Count a valid submission against the limits and say what to do with it."""
    client = client_key(request)
    count = hit(scope="sign-client", key=client, window=3600)
    if count > settings.SIGN_BLOCK_PER_CLIENT:
        return Assessment(Verdict.BLOCK, "client-block")
    limit = settings.SIGN_LIMIT_PER_CLIENT
    if settings.ALTCHA_ENABLED and not pow_verify(pow_payload):
        limit = min(limit, settings.SIGN_LIMIT_PER_CLIENT_WITHOUT_POW)
    if count > limit:
        return Assessment(Verdict.HOLD, "client")
    # 0 (the default) switches the surge guard off: a viral declaration's signers are
    # many clients, each under its own limits (docs/security.md).
    surge_limit = settings.SIGN_LIMIT_PER_DECLARATION
    if surge_limit > 0:
        surge = hit(scope="sign-declaration", key=str(declaration_id), window=60)
        if surge > surge_limit:
            return Assessment(Verdict.HOLD, "declaration")
    return Assessment(Verdict.ACCEPT)

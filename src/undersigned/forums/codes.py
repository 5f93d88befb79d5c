"""Participation codes: short, typeable, printed on paper; kept only as keyed hashes.

A code is ten characters of Crockford's base32 (no I, L, O or U: nothing to misread),
printed in groups (``7KQ4-M2XD-9B``) and accepted with or without the dashes, in any
case. The database holds an HMAC of the forum and the normalized code under a key
derived from SECRET_KEY, so a copy of the database cannot be used to support, and
the codes cannot be recovered from it: an organizer prints them when they are issued,
and never again.
"""

from __future__ import annotations

import hmac
import secrets
from hashlib import sha256

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10  # 50 bits: guessing one of a forum's codes is hopeless at any rate limit
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def code_new() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_display(code: str) -> str:
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def code_normalize(typed: str) -> str:
    return "".join(ch for ch in typed.upper().translate(_READ_AS) if ch in ALPHABET)


def code_hash(*, forum_id: int, code: str) -> str:
    key = hmac.new(settings.SECRET_KEY.encode(), b"undersigned:forum-code", sha256).digest()
    message = f"{forum_id}\x00{code_normalize(code)}".encode()
    return hmac.new(key, message, sha256).hexdigest()

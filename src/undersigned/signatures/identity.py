"""Keyed hashes and private links: how a signer is recognised without keeping who they are.

- ``normalize_email`` folds the spellings of one mailbox together (case, surrounding
  space, ``+tags``, Gmail's ignored dots), so a second signature with a variant is caught.
- ``signer_hash`` is an HMAC of that normal form under a key derived from SECRET_KEY:
  the database holds no address, and without the key the hash cannot be tested
  against a list of addresses.
- ``link_token`` makes the confirmation and withdrawal links from the signature's
  public id and a random nonce, also under the key: the database does not hold the
  links, so a leaked copy cannot be used to confirm or withdraw, yet the same link
  can be mailed again.
"""

from __future__ import annotations

import hmac
from hashlib import sha256
from typing import Literal

from django.conf import settings
from django.utils.crypto import constant_time_compare

GMAIL_DOMAINS = frozenset({"gmail.com", "googlemail.com"})

LinkPurpose = Literal["confirm", "withdraw"]


def normalize_email(address: str) -> str:
    address = address.strip().lower()
    local, _, domain = address.rpartition("@")
    if not local:
        return address
    local = local.split("+", 1)[0]
    if domain in GMAIL_DOMAINS:
        local = local.replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


def _key(purpose: str) -> bytes:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"undersigned:{purpose}".encode(), sha256
    ).digest()


def signer_hash(*, email: str, declaration_id: int, extra: str = "") -> str:
    message = f"{declaration_id}\x00{normalize_email(email)}\x00{extra}".encode()
    return hmac.new(_key("signer"), message, sha256).hexdigest()


def link_token(*, public_id: str, nonce: str, purpose: LinkPurpose) -> str:
    message = f"{purpose}\x00{public_id}\x00{nonce}".encode()
    return hmac.new(_key("link"), message, sha256).hexdigest()[:40]


def link_token_valid(*, public_id: str, nonce: str, purpose: LinkPurpose, token: str) -> bool:
    return constant_time_compare(
        link_token(public_id=public_id, nonce=nonce, purpose=purpose), token
    )

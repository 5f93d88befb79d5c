"""The cryptography of sealed contacts: key files, sealing and opening.

A declaration's organizers own an X25519 key pair. The server holds only the public key
and seals each signer's contact answers with it (libsodium sealed boxes): an anonymous
sender, so even the server cannot open what it sealed a moment ago. The private key
lives in a file on an organizer's machine, encrypted with a passphrase (Argon2id
derives the key of a secret box), and is used only by ``undersigned contacts export``.

Sealed answers are padded to a multiple of ``PAD_BLOCK`` bytes before sealing, so the
length of a ciphertext does not tell who gave a phone number and who did not.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal

import nacl.exceptions
import nacl.pwhash.argon2id as argon2id
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox

KEY_FILE_FORMAT = "undersigned-contact-key/1"
PUBLIC_KEY_PREFIX = "undersigned-contact-public-key/1"
PAD_BLOCK = 512

Strength = Literal["interactive", "moderate", "sensitive"]
# Argon2id costs by name: (operations, memory in bytes). "moderate" takes about a
# second and 256 MiB; "interactive" (64 MiB) is for tests and slow machines.
STRENGTHS: dict[str, tuple[int, int]] = {
    "interactive": (argon2id.OPSLIMIT_INTERACTIVE, argon2id.MEMLIMIT_INTERACTIVE),
    "moderate": (argon2id.OPSLIMIT_MODERATE, argon2id.MEMLIMIT_MODERATE),
    "sensitive": (argon2id.OPSLIMIT_SENSITIVE, argon2id.MEMLIMIT_SENSITIVE),
}


class KeyFileError(Exception):
    """A key file or public key that cannot be read, or a wrong passphrase."""


class SealError(Exception):
    """A ciphertext that does not open with the given key."""


@dataclass(frozen=True)
class KeyPair:
    private_file: str  # the content of FILE: JSON, the private key under the passphrase
    public_file: str  # the content of FILE.pub


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, *, length: int | None = None) -> bytes:
    try:
        data = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyFileError("not valid base64") from None
    if length is not None and len(data) != length:
        raise KeyFileError(f"expected {length} bytes, got {len(data)}")
    return data


def key_id(public_key: bytes) -> str:
    """A short fingerprint of a public key: tells which key sealed a contact."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def _secret_key(passphrase: bytes, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    return argon2id.kdf(SecretBox.KEY_SIZE, passphrase, salt, opslimit=opslimit, memlimit=memlimit)


def key_pair_generate(*, passphrase: str, strength: Strength = "moderate") -> KeyPair:
    """A new key pair: the private key sealed under the passphrase, and the public key."""
    if not passphrase:
        raise KeyFileError("the passphrase must not be empty")
    private = PrivateKey.generate()
    public = bytes(private.public_key)
    opslimit, memlimit = STRENGTHS[strength]
    salt = nacl.utils.random(argon2id.SALTBYTES)
    box = SecretBox(_secret_key(passphrase.encode(), salt, opslimit, memlimit))
    document = {
        "format": KEY_FILE_FORMAT,
        "key_id": key_id(public),
        "public_key": _b64(public),
        "kdf": "argon2id",
        "opslimit": opslimit,
        "memlimit": memlimit,
        "salt": _b64(salt),
        # SecretBox.encrypt prepends its random nonce to the ciphertext.
        "private_key": _b64(bytes(box.encrypt(bytes(private)))),
    }
    public_file = f"{PUBLIC_KEY_PREFIX} {_b64(public)} {key_id(public)}\n"
    return KeyPair(private_file=json.dumps(document, indent=2) + "\n", public_file=public_file)


def private_key_load(text: str, *, passphrase: str) -> PrivateKey:
    """Open a private key file; raises KeyFileError on a damaged file or a wrong passphrase."""
    try:
        document = json.loads(text)
        if document.get("format") != KEY_FILE_FORMAT or document.get("kdf") != "argon2id":
            raise KeyFileError("not an undersigned private key file")
        salt = _unb64(document["salt"], length=argon2id.SALTBYTES)
        sealed = _unb64(document["private_key"])
        opslimit, memlimit = int(document["opslimit"]), int(document["memlimit"])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise KeyFileError("not an undersigned private key file") from None
    box = SecretBox(_secret_key(passphrase.encode(), salt, opslimit, memlimit))
    try:
        private = PrivateKey(box.decrypt(sealed))
    except nacl.exceptions.CryptoError:
        raise KeyFileError("wrong passphrase, or the key file is damaged") from None
    if key_id(bytes(private.public_key)) != document.get("key_id"):
        raise KeyFileError("the key file is damaged")
    return private


def public_key_parse(text: str) -> bytes:
    """The 32 bytes of a public key, from a FILE.pub line or bare base64."""
    parts = text.strip().split()
    if parts and parts[0] == PUBLIC_KEY_PREFIX:
        parts = parts[1:]
    if not parts:
        raise KeyFileError("no public key given")
    public = _unb64(parts[0], length=PublicKey.SIZE)
    if len(parts) > 1 and parts[1] != key_id(public):
        raise KeyFileError("the public key does not match its fingerprint")
    return public


def public_key_encode(public: bytes) -> str:
    return _b64(public)


def seal(*, public_key: str, answers: dict[str, Any]) -> bytes:
    """Seal answers (JSON) for the holder of the private key of ``public_key`` (base64)."""
    plain = json.dumps(answers, ensure_ascii=False, separators=(",", ":")).encode()
    # Padding: a 0x80 marker, then zeros up to the block boundary (ISO/IEC 7816-4).
    padded = plain + b"\x80" + b"\x00" * (-(len(plain) + 1) % PAD_BLOCK)
    return bytes(SealedBox(PublicKey(_unb64(public_key, length=PublicKey.SIZE))).encrypt(padded))


def unseal(*, private_key: PrivateKey, ciphertext: bytes) -> dict[str, Any]:
    try:
        padded = SealedBox(private_key).decrypt(ciphertext)
    except nacl.exceptions.CryptoError:
        raise SealError("the ciphertext does not open with this key") from None
    plain = padded.rstrip(b"\x00")
    if not plain.endswith(b"\x80"):
        raise SealError("bad padding")
    answers = json.loads(plain[:-1].decode())
    if not isinstance(answers, dict):
        raise SealError("not a contact")
    return answers

"""Crypto-shredding: a value the database must not keep, stored only as ciphertext under a
key of its own that lives outside the database and is destroyed when the value's use ends.

Deleting a value from a database does not remove it from the database's files: SQLite's
write-ahead log, PostgreSQL's WAL and dead row versions, and every backup keep the old
bytes. So a signer's address never reaches the database in plain text: ``shred_seal``
makes a fresh random key, writes it to a file of its own under ``ADDRESS_KEYS_DIR``
(outside the database, never in a backup of it) and returns the sealed value, the only
thing stored. ``shred_open`` reads it back while its key exists; ``shred_destroy``
overwrites and deletes the key, after which every copy of the ciphertext, wherever it
lingers, is noise. ``shred_sweep`` destroys keys older than their longest use, so a key
whose row is gone (a crash between writing the key and committing) does not stay.

A key that lives a few seconds (the usual case: the mail goes out at once) is created
and deleted in the page cache without being written to disk; one that lived longer is
overwritten with zeros and flushed before it is unlinked. On a journaling, copy-on-write
or flash file system an overwrite is not guaranteed to reach the old blocks, which is
why the key directory belongs on a tmpfs (docs/security.md#address-storage).

The sealed form is ``k1:<key id>:<nonce and ciphertext, base64url>`` (XSalsa20-Poly1305,
libsodium's secretbox): a value that has been tampered with, or whose key is gone, opens
to ``None``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import logging
import os
import re
import secrets
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from nacl.exceptions import CryptoError
from nacl.secret import SecretBox

logger = logging.getLogger(__name__)

PREFIX = "k1"
# A key older than this when destroyed has probably been written back to disk: it is
# overwritten and flushed before it goes (younger ones never left the page cache).
FLUSH_AFTER_SECONDS = 5.0
_KEY_ID = re.compile(r"[0-9a-f]{32}")
# A new key file: never one that exists, never through a symbolic link.
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def keys_dir() -> Path:
    return Path(settings.ADDRESS_KEYS_DIR)


def _write_key(key_id: str, key: bytes) -> None:
    # A plain string path: the key is written on every signature, and building a Path
    # for it cost more than the system call.
    directory = str(settings.ADDRESS_KEYS_DIR)
    path = f"{directory}{os.sep}{key_id}"
    try:
        fd = os.open(path, _CREATE_FLAGS, 0o600)
    except FileNotFoundError:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        fd = os.open(path, _CREATE_FLAGS, 0o600)
    try:
        os.write(fd, key)
    finally:
        os.close(fd)


def shred_seal(value: str) -> str:
    """Seal ``value`` under a new key of its own, written to the key directory."""
    key = secrets.token_bytes(SecretBox.KEY_SIZE)
    key_id = secrets.token_hex(16)
    _write_key(key_id, key)
    box = SecretBox(key).encrypt(value.encode())
    return f"{PREFIX}:{key_id}:{base64.urlsafe_b64encode(bytes(box)).decode()}"


def _parse(sealed: str) -> tuple[str, bytes] | None:
    prefix, _, rest = sealed.partition(":")
    key_id, _, payload = rest.partition(":")
    if prefix != PREFIX or not _KEY_ID.fullmatch(key_id):
        return None
    try:
        return key_id, base64.urlsafe_b64decode(payload.encode())
    except (binascii.Error, ValueError):
        return None


def shred_key_id(sealed: str) -> str | None:
    """The id of the key a sealed value needs (its file's name), or None."""
    parsed = _parse(sealed)
    return parsed[0] if parsed else None


def shred_open(sealed: str) -> str | None:
    """The value, or None when its key is gone (destroyed, swept) or it is not ours."""
    parsed = _parse(sealed)
    if parsed is None:
        return None
    key_id, payload = parsed
    try:
        key = (keys_dir() / key_id).read_bytes()
    except OSError:
        return None
    if len(key) != SecretBox.KEY_SIZE:
        return None
    try:
        return SecretBox(key).decrypt(payload).decode()
    except (CryptoError, UnicodeDecodeError):
        return None


def _destroy_file(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return False
    try:
        stat = os.fstat(fd)
        os.pwrite(fd, b"\0" * max(stat.st_size, SecretBox.KEY_SIZE), 0)
        if time.time() - stat.st_mtime > FLUSH_AFTER_SECONDS:
            os.fdatasync(fd)
    finally:
        os.close(fd)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return True


def shred_destroy(sealed: str) -> bool:
    """Destroy the key of a sealed value: every copy of it becomes unreadable. Returns
    whether there was a key to destroy."""
    key_id = shred_key_id(sealed)
    if key_id is None:
        return False
    return _destroy_file(keys_dir() / key_id)


def shred_sweep(*, older_than: timedelta) -> int:
    """Destroy every key older than ``older_than``; returns how many."""
    directory = keys_dir()
    if not directory.is_dir():
        return 0
    cutoff = time.time() - older_than.total_seconds()
    destroyed = 0
    for path in directory.iterdir():
        if not _KEY_ID.fullmatch(path.name):
            continue
        try:
            old = path.stat().st_mtime < cutoff
        except FileNotFoundError:
            continue
        if old and _destroy_file(path):
            destroyed += 1
    if destroyed:
        logger.info("shredding: %s expired keys destroyed", destroyed)
    return destroyed

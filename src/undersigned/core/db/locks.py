"""PostgreSQL advisory locks, with every namespace named in one place.

A transaction-scoped advisory lock (``pg_advisory_xact_lock``) makes writers of the same
thing queue without updating a shared row, and is released when the transaction ends.
Each use has its own namespace (the lock's first key); the second key says which one of
the things it guards (a declaration's id, a job's name).

On SQLite none is needed: write transactions run one at a time (``BEGIN IMMEDIATE``,
settings.py), so a writer inside one already holds the whole database; the functions
return at once.
"""

from __future__ import annotations

import enum
import zlib

from django.db import connections


class Namespace(enum.IntEnum):
    # Numbering a declaration's list: positions are gapless and given in publishing
    # order (key: the declaration's id).
    POSITIONS = 7_201
    # One counter fold at a time (key: 0).
    COUNTER_FOLD = 7_202
    # Enqueueing one periodic job (key: ``name_key`` of the job's name).
    SCHEDULE = 7_203


def name_key(name: str) -> int:
    """A lock key for a name: a stable 31-bit hash (advisory lock keys are integers)."""
    return zlib.crc32(name.encode()) & 0x7FFFFFFF


def _locks(using: str) -> bool:
    return connections[using].vendor == "postgresql"


def advisory_lock(namespace: Namespace, key: int, *, using: str = "default") -> None:
    """Wait for the lock ``(namespace, key)``; held until the transaction ends."""
    if not _locks(using):
        return
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [int(namespace), key])


def try_advisory_lock(namespace: Namespace, key: int, *, using: str = "default") -> bool:
    """Take the lock ``(namespace, key)`` if nobody holds it; whether it was taken."""
    if not _locks(using):
        return True
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [int(namespace), key])
        row = cursor.fetchone()
    return bool(row and row[0])

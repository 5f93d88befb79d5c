"""Django's SQLite backend, with writers queued on a lock file instead of sleeping.

SQLite lets one transaction write at a time (``BEGIN IMMEDIATE``, settings.py). A
writer that finds the lock taken is put to sleep by SQLite's busy handler for 1, 2, 5,
10, 15, 20, 25… ms between tries, whatever the holder needs: with the server's
processes and the workers writing at once, sign POSTs waited tens of milliseconds for a
lock held a fraction of one, and p99 went to hundreds (docs/benchmarks.md).

So before ``BEGIN IMMEDIATE`` a connection takes an advisory lock (``flock``) on a file
beside the database, ``<database>-writers``, and holds it until its transaction ends:
the next writer of any process gets it within 20 to 200 µs of its release (it polls: a
blocking lock could not give up after the timeout). The lock
file decides only who goes next; SQLite's own locking still guards the data, and after
the connection's ``timeout`` a writer goes on to ``BEGIN IMMEDIATE`` without it (where
SQLite's busy handler takes over), so a transaction left open cannot hang the others
for longer than it could before. Writes outside transactions (autocommit) are
unaffected.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from typing import Any

from django.db.backends.sqlite3 import base

# Sleeps between tries of a taken lock: from 20 µs, doubling, at most 0.2 ms (a
# waiter wakes soon after the release, and polls cost a few µs each).
FIRST_WAIT = 0.000_02
LONGEST_WAIT = 0.000_2


class DatabaseWrapper(base.DatabaseWrapper):
    _writers_fd: int | None = None
    _writers_locked = False

    def _writers_lock(self) -> None:
        if self.is_in_memory_db():
            return
        if self._writers_fd is None:
            path = f"{self.settings_dict['NAME']}-writers"
            self._writers_fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        deadline = time.monotonic() + float(self.settings_dict["OPTIONS"].get("timeout", 5))
        wait = FIRST_WAIT
        while True:
            try:
                fcntl.flock(self._writers_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return  # SQLite's own busy handling decides from here
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)
            else:
                self._writers_locked = True
                return

    def _writers_unlock(self) -> None:
        if self._writers_locked and self._writers_fd is not None:
            self._writers_locked = False
            fcntl.flock(self._writers_fd, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self) -> None:
        self._writers_lock()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._writers_unlock()
            raise

    def _set_autocommit(self, autocommit: bool) -> None:
        # Back to autocommit: the outermost atomic block has committed or rolled back.
        try:
            super()._set_autocommit(autocommit)  # type: ignore[misc]
        finally:
            if autocommit:
                self._writers_unlock()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]
        finally:
            self._writers_unlock()
            if self._writers_fd is not None:
                fd, self._writers_fd = self._writers_fd, None
                with contextlib.suppress(OSError):
                    os.close(fd)

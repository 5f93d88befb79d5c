"""No signer's address in the database server's log, nor in any file of the database,
nor recoverable once its mail is sent (issue 17, points 1 and 2), on SQLite and
PostgreSQL.

- PostgreSQL logs every failed statement with its values (``log_min_error_statement``):
  repeated signatures used to fail on the unique index and leave the plain address in
  the server's log. The test signs again and again with one address and reads the log
  the server really writes (the file its standard error goes to, or the logging
  collector's current file), with a failing statement of its own as proof the log is
  the right one.
- The address is stored only sealed under a key of its own outside the database
  (core/shredding.py). The test reads every file of the database (SQLite: the database,
  its WAL and everything else under the var directory; PostgreSQL: the whole data
  directory after a CHECKPOINT, WAL included) while the mail waits and after it is
  sent, and finds the address in none; after the mail its key is gone, so the sealed
  value, wherever a copy lingers, opens to nothing.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import DataError

from undersigned.core.shredding import keys_dir, shred_key_id, shred_open
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.models import Signature
from undersigned.signatures.tests.helpers import organization_data, person_data, sign
from undersigned.testing import skip_or_fail

pytestmark = pytest.mark.django_db(transaction=True)


def _address() -> str:
    # Unique per run: the PostgreSQL files are shared with other databases and runs.
    return f"shred.{secrets.token_hex(6)}@example.org"


def _postgres_superuser() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (run with DATABASE_URL=postgres://…)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            skip_or_fail("reading PostgreSQL's log and files needs a superuser")


def _setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return str(cursor.fetchone()[0])


def _server_log() -> Path:
    """The file PostgreSQL writes its log to here."""
    data = Path(_setting("data_directory"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_logfile()")
        current = cursor.fetchone()[0]
    if current:  # the logging collector
        path = Path(current)
        return path if path.is_absolute() else data / path
    # Without the collector the server logs to its standard error: wherever the
    # postmaster's stderr points (Debian's pg_ctlcluster: /var/log/postgresql/…).
    try:
        pid = (data / "postmaster.pid").read_text().split()[0]
        target = Path(os.readlink(f"/proc/{pid}/fd/2"))
    except OSError as error:
        skip_or_fail(f"cannot find PostgreSQL's log on this machine ({error})")
    if not target.is_file():
        skip_or_fail(f"PostgreSQL logs to {target}, which is not a file this test can read")
    return target


def _log_since(path: Path, offset: int, *, until: str, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        with path.open("rb") as log:
            log.seek(offset)
            text = log.read().decode(errors="replace")
        if until in text or time.monotonic() > deadline:
            return text
        time.sleep(0.1)


def test_repeated_signatures_leave_no_address_in_postgresqls_log(client, smtp, run_tasks):
    _postgres_superuser()
    # The server's default; set here so the proof holds whatever this server was given.
    with connection.cursor() as cursor:
        cursor.execute("SET log_min_error_statement = 'error'")
    if _setting("log_statement") in ("mod", "all"):
        skip_or_fail("this PostgreSQL logs every statement (log_statement): not this test's case")
    log = _server_log()
    offset = log.stat().st_size
    person, secretary = _address(), _address()
    declaration = DeclarationFactory()

    for _ in range(4):
        assert sign(client, declaration.slug, person_data(email=person)).status_code == 302
        org = organization_data(email=secretary, signer_name="Secretary Quokka")
        assert sign(client, declaration.slug, org, organization=True).status_code == 302
        run_tasks()
        Signature.objects.update(mail_sent_at=None)  # due again: the repeats resend
    assert Signature.objects.count() == 2
    assert len(smtp.messages) >= 4

    # A failing statement of the test's own: it must appear, or this is not the log.
    marker = f"marker-{secrets.token_hex(6)}"
    with pytest.raises(DataError), connection.cursor() as cursor:
        cursor.execute(f"SELECT '{marker}'::integer")
    text = _log_since(log, offset, until=marker)
    assert marker in text, f"the test's own failed statement is not in {log}"
    assert person not in text
    assert secretary not in text
    assert "Secretary Quokka" not in text


def _files(root: Path) -> list[Path]:
    return [Path(d) / name for d, _dirs, names in os.walk(root) for name in names]


def _holding(needle: bytes, roots: list[Path]) -> list[str]:
    found = []
    for root in roots:
        for path in _files(root):
            try:
                if needle in path.read_bytes():
                    found.append(str(path))
            except OSError:  # a file that went away while walking (temporary, socket)
                continue
    return found


def _database_roots() -> list[Path]:
    if connection.vendor == "sqlite":
        # The database, its -wal and -shm, the key directory and all else there.
        return [Path(settings.VAR_DIR), Path(connection.settings_dict["NAME"]).parent]
    _postgres_superuser()
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")  # dirty pages into the heap files
    data = Path(_setting("data_directory"))
    if not os.access(data, os.R_OK | os.X_OK):
        skip_or_fail(f"PostgreSQL's data directory {data} is not readable here")
    return [data, Path(settings.VAR_DIR)]


def test_no_file_of_the_database_holds_an_address_and_none_can_give_it_back(
    client, smtp, run_tasks
):
    if connection.vendor not in ("sqlite", "postgresql"):
        pytest.skip("SQLite and PostgreSQL only")
    declaration = DeclarationFactory()
    address = _address()
    keys_before = set(keys_dir().iterdir())
    assert sign(client, declaration.slug, person_data(email=address)).status_code == 302
    assert sign(client, declaration.slug, person_data(email=address)).status_code == 302
    sealed = Signature.objects.get().sealed_email
    assert shred_open(sealed) == address  # waiting for its mail: sealed, not gone
    key = keys_dir() / str(shred_key_id(sealed))
    assert key.is_file()
    assert not _holding(address.encode(), _database_roots())

    run_tasks()

    assert [m["To"] for m in smtp.messages] == [address]
    assert Signature.objects.get().sealed_email == ""
    assert not key.exists()
    assert shred_open(sealed) is None  # every copy of the sealed value is noise now
    assert not _holding(address.encode(), _database_roots())
    assert set(keys_dir().iterdir()) == keys_before  # the repeat's key went at once, too

"""The embedded database is set up for safe concurrent use and real deletion."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_secure_delete():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only; this run is on " + connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1

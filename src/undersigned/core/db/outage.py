"""What a database outage looks like from the code: the one test the worker, the error
pages and the signing form share."""

from __future__ import annotations

from django.db.utils import InterfaceError, OperationalError

# The errors a database that cannot be reached raises (a restart, a failover, the
# network, a connection the server closed); for catching them.
OUTAGE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` says the database cannot be reached, not that a statement was
    wrong. SQLite's "database is locked" is left to its own retry (core/db/sqlite)."""
    if not isinstance(error, OUTAGE_ERRORS):
        return False
    message = error.args[0] if error.args else ""
    return not (isinstance(message, str) and "is locked" in message.lower())

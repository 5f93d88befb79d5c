"""What a database outage looks like from the code: the one test the worker, the error
pages and the signing form share."""

from __future__ import annotations

import re

from django.db.utils import InterfaceError, OperationalError

# The errors a database that cannot be reached raises (a restart, a failover, the
# network, a connection the server closed); for catching them.
OUTAGE_ERRORS = (OperationalError, InterfaceError)


# SQLite raises OperationalError for a wrong statement or schema too; those are bugs
# (or a database not migrated), not an outage. "database is locked" is left to its own
# retry (core/db/sqlite).
NOT_AN_OUTAGE = re.compile(r"is locked|no such (table|column)|has no column|syntax error")


def database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` says the database cannot be reached, not that a statement was
    wrong."""
    if not isinstance(error, OUTAGE_ERRORS):
        return False
    message = error.args[0] if error.args else ""
    return not (isinstance(message, str) and NOT_AN_OUTAGE.search(message.lower()))

"""Log records that cannot carry personal data: a redacting filter and a JSON formatter.

The code logs ids and counts, never an address, a name, an IP, a token or a phone
number (a test captures every record of the whole signing flow to prove it). The
``RedactingFilter`` on the handler is the second guard, for what a library might log:
it masks email addresses, IPv4 and IPv6 addresses, private link tokens and
phone-number-like digit runs in the message and its arguments, and the host names the
site is configured with (its database's and mail relay's), which an error message names.

Nothing reaches standard error around them: ``ConsoleHandler`` writes the formatted
records to the process's real standard error, and ``route_output()`` (called by
``undersigned serve``, its granian processes and ``undersigned worker``) turns whatever
else would be printed there — an uncaught exception's traceback, in any thread, a
warning, a library's ``print(file=sys.stderr)`` — into records of the same formatter and
filter.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import sys
import threading
import urllib.parse
from collections.abc import Iterable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TextIO

REDACTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Private links first: their tokens are long hex runs.
    (re.compile(r"/s/[\w-]+/(confirm|withdraw)/\w+/?"), r"/s/[redacted]/\1/[redacted]/"),
    # Team invitation links: the token (URL-safe base64) is the credential.
    (re.compile(r"/invitations/[\w-]+/?"), "/invitations/[redacted]/"),
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[email]"),
    (re.compile(r"\b[0-9a-fA-F]{32,}\b"), "[token]"),
    (
        re.compile(
            r"(?<![\w:.])(?:[0-9a-fA-F]{1,4}:){2,7}(?::|[0-9a-fA-F]{1,4}|:[0-9a-fA-F]{1,4})*"
            r"(?![\w:])"
        ),
        "[ip]",
    ),
    (re.compile(r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b"), "[ip]"),
    (re.compile(r"(?<![\w.])\+?\d[\d ()./-]{6,}\d"), "[phone]"),
)


def redact(text: str, hosts: re.Pattern[str] | None = None) -> str:
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    if hosts is not None:
        text = hosts.sub("[host]", text)
    return text


def _host_pattern(hosts: Iterable[str]) -> re.Pattern[str] | None:
    names = sorted({host.strip().lower() for host in hosts if host and host.strip()}, key=len)
    if not names:
        return None
    alternatives = "|".join(re.escape(name) for name in reversed(names))
    return re.compile(rf"(?<![\w.-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


class RedactingFilter(logging.Filter):
    """Masks personal data in a record's final message (the record still passes), and
    the ``hosts`` it is given (settings.py passes the database's and the mail relay's)."""

    def __init__(self, hosts: Iterable[str] = ()) -> None:
        super().__init__()
        self.hosts = _host_pattern(hosts)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = redact(message, self.hosts)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.hosts)
        return True


class RoutineTaskFilter(logging.Filter):
    """Drops the task runner's INFO lines ("Task … state=RUNNING/SUCCESSFUL") of the
    routine tasks named in ``paths``: the counter job runs every few seconds, and its
    lines would bury everything else on the console. Failures (WARNING and above) pass."""

    def __init__(self, paths: list[str] | tuple[str, ...] = ()) -> None:
        super().__init__()
        self.paths = tuple(f"path={path} " for path in paths)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING or not self.paths:
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        return not any(path in message for path in self.paths)


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (and the exception)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


class ConsoleHandler(logging.StreamHandler[TextIO]):
    """Writes records to the process's real standard error, never through
    ``sys.stderr``: ``route_output()`` makes that a stream that logs what it is given."""

    def __init__(self) -> None:
        super().__init__(sys.__stderr__)


# What was printed to standard error by anything but the log handlers is logged here.
STDERR_LOGGER = "stderr"
CRASH_LOGGER = "undersigned.crash"


_writing = threading.local()


class LoggingStream(io.TextIOBase):
    """A text stream that logs each line written to it as one record (of
    ``STDERR_LOGGER``), so that it is formatted and redacted like any other."""

    def __init__(self, level: int = logging.WARNING) -> None:
        super().__init__()
        self.level = level
        self._buffer = ""
        self._lock = threading.Lock()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if getattr(_writing, "active", False):
            # Written while logging a line: logging's own complaint about a handler,
            # or its last resort before it is configured. Straight out, redacted.
            if sys.__stderr__ is not None:
                sys.__stderr__.write(redact(text))
            return len(text)
        with self._lock:
            self._buffer += text
            *lines, self._buffer = self._buffer.split("\n")
        for line in lines:
            self._log(line)
        return len(text)

    def flush(self) -> None:
        with self._lock:
            line, self._buffer = self._buffer, ""
        self._log(line)

    def _log(self, line: str) -> None:
        if not line.strip():
            return
        _writing.active = True
        try:
            logging.getLogger(STDERR_LOGGER).log(self.level, "%s", line.rstrip())
        finally:
            _writing.active = False

    @property
    def encoding(self) -> str:  # type: ignore[override]  # read-only on TextIOBase
        return "utf-8"


def _log_uncaught(
    kind: type[BaseException], error: BaseException, traceback: TracebackType | None
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, traceback)
        return
    logging.getLogger(CRASH_LOGGER).critical(
        "uncaught %s", kind.__name__, exc_info=(kind, error, traceback)
    )


def _log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    name = args.thread.name if args.thread is not None else "a thread"
    logging.getLogger(CRASH_LOGGER).critical(
        "uncaught %s in %s",
        args.exc_type.__name__,
        name,
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
    )


def route_output() -> None:
    """Send everything this process would print to standard error through logging:
    uncaught exceptions (of the main thread and of any other) as one record each with
    their traceback, warnings, and any other line written to ``sys.stderr``. The
    handlers (``ConsoleHandler``) write to the real standard error. Forked children
    (granian's workers) inherit it."""
    if isinstance(sys.stderr, LoggingStream):
        return
    if not logging.getLogger().handlers:
        _provisional_handler()
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread
    logging.captureWarnings(True)
    sys.stderr = LoggingStream()


def _provisional_handler() -> None:
    """Until Django configures logging (settings.LOGGING), what is printed is formatted
    and redacted all the same, by the same rules read from the environment."""
    environ = os.environ
    production = environ.get("UNDERSIGNED_ENV", "production") == "production"
    json_format = environ.get("LOG_FORMAT", "json" if production else "plain") == "json"
    database = urllib.parse.urlsplit(environ.get("DATABASE_URL", "")).hostname or ""
    handler = ConsoleHandler()
    handler.setFormatter(
        JSONFormatter()
        if json_format
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    )
    handler.addFilter(RedactingFilter(hosts=[database, environ.get("EMAIL_HOST", "")]))
    logging.getLogger().addHandler(handler)

"""Log records that cannot carry personal data: a redacting filter and a JSON formatter.

The code logs ids and counts, never an address, a name, an IP, a token or a phone
number (a test captures every record of the whole signing flow to prove it). The
``RedactingFilter`` on the handler is the second guard, for what a library might log:
it masks email addresses, IPv4 and IPv6 addresses, private link tokens and
phone-number-like digit runs in the message and its arguments.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

REDACTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Private links first: their tokens are long hex runs.
    (re.compile(r"/s/[\w-]+/(confirm|withdraw)/\w+/?"), r"/s/[redacted]/\1/[redacted]/"),
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


def redact(text: str) -> str:
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Masks personal data in a record's final message (the record still passes)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
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

"""``undersigned serve``: the production web server (granian, WSGI).

granian was measured against gunicorn on this project's pages (docs/benchmarks.md):
it serves GETs faster thanks to keep-alive and matches it on POSTs.

A worker process that dies (killed, out of memory) is started again by granian
(``--respawn-failed-workers``) while the others go on serving; before, granian shut the
whole server down. Everything granian and its workers write goes through the site's
logging, formatted and redacted (``core/serving.py``, ``core/logging.py``).
"""

from __future__ import annotations

import copy
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

logger = logging.getLogger(__name__)

# Seconds granian waits before starting a worker again in place of one that died.
RESPAWN_INTERVAL = 1.0
# granian's own loggers: its server's lines and the access log (off: it names visitors).
GRANIAN_LOGGERS = ("_granian", "granian.access")


def granian_log_config() -> dict[str, Any]:
    """The site's logging (settings.LOGGING), granian's loggers sent to its handler."""
    config: dict[str, Any] = copy.deepcopy(settings.LOGGING)
    loggers: dict[str, Any] = config.setdefault("loggers", {})
    for name in GRANIAN_LOGGERS:
        loggers[name] = {"handlers": ["console"], "level": "INFO", "propagate": False}
    return config


def write_log_config(directory: Path) -> Path:
    path = directory / "granian-logging.json"
    directory.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(granian_log_config(), indent=1))
    return path


class Command(BaseCommand):
    help = "Serve the site with granian (WSGI): the server a deployment runs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
        )
        parser.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
        parser.add_argument(
            "--workers", type=int, default=1, help="worker processes (default: %(default)s)"
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help="blocking threads per worker (default: 1 on SQLite, 4 on PostgreSQL)",
        )

    def handle(
        self, *args: Any, host: str, port: int, workers: int, threads: int | None, **options: Any
    ) -> None:
        sqlite = connection.vendor == "sqlite"
        if threads is None:
            # One SQLite writer at a time: more threads only queue on its lock and
            # stretch the tail latency.
            threads = 1 if sqlite else 4
        log_config = write_log_config(Path(settings.VAR_DIR))
        argv = [
            sys.executable, "-m", "undersigned.core.serving",
            "--interface", "wsgi",
            "--host", host, "--port", str(port),
            "--workers", str(workers),
            "--blocking-threads", str(threads),
            "--no-ws",
            "--respawn-failed-workers", "--respawn-interval", str(RESPAWN_INTERVAL),
            "--log-config", str(log_config),
            "--log-level", settings.LOG_LEVEL.lower(),
            "undersigned.wsgi:application",
        ]  # fmt: skip
        logger.info("Serving on http://%s:%s/ with %s worker(s)", host, port, workers)
        os.execv(sys.executable, argv)  # noqa: S606 (our interpreter, our arguments)

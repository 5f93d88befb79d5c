"""``undersigned serve``: the production web server (granian, WSGI).

granian was measured against gunicorn on this project's pages (docs/benchmarks.md):
it serves GETs faster thanks to keep-alive and matches it on POSTs.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection


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
        argv = [
            sys.executable, "-m", "granian",
            "--interface", "wsgi",
            "--host", host, "--port", str(port),
            "--workers", str(workers),
            "--blocking-threads", str(threads),
            "--no-ws",
            "undersigned.wsgi:application",
        ]  # fmt: skip
        self.stdout.write(f"Serving on http://{host}:{port}/ with {workers} worker(s)")
        os.execv(sys.executable, argv)  # noqa: S606 (our interpreter, our arguments)

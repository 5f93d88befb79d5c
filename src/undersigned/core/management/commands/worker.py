"""``undersigned worker``: runs queued tasks (mail) from the database queue.

Several may run at once: each takes tasks with ``SELECT … FOR UPDATE SKIP LOCKED``.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the task worker (the database-backed queue of django-tasks-db)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=0.5,
            help="seconds between polls when idle (default: %(default)s)",
        )
        parser.add_argument(
            "--batch", action="store_true", help="run what is queued now, then stop"
        )

    def handle(self, *args: Any, interval: float, batch: bool, **options: Any) -> None:
        call_command(
            "db_worker",
            interval=interval,
            batch=batch,
            startup_delay=not batch,
            verbosity=options.get("verbosity", 1),
        )

"""``undersigned worker``: runs queued tasks (mail) from the database queue.

Several may run at once: each takes tasks with ``SELECT … FOR UPDATE SKIP LOCKED``.
Each also runs the scheduler of periodic jobs (``core/schedule.py``) in a thread.
"""

from __future__ import annotations

import os
from argparse import BooleanOptionalAction
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

from undersigned.core import schedule as schedule_module


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
        parser.add_argument(
            "--schedule",
            action=BooleanOptionalAction,
            default=None,
            help="enqueue the periodic jobs when due (default: on, off with --batch; "
            "--batch --schedule runs each job once)",
        )

    def handle(
        self, *args: Any, interval: float, batch: bool, schedule: bool | None, **options: Any
    ) -> None:
        if schedule is None:
            schedule = not batch
        if schedule and batch:
            schedule_module.enqueue_due(force=True)
        elif schedule and not (settings.DEBUG and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"):
            # Not in the autoreloader's parent process (DEBUG): only in the child that
            # runs the tasks.
            schedule_module.Scheduler().start()
        call_command(
            "db_worker",
            # Every queue: "default" (mail) and "periodic" (the scheduled jobs).
            queue_name="*",
            interval=interval,
            batch=batch,
            startup_delay=not batch,
            verbosity=options.get("verbosity", 1),
        )

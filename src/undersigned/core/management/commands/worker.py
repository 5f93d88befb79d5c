"""``undersigned worker``: runs queued tasks (mail) from the database queue.

Several may run at once: each takes tasks with ``SELECT … FOR UPDATE SKIP LOCKED``, a
batch at a time (``core.taskqueue.ClaimingWorker``, django-tasks-db's worker).
Each also runs the scheduler of periodic jobs (``core/queue/schedule.py``) in a thread.
"""

from __future__ import annotations

import os
from argparse import BooleanOptionalAction
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django.utils.crypto import get_random_string
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Command as LibraryCommand
from django_tasks_db.management.commands.db_worker import valid_interval, validate_worker_id

import undersigned.core.queue.schedule as schedule_module
from undersigned.core.queue.backend import ClaimingWorker


class Command(BaseCommand):
    help = "Run the task worker (the database-backed queue of django-tasks-db)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            # The library's own check: a finite number, zero or more.
            type=valid_interval,
            default=0.5,
            help="seconds between polls when idle (default: %(default)s)",
        )
        parser.add_argument(
            "--batch", action="store_true", help="run what is queued now, then stop"
        )
        parser.add_argument(
            "--worker-id",
            type=validate_worker_id,
            default=None,
            help="this worker's id in the queue's rows, unique among the running workers "
            "(default: a random one)",
        )
        parser.add_argument(
            "--schedule",
            action=BooleanOptionalAction,
            default=None,
            help="enqueue the periodic jobs when due (default: on, off with --batch; "
            "--batch --schedule runs each job once)",
        )

    def handle(
        self,
        *args: Any,
        interval: float,
        batch: bool,
        schedule: bool | None,
        worker_id: str | None,
        **options: Any,
    ) -> None:
        if schedule is None:
            schedule = not batch
        if schedule and batch:
            schedule_module.enqueue_due(force=True)
        elif schedule and not (settings.DEBUG and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"):
            # Not in the autoreloader's parent process (DEBUG): only in the child that
            # runs the tasks.
            schedule_module.Scheduler().start()
        # The library's logging set-up of its own ``db_worker`` command.
        LibraryCommand().configure_logging(options.get("verbosity", 1))
        worker = ClaimingWorker(
            # Every queue: "default" (mail) and "periodic" (the scheduled jobs).
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=not batch,
            max_tasks=None,
            worker_id=worker_id or get_random_string(32),
            excluded_queue_names=[],
        )
        if settings.DEBUG and not batch:
            # As django-tasks-db's db_worker does under DEBUG: restart on code changes.
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()

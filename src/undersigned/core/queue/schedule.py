"""Periodic jobs: a small registry, and the scheduler ``undersigned worker`` runs.

``django.tasks`` has no scheduler, and undersigned wants no extra service (cron, beat)
for one: every ``undersigned worker`` runs a thread that, once a second, enqueues each
registered task whose interval has passed, and then the workers run it like any other
task. Apps register their jobs in ``AppConfig.ready()``::

    import undersigned.core.queue.schedule as schedule
    schedule.register(fold_counters, every=settings.COUNTER_INTERVAL_SECONDS)

Periodic tasks go to their own queue (``periodic``) at a high priority, so a backlog of
mail does not hold them up, and their rows are few and found through the queue's index.
A job is enqueued only when none of it is waiting or running, and no sooner than
``every`` seconds after the last one: however many workers run, a job runs about once
per interval, and never piles up while no worker runs. On PostgreSQL the check and the
enqueue hold an advisory lock, on SQLite the single writer, so two workers' schedulers
do not enqueue the same job twice. Finished rows of periodic jobs older than an hour are
deleted as new ones are enqueued.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connections, transaction
from django.tasks import Task, TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from undersigned.core.db.locks import Namespace, name_key, try_advisory_lock
from undersigned.core.db.outage import database_unavailable

logger = logging.getLogger(__name__)

# Must be listed in settings.TASKS["default"]["QUEUES"].
PERIODIC_QUEUE = "periodic"
PERIODIC_PRIORITY = 50
# Finished rows of periodic jobs are kept this long, for inspection in the admin.
KEEP_FINISHED = timedelta(hours=1)
# A job "running" for longer than this (and ten intervals) is taken for dead: its worker
# was killed mid-task. The next one is enqueued anyway.
STALE_AFTER = timedelta(minutes=5)


@dataclass(frozen=True, kw_only=True)
class Periodic:
    task: Task[..., Any]
    every: float  # seconds

    @property
    def name(self) -> str:
        return self.task.module_path


_registry: dict[str, Periodic] = {}


def register(task: Task[..., Any], *, every: float) -> None:
    """Run ``task`` (which takes no arguments) every ``every`` seconds."""
    if every <= 0:
        raise ValueError(f"the interval of {task.module_path} must be positive, not {every}")
    entry = Periodic(
        task=task.using(queue_name=PERIODIC_QUEUE, priority=PERIODIC_PRIORITY), every=every
    )
    _registry[entry.name] = entry


def registered() -> list[Periodic]:
    return sorted(_registry.values(), key=lambda entry: entry.name)


def _latest(entry: Periodic) -> tuple[str, datetime] | None:
    """Status and enqueue time of the job's most recent row in the queue."""
    return (
        DBTaskResult.objects.filter(queue_name=PERIODIC_QUEUE, task_path=entry.name)
        .order_by("-enqueued_at")
        .values_list("status", "enqueued_at")
        .first()
    )


def _due(entry: Periodic, *, now: datetime, force: bool) -> bool:
    latest = _latest(entry)
    if latest is None:
        return True
    status, enqueued_at = latest
    if status == TaskResultStatus.READY:
        return False  # waiting for a worker: never pile up
    if status == TaskResultStatus.RUNNING:
        stale = max(STALE_AFTER, timedelta(seconds=10 * entry.every))
        return now - enqueued_at > stale
    return force or now - enqueued_at >= timedelta(seconds=entry.every)


def _lock(entry: Periodic) -> bool:
    return try_advisory_lock(Namespace.SCHEDULE, name_key(entry.name))


def _prune(entry: Periodic, *, now: datetime) -> None:
    DBTaskResult.objects.filter(
        queue_name=PERIODIC_QUEUE,
        task_path=entry.name,
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=now - KEEP_FINISHED,
    ).delete()


def enqueue_due(*, force: bool = False) -> list[str]:
    """Enqueue every registered job that is due; returns their names.

    ``force`` ignores the intervals (a job already waiting or running is still not
    enqueued again): ``undersigned worker --batch --schedule`` uses it to run every
    job once.
    """
    enqueued = []
    for entry in registered():
        now = timezone.now()
        # A plain read first: the write transaction below (BEGIN IMMEDIATE on SQLite)
        # is taken only when the job is due, not once a second.
        if not _due(entry, now=now, force=force):
            continue
        with transaction.atomic():
            if not _lock(entry) or not _due(entry, now=now, force=force):
                continue
            entry.task.enqueue()
            _prune(entry, now=now)
        enqueued.append(entry.name)
        logger.debug("enqueued periodic job %s", entry.name)
    return enqueued


class Scheduler(threading.Thread):
    """The thread ``undersigned worker`` runs: ``enqueue_due()`` once every ``tick`` seconds."""

    def __init__(self, *, tick: float = 1.0) -> None:
        super().__init__(name="undersigned-scheduler", daemon=True)
        self.tick = tick
        self.stopping = threading.Event()

    def run(self) -> None:
        logger.info("scheduler started: %s", ", ".join(e.name for e in registered()) or "no jobs")
        cut_off = False
        while not self.stopping.wait(self.tick):
            try:
                enqueue_due()
            except Exception as error:  # a database hiccup must not end the schedule
                if not database_unavailable(error):
                    logger.exception("the scheduler could not enqueue its jobs; trying again")
                elif not cut_off:  # once per outage, not once a second
                    logger.warning(
                        "the scheduler cannot reach the database (%s); trying again every %s s",
                        error.__class__.__name__, self.tick,
                    )  # fmt: skip
                cut_off = cut_off or database_unavailable(error)
            else:
                if cut_off:
                    logger.warning("the scheduler reached the database again")
                cut_off = False
            finally:
                # This thread's own connections; the worker's are untouched.
                connections.close_all()

    def stop(self, *args: Any) -> None:
        self.stopping.set()

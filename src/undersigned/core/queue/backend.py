"""The task queue's backend: django-tasks-db's, writing each task with one precompiled
INSERT (``core/db/insert.py``).

Every signature queues its confirmation mail in its own transaction, so enqueueing is
on the signing path; ``DBTaskResult.objects.create()`` compiled its INSERT afresh each
time and cost as much as the signature's own. The row is built with the
same fields as django-tasks-db 0.13's own ``enqueue`` gives it, overriding only that
public method, with its ``pre_save`` receiver (which fills ``run_after``) still called;
a test holds the two rows equal. The ``task_enqueued`` signal (Django's log line) is sent once the
transaction commits rather than while it holds SQLite's write lock, and for a task that
is really queued.

``ClaimingWorker`` is the library's worker taking due tasks a batch at a time, under
leases (``core/queue/leases.py``), and waiting out a database outage. Running a task
and recording its result, ``SKIP LOCKED`` and the models are the library's.
"""

from __future__ import annotations

import contextlib
import logging
import math
import random
import signal
import time
from datetime import timedelta
from functools import partial
from types import FrameType
from typing import Any

from django.db import close_old_connections, connections, router, transaction
from django.db.models import QuerySet
from django.db.utils import DatabaseError, InterfaceError, OperationalError
from django.tasks import Task, TaskResultStatus
from django.tasks.signals import task_enqueued
from django.utils import timezone
from django.utils.json import normalize_json
from django_tasks_db.backend import DatabaseBackend as LibraryBackend
from django_tasks_db.backend import TaskResult
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from undersigned.core.db.insert import insert_row
from undersigned.core.db.outage import database_unavailable
from undersigned.core.queue.leases import (
    LeaseKeeper,
    lease_grant,
    lease_release,
    lease_seconds,
    leased_by,
    requeue_expired,
)

logger = logging.getLogger("django_tasks_db")


class DatabaseBackend(LibraryBackend):
    """The library's backend with its public ``enqueue`` writing the row through the
    precompiled INSERT; ``aenqueue``, results and checks are the library's."""

    def enqueue(  # type: ignore[override]  # the library's signature, less its ParamSpec
        self, task: Task[..., Any], args: Any, kwargs: Any
    ) -> TaskResult[..., Any]:
        self.validate_task(task)
        # The id as the library makes it: its ``id_function`` option, else the model's
        # default for the primary key.
        make_id = self.id_function or DBTaskResult._meta.pk.default
        row: DBTaskResult[..., Any] = DBTaskResult(
            id=make_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,  # type: ignore[misc]  # as the library passes it
            backend_name=self.alias,
        )
        using = router.db_for_write(DBTaskResult)
        insert_row(row, using=using, signals=True)
        result = row.task_result
        transaction.on_commit(
            partial(task_enqueued.send, type(self), task_result=result), using=using
        )
        return result


# How many due tasks a worker claims at once (``ClaimingWorker``).
CLAIM_BATCH = 16
# Waits after a failed attempt to reach the database: the first, and the longest.
RECONNECT_FIRST_SECONDS = 0.5
RECONNECT_MAX_SECONDS = 15.0
# A task that failed because the database went away (not because of itself) is run
# again after this delay, rather than recorded as failed for good.
OUTAGE_RETRY_SECONDS = 5


class ClaimingWorker(Worker):
    """django-tasks-db's worker, claiming up to ``CLAIM_BATCH`` due tasks at a time,
    under leases, and riding out database outages.

    The library's loop takes one task per transaction: it builds and compiles the query
    of due tasks, locks one row and saves its claim, for every task. In a surge of
    confirmation mails that bookkeeping was about a fifth of the worker's time and, on
    SQLite, one more write transaction per mail (docs/benchmarks.md). This worker locks
    the next due tasks together (``SKIP LOCKED``, so workers never take the same one),
    claims and leases them in one transaction, then runs them one by one as the library
    does; each still records its own result. A higher-priority task (the periodic jobs)
    queued meanwhile waits for the batch in hand (up to 16 mails).

    Leases (``core/queue/leases.py``): a thread renews the leases of the batch in hand;
    every third of a lease the loop also takes back the tasks of workers that stopped
    renewing theirs (killed, out of memory, their machine lost), so a dead worker's
    tasks run again within about a lease, whichever workers are still running.

    The database going away (a restart, a failover) does not end the worker: it waits,
    from half a second doubling to 15 s, and carries on; the tasks of the batch it held
    go back to the queue when their leases run out. A task that failed only because the
    database was gone is queued again instead of being recorded as failed.

    Asked to stop (SIGTERM, Ctrl-C) while it holds a batch, it finishes the task in hand
    and gives the others back to the queue, as they were; a second signal stops it at
    once, and the task it interrupts stays running until its lease runs out (it may have
    sent its mail).
    """

    # A claimed batch is in hand: not run or given back yet.
    holding = False

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.keeper = LeaseKeeper(worker_id=self.worker_id)
        self._swept_at = -math.inf
        self._reconnect_delay = RECONNECT_FIRST_SECONDS
        # Tasks this worker has run, counted here rather than read from the library's
        # private counter.
        self.tasks_run = 0

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if self.running and self.holding:
            logger.warning(
                "Received %s - finishing the task in hand and returning the rest of the "
                "batch... (press Ctrl+C again to force)",
                signal.strsignal(signum),
            )
            self.running = False
            return
        super().shutdown(signum, frame)

    def run(self) -> None:
        logger.info(
            "Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names)
        )
        self.keeper.start()
        try:
            if self.startup_delay and self.interval:
                # As the library does: a small random delay, so workers started together
                # do not poll in step.
                time.sleep(random.random())  # noqa: S311 - not a secret
            while self.running:
                try:
                    finished = self._cycle()
                except (DatabaseError, InterfaceError) as error:
                    if not database_unavailable(error):
                        raise
                    self._wait_for_database(error)
                    continue
                self._reconnect_delay = RECONNECT_FIRST_SECONDS
                if finished:
                    return
        finally:
            self.keeper.stop()

    def _cycle(self) -> bool:
        """Sweep if due, claim and run one batch, then sleep when idle; whether the
        worker is done (``--batch`` with nothing left, or ``max_tasks`` reached)."""
        close_old_connections()
        self._sweep()
        self.holding = True
        try:
            try:
                claimed: list[DBTaskResult[..., Any]] | None = self._claim()
            except OperationalError as error:
                if database_unavailable(error):
                    raise
                claimed = None  # SQLite busy: try again
            self._run_batch(claimed or [])
        finally:
            self.holding = False
        if self.batch and claimed == []:
            logger.info("No more tasks to run for worker_id=%s - exiting.", self.worker_id)
            return True
        if self.max_tasks is not None and self.tasks_run >= self.max_tasks:
            logger.info("Ran the maximum of %d tasks - exiting.", self.tasks_run)
            return True
        close_old_connections()
        if self.running and not claimed:
            time.sleep(self.interval)
        return False

    def _sweep(self) -> None:
        """Every third of a lease: take back the tasks of workers that died."""
        now = time.monotonic()
        if now - self._swept_at < lease_seconds() / 3:
            return
        requeue_expired(backend_name=self.backend_name)
        self._swept_at = now

    def _wait_for_database(self, error: DatabaseError | InterfaceError) -> None:
        # The error's class only: its message names the database's host.
        logger.warning(
            "The database is unavailable (%s); worker_id=%s tries again in %.1f s",
            error.__class__.__name__, self.worker_id, self._reconnect_delay,
        )  # fmt: skip
        self.keeper.clear()
        for connection in connections.all(initialized_only=True):
            with contextlib.suppress(DatabaseError, InterfaceError):
                connection.close()
        time.sleep(self._reconnect_delay)
        self._reconnect_delay = min(self._reconnect_delay * 2, RECONNECT_MAX_SECONDS)

    def run_task(self, db_task_result: DBTaskResult[..., Any]) -> None:
        try:
            super().run_task(db_task_result)
        finally:
            self.tasks_run += 1
        if (
            db_task_result.status == TaskResultStatus.FAILED
            and db_task_result.exception_class_path in OUTAGE_ERRORS
        ):
            # It failed because the database went away mid-task, and the library
            # recorded that once the database was back: it runs again, not lost.
            DBTaskResult.objects.filter(
                pk=db_task_result.pk, status=TaskResultStatus.FAILED
            ).update(
                status=TaskResultStatus.READY, started_at=None, finished_at=None,
                run_after=timezone.now() + timedelta(seconds=OUTAGE_RETRY_SECONDS),
                exception_class_path="", traceback="",
            )  # fmt: skip
            logger.warning("Task id=%s met a database outage; queued again", db_task_result.pk)

    def _run_batch(self, claimed: list[DBTaskResult[..., Any]]) -> None:
        remaining = list(claimed)
        current = None
        try:
            while remaining and self.running and self.keeper.trusted():
                current = remaining[0]
                self.run_task(current)
                self.keeper.drop(current.pk)
                remaining.pop(0)
                current = None
        finally:
            # Whatever stopped the batch, the tasks not started go back to the queue;
            # one interrupted while running stays as it is, until its lease runs out.
            self.keeper.clear()
            if claimed:
                self._give_back([task for task in remaining if task is not current])

    def _due(self) -> QuerySet[DBTaskResult[..., Any]]:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks

    def _claim(self) -> list[DBTaskResult[..., Any]]:
        """Lock, claim and lease the next due tasks, in the queue's order."""
        size = CLAIM_BATCH
        if self.max_tasks is not None:
            size = max(1, min(size, self.max_tasks - self.tasks_run))
        tasks = self._due()
        with exclusive_transaction(tasks.db):
            claimed = list(tasks.select_for_update(skip_locked=True)[:size])
            fresh = [task for task in claimed if not task.worker_ids]
            now = timezone.now()
            if fresh:
                DBTaskResult.objects.filter(pk__in=[task.pk for task in fresh]).update(
                    status=TaskResultStatus.RUNNING, started_at=now, worker_ids=[self.worker_id]
                )
            for task in claimed:
                if task.worker_ids:  # run before by another worker: keep its history
                    task.claim(self.worker_id)
                else:
                    task.status = TaskResultStatus.RUNNING
                    task.started_at = now
                    task.worker_ids = [self.worker_id]
            if claimed:
                lease_grant(task_ids=[task.pk for task in claimed], worker_id=self.worker_id)
                self.keeper.hold(task.pk for task in claimed)
        return claimed

    def _give_back(self, tasks: list[DBTaskResult[..., Any]]) -> None:
        """Return claimed tasks this worker did not start to the queue, as they were
        before it claimed them (its id off their list of workers), and drop its leases.
        A task whose lease another worker took meanwhile is that worker's now."""
        running = DBTaskResult.objects.filter(
            leased_by(worker_id=self.worker_id), status=TaskResultStatus.RUNNING
        )
        fresh = [task.pk for task in tasks if task.worker_ids == [self.worker_id]]
        if fresh:
            running.filter(pk__in=fresh).update(
                status=TaskResultStatus.READY, started_at=None, worker_ids=[]
            )
        for task in tasks:
            if task.pk not in fresh:
                running.filter(pk=task.pk).update(
                    status=TaskResultStatus.READY, started_at=None, worker_ids=task.worker_ids[:-1]
                )
        lease_release(worker_id=self.worker_id)


# How the library records a task that raised these (``DBTaskResult.exception_class_path``).
OUTAGE_ERRORS = frozenset(
    f"{error.__module__}.{error.__qualname__}" for error in (OperationalError, InterfaceError)
)

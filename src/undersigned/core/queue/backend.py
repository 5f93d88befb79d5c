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

``ClaimingWorker`` is the library's worker taking due tasks a batch at a time. Running
a task and recording its result, ``SKIP LOCKED`` and the models are the library's.
"""

from __future__ import annotations

import logging
import random
import signal
import time
from datetime import datetime, timedelta
from functools import partial
from types import FrameType
from typing import Any

from django.db import close_old_connections, router, transaction
from django.db.models import QuerySet
from django.db.utils import OperationalError
from django.tasks import Task, TaskResultStatus
from django.tasks.signals import task_enqueued
from django.utils import timezone
from django.utils.json import normalize_json
from django_tasks_db.backend import DatabaseBackend as LibraryBackend
from django_tasks_db.backend import TaskResult
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from undersigned.core.db.insert import insert_row

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
# A task still running this long after it started was stranded by a worker that died
# (killed, out of memory, its machine lost): the next worker to start queues it again.
# Far beyond any task's run: a mail gives up after EMAIL_TIMEOUT (20 s).
STRANDED_AFTER = timedelta(minutes=15)


class ClaimingWorker(Worker):
    """django-tasks-db's worker, claiming up to ``CLAIM_BATCH`` due tasks at a time.

    The library's loop takes one task per transaction: it builds and compiles the query
    of due tasks, locks one row and saves its claim, for every task. In a surge of
    confirmation mails that bookkeeping was about a fifth of the worker's time and, on
    SQLite, one more write transaction per mail (docs/benchmarks.md). This worker locks
    the next due tasks together (``SKIP LOCKED``, so workers never take the same one),
    claims them in one statement, then runs them one by one as the library does; each
    still records its own result. A higher-priority task (the periodic jobs) queued
    meanwhile waits for the batch in hand (up to 16 mails).

    Asked to stop (SIGTERM, Ctrl-C) while it holds a batch, it finishes the task in hand
    and gives the others back to the queue, as they were; a second signal stops it at
    once, and the task it interrupts stays running, as in the library (it may have sent
    its mail). Tasks stranded by a worker that died are queued again by the next worker
    to start (``STRANDED_AFTER``).
    """

    # A claimed batch is in hand: not run or given back yet.
    holding = False

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
        requeue_stranded(backend_name=self.backend_name)
        if self.startup_delay and self.interval:
            # As the library does: a small random delay, so workers started together
            # do not poll in step.
            time.sleep(random.random())  # noqa: S311 - not a secret
        while self.running:
            close_old_connections()
            self.holding = True
            try:
                try:
                    claimed: list[DBTaskResult[..., Any]] | None = self._claim()
                except OperationalError as error:
                    if not is_locked_database_exception(error):
                        raise
                    claimed = None  # SQLite busy: try again
                self._run_batch(claimed or [])
            finally:
                self.holding = False
            if self.batch and claimed == []:
                logger.info("No more tasks to run for worker_id=%s - exiting.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Ran the maximum of %d tasks - exiting.", self._run_tasks)
                return
            close_old_connections()
            if self.running and not claimed:
                time.sleep(self.interval)

    def _run_batch(self, claimed: list[DBTaskResult[..., Any]]) -> None:
        remaining = list(claimed)
        current = None
        try:
            while remaining and self.running:
                current = remaining[0]
                self.run_task(current)
                remaining.pop(0)
                current = None
        finally:
            # Whatever stopped the batch, the tasks not started go back to the queue;
            # one interrupted while running stays as it is.
            self._give_back([task for task in remaining if task is not current])

    def _due(self) -> QuerySet[DBTaskResult[..., Any]]:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks

    def _claim(self) -> list[DBTaskResult[..., Any]]:
        """Lock and claim the next due tasks, in the queue's order."""
        size = CLAIM_BATCH
        if self.max_tasks is not None:
            size = max(1, min(size, self.max_tasks - self._run_tasks))
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
        return claimed

    def _give_back(self, tasks: list[DBTaskResult[..., Any]]) -> None:
        """Return claimed tasks this worker did not start to the queue, as they were
        before it claimed them (its id off their list of workers)."""
        running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
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


def requeue_stranded(*, backend_name: str, now: datetime | None = None) -> int:
    """Queue again the tasks started more than ``STRANDED_AFTER`` ago and still running:
    their worker died. Returns how many."""
    cutoff = (now or timezone.now()) - STRANDED_AFTER
    count = DBTaskResult.objects.filter(
        backend_name=backend_name, status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("Queued again %d task(s) a stopped worker had left running", count)
    return count

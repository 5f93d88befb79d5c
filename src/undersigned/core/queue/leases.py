"""Leases on running tasks: what lets a queue outlive a worker that dies.

A worker claims its tasks and leases them (``TaskLease``) in one transaction, for
``TASK_LEASE_SECONDS``. While it lives, its ``LeaseKeeper`` thread renews the leases of
the tasks in its hand every third of that, however long a task runs (a mail server that
takes its 20 s to time out). A worker that is killed renews nothing: once its leases have
run out, whichever worker sweeps next (every worker does, every third of the lease, not
only when it starts) puts its tasks back in the queue with ``requeue_expired``, keeping
their history of workers, and another worker runs them.

A task found running without any lease was started by something that does not lease
(an older worker, django-tasks-db's own ``db_worker``): it is taken back once it has run
for longer than a lease.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, connections
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from undersigned.core.queue.models import TaskLease

logger = logging.getLogger("django_tasks_db")


def lease_seconds() -> float:
    return float(settings.TASK_LEASE_SECONDS)


def lease_grant(*, task_ids: Iterable[Any], worker_id: str, now: datetime | None = None) -> None:
    """Lease the tasks to the worker; inside the transaction that claims them."""
    expires_at = (now or timezone.now()) + timedelta(seconds=lease_seconds())
    ids = list(task_ids)
    TaskLease.objects.filter(task_id__in=ids).delete()
    TaskLease.objects.bulk_create(
        [TaskLease(task_id=task_id, worker_id=worker_id, expires_at=expires_at) for task_id in ids]
    )


def lease_renew(*, task_ids: Iterable[Any], worker_id: str) -> int:
    """Extend the worker's leases on these tasks; how many it still held."""
    ids = list(task_ids)
    if not ids:
        return 0
    expires_at = timezone.now() + timedelta(seconds=lease_seconds())
    return TaskLease.objects.filter(task_id__in=ids, worker_id=worker_id).update(
        expires_at=expires_at
    )


def lease_release(*, worker_id: str) -> None:
    """Drop every lease of the worker (its batch is done or given back)."""
    TaskLease.objects.filter(worker_id=worker_id).delete()


def leased_by(*, worker_id: str) -> Q:
    """Tasks this worker holds a lease on (a filter of ``DBTaskResult``)."""
    return Q(pk__in=TaskLease.objects.filter(worker_id=worker_id).values("task_id"))


def requeue_expired(*, backend_name: str, now: datetime | None = None) -> int:
    """Put back in the queue the running tasks whose worker stopped renewing its lease
    (and those running for longer than a lease without one). Returns how many."""
    now = now or timezone.now()
    expired = TaskLease.objects.filter(expires_at__lt=now)
    unleased = ~Q(pk__in=TaskLease.objects.values("task_id")) & Q(
        started_at__lt=now - timedelta(seconds=lease_seconds())
    )
    stranded = DBTaskResult.objects.filter(
        Q(pk__in=expired.values("task_id")) | unleased,
        backend_name=backend_name,
        status=TaskResultStatus.RUNNING,
    )
    with exclusive_transaction(DBTaskResult.objects.db):
        ids = list(stranded.select_for_update(skip_locked=True).values_list("pk", flat=True))
        if ids:
            DBTaskResult.objects.filter(pk__in=ids, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
        # With them, the leases left by finished tasks of a worker that died.
        expired.delete()
    if ids:
        logger.warning("Queued again %d task(s) whose worker stopped renewing its lease", len(ids))
    return len(ids)


class LeaseKeeper(threading.Thread):
    """The worker's thread that renews the leases of the tasks in its hand."""

    def __init__(self, *, worker_id: str) -> None:
        super().__init__(name="undersigned-leases", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._held: set[Any] = set()
        # When the leases in hand were last known good (monotonic seconds).
        self.renewed_at = time.monotonic()

    def hold(self, task_ids: Iterable[Any]) -> None:
        with self._lock:
            self._held = set(task_ids)
            self.renewed_at = time.monotonic()

    def drop(self, task_id: Any) -> None:
        with self._lock:
            self._held.discard(task_id)

    def clear(self) -> None:
        with self._lock:
            self._held = set()

    def trusted(self) -> bool:
        """Whether the leases in hand can still be ours: renewed within a lease. A
        worker cut off from the database longer than that may have lost its tasks to
        another worker, and must not run what remains of its batch."""
        return time.monotonic() - self.renewed_at < lease_seconds()

    def renew(self) -> None:
        with self._lock:
            held = set(self._held)
        if not held:
            return
        started = time.monotonic()
        kept = lease_renew(task_ids=held, worker_id=self.worker_id)
        if kept < len(held):
            logger.warning(
                "worker_id=%s lost %d lease(s) to another worker", self.worker_id, len(held) - kept
            )
        self.renewed_at = started

    def run(self) -> None:
        while not self.stopping.wait(lease_seconds() / 3):
            try:
                self.renew()
            except (
                DatabaseError,
                InterfaceError,
            ) as error:  # an outage: try again at the next beat
                logger.warning("could not renew the leases (%s)", error.__class__.__name__)
            finally:
                # This thread's own connection; the worker's are untouched.
                connections.close_all()

    def stop(self) -> None:
        self.stopping.set()

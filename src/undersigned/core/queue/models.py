"""The queue's one table of its own: leases on running tasks (``core/queue/leases.py``).

django-tasks-db marks a task RUNNING and nothing more, so a task whose worker died stays
running for ever. A lease says which worker holds the task and until when; the worker
renews it while it lives, and any worker takes back a task whose lease ran out. The
lease is keyed by the task's id without a foreign key: the library's rows are deleted
by the library and the purge, and a lease left behind is removed by the next sweep.
"""

from __future__ import annotations

from django.db import models


class TaskLease(models.Model):
    """A worker's hold on one running task, until ``expires_at``."""

    task_id = models.UUIDField(primary_key=True)
    worker_id = models.CharField(max_length=64)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["expires_at"], name="core_lease_expires_idx"),
            models.Index(fields=["worker_id"], name="core_lease_worker_idx"),
        ]

    def __str__(self) -> str:
        return f"lease on {self.task_id} by {self.worker_id} until {self.expires_at:%H:%M:%S}"

"""The task queue's backend: django-tasks-db's, writing each task with one precompiled
INSERT (``core/insert.py``).

Every signature queues its confirmation mail in its own transaction, so enqueueing is
on the signing path; ``DBTaskResult.objects.create()`` compiled its INSERT afresh each
time and cost as much as the signature's own. The row is built exactly as
django-tasks-db 0.13 builds it (``DatabaseBackend._task_to_db_task``), with its
``pre_save`` receiver (which fills ``run_after``) still called; a test holds the two
rows equal. The ``task_enqueued`` signal (Django's log line) is sent once the
transaction commits rather than while it holds SQLite's write lock, and for a task that
is really queued. Everything else — the worker, ``SKIP LOCKED``, results — is the
library's.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import router, transaction
from django.tasks import Task
from django.tasks.signals import task_enqueued
from django.utils.json import normalize_json
from django_tasks_db.backend import DatabaseBackend as LibraryBackend
from django_tasks_db.backend import TaskResult
from django_tasks_db.models import DBTaskResult

from .insert import insert_row


class DatabaseBackend(LibraryBackend):
    def _task_to_db_task(
        self, task: Task[..., Any], args: Any, kwargs: Any
    ) -> DBTaskResult[..., Any]:
        result: DBTaskResult[..., Any] = DBTaskResult(
            id=self._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,  # type: ignore[misc]  # as the library passes it
            backend_name=self.alias,
        )
        insert_row(result, using=router.db_for_write(DBTaskResult), signals=True)
        return result

    def enqueue(  # type: ignore[override]  # the library's signature, less its ParamSpec
        self, task: Task[..., Any], args: Any, kwargs: Any
    ) -> TaskResult[..., Any]:
        self.validate_task(task)
        db_result = self._task_to_db_task(task, args, kwargs)
        result = db_result.task_result
        transaction.on_commit(
            partial(task_enqueued.send, type(self), task_result=result),
            using=router.db_for_write(DBTaskResult),
        )
        return result

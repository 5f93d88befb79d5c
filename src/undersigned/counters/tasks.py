"""The counter job as a task: ``undersigned worker`` enqueues it every few seconds."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from undersigned.counters.services import counters_fold


@task()
def fold_counters() -> dict[str, Any]:
    return counters_fold().as_dict()

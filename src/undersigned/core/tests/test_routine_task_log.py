"""The console stays quiet about the counter job's runs every few seconds (#15)."""

from __future__ import annotations

import logging

from undersigned.core.logging import RoutineTaskFilter


def record(message: str, level: int = logging.INFO) -> logging.LogRecord:
    return logging.LogRecord("django.tasks", level, __file__, 1, message, None, None)


def test_routine_task_lines_are_dropped_and_failures_kept():
    quiet = RoutineTaskFilter(paths=["undersigned.counters.tasks.fold_counters"])

    assert not quiet.filter(
        record("Task id=1 path=undersigned.counters.tasks.fold_counters state=SUCCESSFUL")
    )
    assert quiet.filter(
        record("Task id=2 path=undersigned.signatures.tasks.send_confirmation_mail state=RUNNING")
    )
    assert quiet.filter(
        record(
            "Task id=3 path=undersigned.counters.tasks.fold_counters state=FAILED",
            logging.ERROR,
        )
    )


def test_the_site_quiets_the_counter_job():
    django_tasks = logging.getLogger("django.tasks")
    assert any(isinstance(f, RoutineTaskFilter) for f in django_tasks.filters)
    assert not django_tasks.filters[0].filter(
        record("Task id=1 path=undersigned.counters.tasks.fold_counters state=RUNNING")
    )

"""The scheduler of periodic jobs that ``undersigned worker`` runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

import undersigned.core.queue.schedule as schedule
from undersigned.counters.models import DeclarationCounter
from undersigned.counters.tasks import fold_counters
from undersigned.declarations.tests.factories import DeclarationFactory

RUNS: list[str] = []


@task()
def remember() -> None:
    RUNS.append("ran")


@pytest.fixture
def only_remember(monkeypatch):
    """The registry holding only ``remember`` (every 60 s) for the test."""
    monkeypatch.setattr(schedule, "_registry", {})
    schedule.register(remember, every=60)
    RUNS.clear()
    return schedule.registered()[0]


def rows(entry):
    return DBTaskResult.objects.filter(task_path=entry.name).order_by("enqueued_at")


def test_the_counter_job_is_registered():
    entries = {entry.name: entry for entry in schedule.registered()}

    assert fold_counters.module_path in entries
    assert entries[fold_counters.module_path].task.queue_name == schedule.PERIODIC_QUEUE


@pytest.mark.django_db
def test_a_due_job_is_enqueued_once_on_the_periodic_queue(only_remember):
    assert schedule.enqueue_due() == [only_remember.name]
    assert schedule.enqueue_due() == []  # waiting for a worker: not enqueued again

    [row] = rows(only_remember)
    assert row.queue_name == "periodic"
    assert row.priority == schedule.PERIODIC_PRIORITY


@pytest.mark.django_db
def test_the_next_run_waits_for_the_interval(only_remember):
    schedule.enqueue_due()
    rows(only_remember).update(status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now())

    assert schedule.enqueue_due() == []
    assert schedule.enqueue_due(force=True) == [only_remember.name]
    rows(only_remember).update(
        status=TaskResultStatus.SUCCESSFUL, enqueued_at=timezone.now() - timedelta(seconds=61)
    )
    assert schedule.enqueue_due() == [only_remember.name]


@pytest.mark.django_db
def test_a_job_running_for_too_long_is_taken_for_dead(only_remember):
    schedule.enqueue_due()
    rows(only_remember).update(status=TaskResultStatus.RUNNING)
    assert schedule.enqueue_due() == []

    rows(only_remember).update(enqueued_at=timezone.now() - schedule.STALE_AFTER * 11)
    assert schedule.enqueue_due() == [only_remember.name]


@pytest.mark.django_db
def test_old_finished_rows_are_pruned(only_remember):
    schedule.enqueue_due()
    long_ago = timezone.now() - schedule.KEEP_FINISHED - timedelta(minutes=1)
    rows(only_remember).update(
        status=TaskResultStatus.SUCCESSFUL, enqueued_at=long_ago, finished_at=long_ago
    )

    schedule.enqueue_due()

    assert [row.status for row in rows(only_remember)] == [TaskResultStatus.READY]


def test_an_interval_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        schedule.register(remember, every=0)


def test_worker_batch_with_schedule_runs_every_job_once(transactional_db, only_remember):
    call_command("worker", batch=True, schedule=True, verbosity=0)

    assert RUNS == ["ran"]
    call_command("worker", batch=True, verbosity=0)  # --batch alone schedules nothing
    assert RUNS == ["ran"]


def test_the_worker_folds_the_counts(transactional_db):
    declaration = DeclarationFactory()

    call_command("worker", batch=True, schedule=True, verbosity=0)

    assert DeclarationCounter.objects.filter(declaration=declaration).exists()


def test_the_scheduler_thread_enqueues_and_stops(transactional_db, only_remember):
    scheduler = schedule.Scheduler(tick=0.01)
    scheduler.start()
    try:
        for _ in range(500):
            if rows(only_remember).exists():
                break
            scheduler.stopping.wait(0.01)
    finally:
        scheduler.stop()
        scheduler.join(timeout=10)

    assert not scheduler.is_alive()
    assert rows(only_remember).count() == 1

"""The worker claims due tasks a batch at a time (core/queue/backend.py): in the queue's
order, each run once and its result recorded, and what it will not run given back."""

from __future__ import annotations

import signal
from typing import Any

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

import undersigned.core.queue.backend as taskqueue
from undersigned.core.queue.backend import ClaimingWorker
from undersigned.signatures.tasks import send_confirmation_mail

pytestmark = pytest.mark.django_db(transaction=True)


def worker(**options: Any) -> ClaimingWorker:
    defaults: dict[str, Any] = {
        "queue_names": ["*"],
        "interval": 0,
        "batch": True,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "w-test",
        "excluded_queue_names": [],
    }
    return ClaimingWorker(**{**defaults, **options})


def queue(count: int, *, priority: int = 0) -> list[str]:
    """Mail tasks for signatures that do not exist: each runs, sends nothing, succeeds."""
    task = send_confirmation_mail.using(priority=priority)
    return [str(task.enqueue(signature_id=10_000_000 + n).id) for n in range(count)]


def statuses() -> dict[str, int]:
    found: dict[str, int] = {}
    for status in DBTaskResult.objects.values_list("status", flat=True):
        found[status] = found.get(status, 0) + 1
    return found


def test_runs_every_due_task_once_in_batches(monkeypatch):
    monkeypatch.setattr(taskqueue, "CLAIM_BATCH", 4)
    queue(10)
    ran: list[str] = []
    batches: list[int] = []
    runner = worker()
    run_task, claim = runner.run_task, runner._claim

    def counted_run(result: DBTaskResult[..., Any]) -> None:
        ran.append(str(result.id))
        run_task(result)

    def counted_claim() -> list[DBTaskResult[..., Any]]:
        claimed = claim()
        batches.append(len(claimed))
        return claimed

    runner.run_task = counted_run  # type: ignore[method-assign]
    runner._claim = counted_claim  # type: ignore[method-assign]
    runner.run()
    assert batches == [4, 4, 2, 0]
    assert len(ran) == len(set(ran)) == 10
    assert statuses() == {TaskResultStatus.SUCCESSFUL: 10}
    assert all(
        ids == ["w-test"] for ids in DBTaskResult.objects.values_list("worker_ids", flat=True)
    )


def test_claims_in_the_queues_order_priority_first():
    later = queue(3)
    urgent = queue(1, priority=50)
    runner = worker()
    claimed = [str(task.id) for task in runner._claim()]
    assert claimed == urgent + later
    assert statuses() == {TaskResultStatus.RUNNING: 4}
    started = DBTaskResult.objects.values_list("started_at", flat=True)
    assert all(moment is not None and moment <= timezone.now() for moment in started)


def test_a_task_run_before_keeps_its_workers():
    (task_id,) = queue(1)
    DBTaskResult.objects.filter(pk=task_id).update(worker_ids=["earlier"])
    worker().run()
    assert DBTaskResult.objects.get(pk=task_id).worker_ids == ["earlier", "w-test"]


def test_asked_to_stop_it_finishes_the_task_in_hand_and_gives_the_rest_back():
    queue(1)  # run first
    (earlier,) = queue(1)  # a retried task, with a history of its own
    DBTaskResult.objects.filter(pk=earlier).update(worker_ids=["earlier"])
    queue(3)
    runner = worker()
    original = runner.run_task

    def run_then_signal(result: DBTaskResult[..., Any]) -> None:
        runner.shutdown(signal.SIGTERM, None)  # arrives while the task runs
        original(result)

    runner.run_task = run_then_signal  # type: ignore[method-assign]
    runner.run()  # returns: the first signal does not exit while a batch is held
    assert statuses() == {TaskResultStatus.SUCCESSFUL: 1, TaskResultStatus.READY: 4}
    # Given back as they were: not started, and no trace of the worker that held them.
    returned = DBTaskResult.objects.filter(status="READY")
    assert not returned.filter(started_at__isnull=False).exists()
    assert sorted(map(tuple, returned.values_list("worker_ids", flat=True))) == [
        (),
        (),
        (),
        ("earlier",),
    ]
    worker(worker_id="w-next").run()  # another worker takes them up
    assert statuses() == {TaskResultStatus.SUCCESSFUL: 5}


def test_a_second_signal_stops_at_once_and_leaves_the_task_in_hand():
    queue(4)
    runner = worker()

    def interrupted(result: DBTaskResult[..., Any]) -> None:
        raise SystemExit(1)  # the library's handler on a second signal, mid-task

    runner.run_task = interrupted  # type: ignore[method-assign]
    with pytest.raises(SystemExit):
        runner.run()
    # The interrupted task may have sent its mail: it is not run again by itself.
    assert statuses() == {TaskResultStatus.RUNNING: 1, TaskResultStatus.READY: 3}


def test_tasks_a_dead_worker_left_running_are_queued_again():
    stranded, recent = queue(2)
    long_ago = timezone.now() - taskqueue.STRANDED_AFTER - timezone.timedelta(minutes=1)
    DBTaskResult.objects.filter(pk=stranded).update(
        status="RUNNING", started_at=long_ago, worker_ids=["dead"]
    )
    DBTaskResult.objects.filter(pk=recent).update(
        status="RUNNING", started_at=timezone.now(), worker_ids=["alive"]
    )
    worker().run()
    assert DBTaskResult.objects.get(pk=stranded).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(pk=stranded).worker_ids == ["dead", "w-test"]
    assert DBTaskResult.objects.get(pk=recent).status == TaskResultStatus.RUNNING


def test_max_tasks_caps_the_batch():
    queue(5)
    worker(max_tasks=2).run()
    assert statuses() == {TaskResultStatus.SUCCESSFUL: 2, TaskResultStatus.READY: 3}


def test_tasks_not_yet_due_wait():
    (task_id,) = queue(1)
    DBTaskResult.objects.filter(pk=task_id).update(
        run_after=timezone.now() + timezone.timedelta(minutes=5)
    )
    worker().run()
    assert statuses() == {TaskResultStatus.READY: 1}

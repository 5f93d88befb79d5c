"""The worker claims due tasks a batch at a time (core/queue/backend.py): in the queue's
order, each run once and its result recorded, and what it will not run given back."""

from __future__ import annotations

import signal
from typing import Any

import pytest
from django.db.utils import InterfaceError, OperationalError, ProgrammingError
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

import undersigned.core.queue.backend as taskqueue
from undersigned.core.queue.backend import ClaimingWorker
from undersigned.core.queue.leases import LeaseKeeper, requeue_expired
from undersigned.core.queue.models import TaskLease
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


def lease(task_id: str, *, worker_id: str, seconds: float) -> None:
    """The task running under ``worker_id``'s lease, expiring ``seconds`` from now."""
    DBTaskResult.objects.filter(pk=task_id).update(
        status="RUNNING", started_at=timezone.now(), worker_ids=[worker_id]
    )
    TaskLease.objects.update_or_create(
        task_id=task_id,
        defaults={
            "worker_id": worker_id,
            "expires_at": timezone.now() + timezone.timedelta(seconds=seconds),
        },
    )


def test_a_claimed_batch_is_leased_to_its_worker(settings):
    settings.TASK_LEASE_SECONDS = 30
    ids = queue(3)
    runner = worker()
    claimed = runner._claim()
    leases = TaskLease.objects.order_by("expires_at")
    assert sorted(str(row.task_id) for row in leases) == sorted(ids)
    assert {row.worker_id for row in leases} == {"w-test"}
    soon = timezone.now() + timezone.timedelta(seconds=30)
    assert all(soon - timezone.timedelta(seconds=5) < row.expires_at <= soon for row in leases)
    runner._run_batch(claimed)
    assert statuses() == {TaskResultStatus.SUCCESSFUL: 3}
    assert not TaskLease.objects.exists(), "a finished batch leaves no lease"


def test_the_keeper_renews_only_the_leases_it_still_holds(settings):
    settings.TASK_LEASE_SECONDS = 30
    mine, taken = queue(2)
    lease(mine, worker_id="w-test", seconds=1)
    lease(taken, worker_id="w-other", seconds=1)  # taken back and claimed by another
    keeper = LeaseKeeper(worker_id="w-test")
    keeper.hold([mine, taken])
    keeper.renew()
    later = timezone.now() + timezone.timedelta(seconds=20)
    assert TaskLease.objects.get(task_id=mine).expires_at > later
    assert TaskLease.objects.get(task_id=taken).expires_at < later
    assert TaskLease.objects.get(task_id=taken).worker_id == "w-other"


def test_tasks_whose_lease_ran_out_are_queued_again(settings):
    settings.TASK_LEASE_SECONDS = 30
    dead, alive, unleased_old, unleased_new = queue(4)
    lease(dead, worker_id="dead", seconds=-1)
    lease(alive, worker_id="alive", seconds=20)
    long_ago = timezone.now() - timezone.timedelta(seconds=31)
    DBTaskResult.objects.filter(pk=unleased_old).update(
        status="RUNNING", started_at=long_ago, worker_ids=["old"]
    )
    DBTaskResult.objects.filter(pk=unleased_new).update(
        status="RUNNING", started_at=timezone.now(), worker_ids=["new"]
    )
    assert requeue_expired(backend_name="default") == 2
    assert DBTaskResult.objects.get(pk=dead).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=unleased_old).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=alive).status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.get(pk=unleased_new).status == TaskResultStatus.RUNNING
    assert list(TaskLease.objects.values_list("worker_id", flat=True)) == ["alive"]
    worker().run()  # another worker runs them, keeping their history
    assert DBTaskResult.objects.get(pk=dead).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(pk=dead).worker_ids == ["dead", "w-test"]


def test_a_running_worker_sweeps_again_within_a_third_of_a_lease(settings, monkeypatch):
    settings.TASK_LEASE_SECONDS = 3
    runner = worker()
    swept: list[float] = []
    monkeypatch.setattr(
        taskqueue, "requeue_expired", lambda **kwargs: swept.append(taskqueue.time.monotonic())
    )
    clock = [1000.0]
    monkeypatch.setattr(taskqueue.time, "monotonic", lambda: clock[0])
    runner._sweep()
    clock[0] += 0.5
    runner._sweep()  # too soon
    clock[0] += 0.6
    runner._sweep()
    assert swept == [1000.0, 1001.1]


def test_giving_back_leaves_a_task_another_worker_took():
    mine, taken = queue(2)
    runner = worker()
    claimed = runner._claim()
    TaskLease.objects.filter(task_id=taken).update(worker_id="w-other")
    runner._give_back(claimed)
    assert DBTaskResult.objects.get(pk=mine).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=taken).status == TaskResultStatus.RUNNING


def test_a_worker_cut_off_longer_than_a_lease_runs_no_more_of_its_batch(settings):
    settings.TASK_LEASE_SECONDS = 30
    queue(3)
    runner = worker()
    claimed = runner._claim()
    runner.keeper.renewed_at -= 31  # no renewal got through for a whole lease
    runner._run_batch(claimed)
    assert statuses() == {TaskResultStatus.READY: 3}


def test_the_worker_waits_out_a_database_outage_and_carries_on(monkeypatch):
    queue(2)
    runner = worker()
    claim = runner._claim
    failures = [OperationalError("connection to server failed"), InterfaceError("closed")]
    waits: list[float] = []

    def flaky_claim() -> list[DBTaskResult[..., Any]]:
        if failures:
            raise failures.pop(0)
        return claim()

    runner._claim = flaky_claim  # type: ignore[method-assign]
    monkeypatch.setattr(taskqueue.time, "sleep", waits.append)
    runner.run()
    assert statuses() == {TaskResultStatus.SUCCESSFUL: 2}
    assert waits[:2] == [taskqueue.RECONNECT_FIRST_SECONDS, taskqueue.RECONNECT_FIRST_SECONDS * 2]


def test_a_task_that_met_an_outage_is_queued_again_not_failed(monkeypatch):
    (task_id,) = queue(1)
    runner = worker()
    (claimed,) = runner._claim()

    def outage(**kwargs: Any) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("undersigned.signatures.tasks.signature_send_confirmation", outage)
    runner.run_task(claimed)
    task = DBTaskResult.objects.get(pk=task_id)
    assert task.status == TaskResultStatus.READY
    assert task.run_after > timezone.now()
    assert task.traceback == ""


def test_other_database_errors_still_stop_the_worker():
    runner = worker()

    def broken() -> list[DBTaskResult[..., Any]]:
        raise ProgrammingError("relation does not exist")

    runner._claim = broken  # type: ignore[method-assign]
    with pytest.raises(ProgrammingError):
        runner.run()


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

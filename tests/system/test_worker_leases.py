"""A worker killed in the middle of a mail: its task is leased, so another worker that is
already running takes it back once the lease runs out, and the mail goes out.

Before leases the task stayed RUNNING until a worker *started* more than 15 minutes
later. Here the mail server holds the first mail without answering, the worker sending it
is killed with SIGKILL, and the other worker, running all along, sends it again.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import time
from dataclasses import dataclass

from aiosmtpd.controller import Controller

from tests.system.processes import Signer, Site, site_environment, wait_until
from undersigned.testing import SMTPSink, free_port

LEASE_SECONDS = 3
SLUG = "leases"


@dataclass
class StallingSink(SMTPSink):
    """Holds the first mail without answering (a mail server hanging), then takes the
    others."""

    stalled: bool = False

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        if not self.stalled:
            self.stalled = True
            await asyncio.sleep(120)
            return "451 gave up"
        return await super().handle_DATA(server, session, envelope)


def task_rows(database: str) -> list[tuple[str, list[str]]]:
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
            "WHERE queue_name = 'default'"
        ).fetchall()
    return [(status, json.loads(workers)) for status, workers in rows]


def test_a_killed_workers_task_is_taken_by_a_running_worker(tmp_path):
    port = free_port()
    sink = StallingSink(host="127.0.0.1", port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    database = str(tmp_path / "undersigned.sqlite3")
    env = site_environment(
        tmp_path, database_url=f"sqlite:///{database}", port=port, smtp_port=sink.port,
        TASK_LEASE_SECONDS=str(LEASE_SECONDS), EMAIL_TIMEOUT="300",
    )  # fmt: skip
    site = Site(tmp_path, env)
    try:
        site.prepare(SLUG)
        site.serve("serve", port)
        first = site.start("worker-1", "worker")
        status, location = Signer(port, SLUG).sign("killed@example.org")
        assert status == 302, location
        wait_until(lambda: sink.stalled, "the first worker to start sending the mail")
        site.start("worker-2", "worker")
        # Held by a live worker, the task is not taken back, however long it runs.
        time.sleep(LEASE_SECONDS * 3)
        ((status, workers),) = task_rows(database)
        assert status == "RUNNING", workers
        assert len(workers) == 1, workers

        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        taken = wait_until(lambda: sink.messages, "the mail, sent by the other worker", seconds=60)
        print(f"taken back and sent {taken:.1f} s after the kill (lease {LEASE_SECONDS} s)")
        assert [str(message["To"]) for message in sink.messages] == ["killed@example.org"]
        wait_until(lambda: task_rows(database)[0][0] == "SUCCESSFUL", "the task's result")
        ((status, workers),) = task_rows(database)
        assert len(workers) == 2, workers
        assert workers[0] != workers[1], workers
    finally:
        site.stop_all()
        controller.stop()

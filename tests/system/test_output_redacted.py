"""Every line ``undersigned serve`` (granian and its workers) and ``undersigned worker``
write to standard error is a record of the site's formatter, redacted: granian's own
lines, a crash's traceback, a raw line a library prints, an uncaught exception in a
thread.

What is printed raw is injected from outside, as a library inside the process would:
a ``sitecustomize`` module on the processes' path starts a thread (in the process and
in every child it forks) that prints a line naming a signer and the database's host,
then dies of an exception naming them too. The worker also crashes for real, on a
database that was never migrated.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from tests.system.processes import site_environment, wait_for_answer
from undersigned.testing import free_port, get

# The database's host, as an operator would name it: no address, a name.
HOST = "db-primary.internal.example"
EMAIL = "ada@example.org"
INJECTION = f"""
import os, sys, threading, time

def _inject(where):
    def run():
        time.sleep(float(os.environ.get("INJECT_AFTER", "4")))
        print("a library complains about {EMAIL} on {HOST} in " + where, file=sys.stderr)
        sys.stderr.flush()
        raise RuntimeError("crashed in " + where + " for {EMAIL} at {HOST}")
    threading.Thread(target=run, name="injected", daemon=True).start()

if os.environ.get("UNDERSIGNED_INJECT"):
    _inject("a process")
    os.register_at_fork(after_in_child=lambda: _inject("a forked child"))
"""


def start(args: list[str], env: dict[str, str], directory: Path, name: str):
    stdout = (directory / f"{name}.out").open("wb")
    stderr = (directory / f"{name}.err").open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "undersigned", *args], env=env, cwd=directory,
        stdout=stdout, stderr=stderr, start_new_session=True,
    )  # fmt: skip


def records(path: Path) -> list[dict[str, str]]:
    """Every line of ``path`` as a JSON record; fails on a line that is not one."""
    found = []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            raise AssertionError(f"a raw line in {path.name}: {line!r}") from None
        assert {"time", "level", "logger", "message"} <= set(record), line
        found.append(record)
    return found


def test_what_the_processes_print_is_formatted_and_redacted(tmp_path):
    (tmp_path / "inject").mkdir()
    (tmp_path / "inject" / "sitecustomize.py").write_text(INJECTION)
    port = free_port()
    env = site_environment(
        tmp_path,
        # The database is unreachable under its host name; the site still serves its
        # 503 page, and the worker waits for it.
        database_url=f"postgres://undersigned@{HOST}:5432/undersigned",
        port=port,
        smtp_port=free_port(),
        LOG_FORMAT="json",
        LOG_LEVEL="INFO",
        PYTHONPATH=str(tmp_path / "inject"),
        UNDERSIGNED_INJECT="1",
        INJECT_AFTER="3",
    )
    never_migrated = {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    processes = []
    try:
        server = start(["serve", "--port", str(port), "--workers", "2"], env, tmp_path, "serve")
        processes.append(server)
        wait_for_answer(port, server, tmp_path / "serve.err")
        assert get(f"http://127.0.0.1:{port}/en/")[0] == 503
        worker = start(["worker"], env, tmp_path, "worker")
        crashing = start(["worker"], never_migrated, tmp_path, "crashing")
        processes += [worker, crashing]
        assert crashing.wait(timeout=120) != 0
        time.sleep(8)  # the injected threads have printed and died in every process
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)

    for name in ("serve", "worker", "crashing"):
        raw = (tmp_path / f"{name}.err").read_text() + (tmp_path / f"{name}.out").read_text()
        assert EMAIL not in raw, name
        if name != "crashing":  # its database is a file: the host is not its own
            assert HOST not in raw, name
        assert records(tmp_path / f"{name}.out") == [], f"{name} wrote to standard output"

    served = records(tmp_path / "serve.err")
    loggers = {record["logger"] for record in served}
    assert "_granian" in loggers  # granian's own lines
    printed = [record["message"] for record in served if record["logger"] == "stderr"]
    # The main process and each of its two forked workers printed, and crashed.
    assert any("in a process" in line for line in printed), printed
    assert sum("in a forked child" in line for line in printed) >= 2, printed
    assert all("[email]" in line and "[host]" in line for line in printed), printed
    crashes = [record for record in served if record["logger"] == "undersigned.crash"]
    assert len(crashes) >= 3, crashes
    assert all("RuntimeError" in record["exception"] for record in crashes)
    assert any(record["logger"] == "undersigned.core.web.outage" for record in served), (
        "the 503 answered while the database is unreachable"
    )

    waited = records(tmp_path / "worker.err")
    assert any("The database is unavailable" in record["message"] for record in waited)
    assert any(record["logger"] == "undersigned.crash" for record in waited)

    crashed = records(tmp_path / "crashing.err")
    (fatal,) = [record for record in crashed if record["message"] == "uncaught OperationalError"]
    assert fatal["level"] == "CRITICAL"
    assert "no such table" in fatal["exception"]
    assert "Traceback (most recent call last)" in fatal["exception"]

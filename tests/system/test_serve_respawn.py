"""``undersigned serve`` keeps serving when one of its worker processes is killed, and
starts a new one in its place (granian's ``--respawn-failed-workers``).

Before, granian shut the whole server down on "Unexpected exit from worker-1", and every
request failed until a supervisor restarted it.
"""

from __future__ import annotations

import http.client
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

from tests.system.processes import Signer, Site, site_environment, wait_until
from undersigned.testing import free_port

SLUG = "respawn"


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.update(int(child) for child in text)
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie, dead but not yet reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in {"Z", "X"}


def listening(pid: int, port: int) -> bool:
    """Whether process ``pid`` holds a socket listening on ``port`` (granian's workers
    each listen on their own, ``SO_REUSEPORT``, once the application is loaded)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
            inodes.add(f"socket:[{fields[9]}]")
    try:
        held = {os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()}
    except FileNotFoundError:
        return False
    return bool(held & inodes)


def get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_a_killed_worker_process_is_replaced_and_the_others_go_on(tmp_path):
    port = free_port()
    env = site_environment(
        tmp_path,
        database_url=f"sqlite:///{tmp_path / 'undersigned.sqlite3'}",
        port=port,
        smtp_port=free_port(),
        PAGE_MICROCACHE_SECONDS="0",
    )
    site = Site(tmp_path, env)
    try:
        site.prepare(SLUG)
        server = site.serve("serve", port, "--workers", "2")
        wait_until(lambda: len(children(server.pid)) == 2, "two worker processes")
        before = children(server.pid)
        # Both serving: a worker listens once its warm-up is done. Killing one while the
        # other still warms up leaves nothing listening for that moment (connections
        # refused), as when the server starts.
        wait_until(lambda: all(listening(pid, port) for pid in before), "both workers listening")
        victim = min(before)

        os.kill(victim, signal.SIGKILL)
        wait_until(lambda: not alive(victim), "the worker to die")
        # Request after request, each on a new connection, while the worker is replaced.
        # A connection the kernel had queued for the killed worker may be reset once: it
        # is tried again once, as the proxy in front does.
        statuses: list[int] = []
        resets = 0
        signer = Signer(port, SLUG)
        deadline = time.monotonic() + 8
        number = 0

        def answer(request: Callable[[], int]) -> int:
            nonlocal resets
            try:
                return request()
            except ConnectionResetError:
                resets += 1
                return request()

        while time.monotonic() < deadline:
            statuses.append(answer(lambda: get(port, f"/en/declarations/{SLUG}/")))
            email = f"respawn-{number}@example.org"
            statuses.append(answer(lambda email=email: signer.sign(email)[0]))
            signer.connection = None  # a new connection each time
            number += 1
        print(f"{len(statuses)} requests after the kill, {resets} reset and tried again")
        assert resets <= 1
        assert server.poll() is None, site.log("serve").read_text()
        assert set(statuses) <= {200, 302}, statuses
        assert statuses.count(302) == number

        # A new worker stands in the place of the killed one.
        wait_until(
            lambda: len(children(server.pid)) == 2 and victim not in children(server.pid),
            "the killed worker's replacement",
        )
        assert get(port, "/en/") == 200
    finally:
        site.stop_all()

"""Fault injection: a site under a steady stream of signatures survives, one after another,
a worker killed, the mail server down for 20 s, an app process killed and a PostgreSQL
restart — and loses nothing.

Two app servers (each two granian processes) and two workers on a private PostgreSQL
cluster (``tests/system/processes.py``, never the shared server), an SMTP sink that can
go down. Signers post at a steady rate through both servers while the faults come, each
in its own window. Then it checks that every POST answered with the success redirect
has exactly one row; that every such signature's mail reached the sink, none missing,
and any second copy (only for mails in flight at a fault) with the same Message-ID;
that no 5xx came but the 503s of the database's outage; that the backlog drained
within a minute of the last fault; that no address is left in any task row. It prints
the fault table (docs/operations.md).

Minutes long, so it runs on its own: ``make faults`` (UNDERSIGNED_FAULTS=1), a step of
``.ci/run``.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.system.processes import (
    Mailbox,
    PrivatePostgres,
    Signer,
    Site,
    private_postgres,
    site_environment,
    wait_until,
)
from undersigned.testing import SMTPSink, free_port

pytestmark = pytest.mark.skipif(
    not os.environ.get("UNDERSIGNED_FAULTS"),
    reason="minutes long: run with make faults (UNDERSIGNED_FAULTS=1)",
)

SLUG = "faults"
CLIENTS = 4
PAUSE = 0.2  # each client's pause between two signatures
WARMUP = 10.0
LEASE_SECONDS = 5
SMTP_DOWN = 20.0
PG_DOWN = 3.0
SETTLE = 15.0  # load before the next fault
DRAIN_SECONDS = 60.0 + LEASE_SECONDS * 2


@dataclass
class Answer:
    at: float
    number: int
    status: int  # 0: no answer (the connection was cut)


@dataclass
class Fault:
    name: str
    start: float = 0.0
    end: float = 0.0  # when the fault was undone (the service back)
    recovery: float | None = None  # measured while it happened
    note: str = ""


@dataclass
class TimedSink(SMTPSink):
    """The sink, noting when each mail arrived."""

    arrivals: list[tuple[float, EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        if answer.startswith("250"):
            self.arrivals.append((time.monotonic(), self.messages[-1]))
        return answer


def granian_workers(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(child) for child in (task / "children").read_text().split())
    return found


class Load:
    """Signers posting at a steady rate through both servers."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.answers: list[Answer] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.counter = 0
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in range(CLIENTS)]

    def next_number(self) -> int:
        with self.lock:
            self.counter += 1
            return self.counter

    def run(self, client: int) -> None:
        signers = [Signer(port, SLUG, timeout=30) for port in self.ports]
        for signer in signers:
            signer.open_form()
        turn = client
        while not self.stopping.is_set():
            number = self.next_number()
            signer = signers[turn % len(signers)]
            turn += 1
            try:
                # Listed by name: the row is found by it (an unlisted name is not kept).
                status, _ = signer.sign(email(number), name=name(number), show_name="on")
            except OSError:
                status = 0
            with self.lock:
                self.answers.append(Answer(at=time.monotonic(), number=number, status=status))
            time.sleep(PAUSE)

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)


def email(number: int) -> str:
    return f"signer-{number}@example.org"


def name(number: int) -> str:
    return f"Signer {number}"


def names_stored(cluster: PrivatePostgres, database: str) -> Counter[str]:
    import psycopg

    with psycopg.connect(cluster.url(database), connect_timeout=10) as db:
        rows = db.execute("SELECT name FROM signatures_signature").fetchall()
    return Counter(row[0] for row in rows)


def scalar(cluster: PrivatePostgres, database: str, sql: str) -> int:
    import psycopg

    with psycopg.connect(cluster.url(database), connect_timeout=10) as db:
        row = db.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def running_tasks(cluster: PrivatePostgres, database: str, *, worker: str = "") -> set[str]:
    """The mail tasks running now (held by ``worker``, when given)."""
    import psycopg

    with psycopg.connect(cluster.url(database), connect_timeout=10) as db:
        rows = db.execute(
            "SELECT id::text, worker_ids FROM django_tasks_database_dbtaskresult "
            "WHERE status = 'RUNNING' AND queue_name = 'default'"
        ).fetchall()
    return {row[0] for row in rows if not worker or (row[1] and row[1][-1] == worker)}


def retries_waiting(cluster: PrivatePostgres, database: str) -> int:
    return scalar(
        cluster, database,
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN "
        "('READY', 'RUNNING') AND (args_kwargs->'kwargs'->>'attempt')::int > 1",
    )  # fmt: skip


def window(answers: list[Answer], faults: list[Fault], index: int) -> list[Answer]:
    start = faults[index].start
    end = faults[index + 1].start if index + 1 < len(faults) else float("inf")
    return [answer for answer in answers if start <= answer.at < end]


def test_faults_one_after_another_lose_nothing(tmp_path):  # noqa: C901 - a scenario
    sink = TimedSink(host="127.0.0.1", port=free_port())
    mail = Mailbox()
    mail.port, mail.sink = sink.port, sink
    mail.start()
    ports = [free_port(), free_port()]
    with private_postgres() as cluster:
        database = "faults"
        url = cluster.create_database(database)
        env = site_environment(
            tmp_path, database_url=url, port=ports[0], smtp_port=sink.port,
            TASK_LEASE_SECONDS=str(LEASE_SECONDS), MAIL_RETRY_BASE_SECONDS="2",
            MAIL_MAX_ATTEMPTS="20", EMAIL_TIMEOUT="5", COUNTER_INTERVAL_SECONDS="2",
        )  # fmt: skip
        site = Site(tmp_path, env)
        load = Load(ports)
        faults: list[Fault] = [Fault("none (baseline)")]
        try:
            site.prepare(SLUG)
            servers = [
                site.serve(f"serve-{n}", port, "--workers", "2", "--threads", "2")
                for n, port in enumerate(ports)
            ]
            for n in range(2):
                site.start(f"worker-{n}", "worker", "--worker-id", f"fault-worker-{n}")
            started = time.monotonic()
            faults[0].start = started
            load.start()
            time.sleep(WARMUP)

            # 1. A worker killed; the supervisor starts it again a little later.
            fault = Fault("SIGKILL of a worker")
            faults.append(fault)
            fault.start = time.monotonic()
            # Killed while it holds tasks (claimed, or the one it is sending).
            wait_until(
                lambda: running_tasks(cluster, database, worker="fault-worker-0"),
                "the worker to hold tasks", seconds=30,
            )  # fmt: skip
            os.kill(site.processes["worker-0"].pid, signal.SIGKILL)
            site.processes["worker-0"].wait(timeout=10)
            held = running_tasks(cluster, database, worker="fault-worker-0")
            fault.end = fault.start
            taken = wait_until(
                lambda: not held & running_tasks(cluster, database),
                "the killed worker's tasks to be run by the other",
                seconds=LEASE_SECONDS * 6,
            )
            fault.note = f"its {len(held)} running task(s) finished {taken:.1f} s after the kill"
            fault.recovery = taken
            time.sleep(max(0.0, SETTLE - taken))
            site.start("worker-0b", "worker", "--worker-id", "fault-worker-0b")

            # 2. The mail server down for 20 s.
            fault = Fault(f"SMTP server down {SMTP_DOWN:.0f} s")
            faults.append(fault)
            fault.start = time.monotonic()
            mail.stop()
            time.sleep(SMTP_DOWN)
            mail.start()
            fault.end = time.monotonic()
            fault.recovery = wait_until(
                lambda: retries_waiting(cluster, database) == 0,
                "the mails that waited for the SMTP server",
                seconds=60,
            )
            fault.note = "until no mail waits for a retry"
            time.sleep(max(0.0, SETTLE - fault.recovery))

            # 3. An app process killed: one of the first server's granian workers.
            fault = Fault("SIGKILL of an app process")
            faults.append(fault)
            before = granian_workers(servers[0].pid)
            fault.start = time.monotonic()
            os.kill(min(before), signal.SIGKILL)
            fault.end = fault.start
            respawned = wait_until(
                lambda: (
                    len(granian_workers(servers[0].pid)) == 2
                    and min(before) not in granian_workers(servers[0].pid)
                ),
                "granian to start a new app process",
            )
            fault.note = f"granian started a new process {respawned:.1f} s after the kill"
            time.sleep(SETTLE)

            # 4. PostgreSQL restarted.
            fault = Fault("PostgreSQL restart")
            faults.append(fault)
            fault.start = time.monotonic()
            cluster.stop(mode="fast")
            time.sleep(PG_DOWN)
            cluster.start()
            fault.end = time.monotonic()
            time.sleep(SETTLE)
            load.stop()
            last_fault_end = fault.end

            # The backlog drains.
            accepted = {answer.number for answer in load.answers if answer.status == 302}
            wanted = {email(number) for number in accepted}

            def delivered() -> bool:
                return wanted <= {str(message["To"]) for message in sink.messages}

            drained = wait_until(delivered, "every accepted signature's mail", seconds=180)
            drained_at = time.monotonic()
            time.sleep(LEASE_SECONDS + 2)  # a duplicate would arrive now
            for server in servers:
                assert server.poll() is None, "an app server stopped"
            for name_ in ("worker-1", "worker-0b"):
                assert site.processes[name_].poll() is None, f"{name_} stopped"
        finally:
            load.stop()
            site.stop_all()
            mail.stop()

        stored = names_stored(cluster, database)
        left = scalar(
            cluster, database,
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE "
            "(args_kwargs::text || coalesce(return_value::text, '') || traceback) LIKE '%@%'",
        )  # fmt: skip
        addresses = scalar(
            cluster, database, "SELECT count(*) FROM signatures_signature WHERE sealed_email <> ''"
        )

    # --- The table ---------------------------------------------------------------------
    copies: dict[str, list[tuple[float, str]]] = {}
    for arrived, message in sink.arrivals:
        copies.setdefault(str(message["To"]), []).append((arrived, str(message["Message-ID"])))
    rows = []
    problems: list[str] = []
    for index, fault in enumerate(faults):
        answers = window(load.answers, faults, index)
        ok = [a for a in answers if a.status == 302]
        statuses = Counter(a.status for a in answers)
        once = sum(len(copies.get(email(a.number), [])) == 1 for a in ok)
        twice = sum(len(copies.get(email(a.number), [])) == 2 for a in ok)
        never = sum(len(copies.get(email(a.number), [])) == 0 for a in ok)
        more = sum(len(copies.get(email(a.number), [])) > 2 for a in ok)
        one_row = sum(stored.get(name(a.number), 0) == 1 for a in ok)
        errors = sum(n for status, n in statuses.items() if status >= 500)
        unavailable = statuses.get(503, 0)
        cut = statuses.get(0, 0)
        # Recovery: measured while it happened (the killed worker's tasks run by the
        # other; no mail left waiting for a retry), or until the first signature accepted
        # and the first mail sent after the fault ended.
        if fault.recovery is not None:
            recovery = f"{fault.recovery:.1f} s"
        elif fault.end:
            after = fault.end
            first_ok = min(
                (a.at for a in load.answers if a.status == 302 and a.at > after), default=after
            )
            first_mail = min((t for t, _ in sink.arrivals if t > after), default=after)
            recovery = f"{max(first_ok, first_mail) - after:.1f} s"
            if not fault.note:
                fault.note = "until the first signature and the first mail after it"
        else:
            recovery = "-"
        rows.append((fault.name, len(ok), one_row, once, twice, never, errors, unavailable, cut,
                     recovery, fault.note))  # fmt: skip
        if one_row != len(ok):
            problems.append(f"{fault.name}: {len(ok) - one_row} accepted without exactly one row")
        if never or more:
            problems.append(f"{fault.name}: {never} mail(s) never sent, {more} sent 3+ times")
        if errors != unavailable or (unavailable and "PostgreSQL" not in fault.name):
            problems.append(f"{fault.name}: 5xx other than the outage's 503: {statuses}")
        if cut and "app process" not in fault.name:
            problems.append(f"{fault.name}: {cut} request(s) without an answer")

    header = ("fault", "accepted", "one row", "mail once", "twice", "never", "5xx", "503",
              "cut off", "recovery", "")  # fmt: skip
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    table = "\n".join(
        "| "
        + " | ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        + " |"
        for row in [header, tuple("-" * w for w in widths), *rows]
    )
    mixed = [to for to, sent in copies.items() if len({mid for _, mid in sent}) > 1]
    # Each mail sent twice, by the fault during which its first copy went out.
    sent_twice: Counter[str] = Counter()
    for sent in copies.values():
        if len(sent) > 1:
            first = min(t for t, _ in sent)
            during = [f.name for f in faults if f.start <= first]
            sent_twice[during[-1] if during else faults[0].name] += 1
    if sent_twice.get(faults[0].name):
        problems.append(f"mails sent twice with no fault: {sent_twice[faults[0].name]}")
    print(f"\n{table}\n")
    print(
        f"{len(load.answers)} POSTs in {faults[-1].start - started + SETTLE:.0f} s; backlog "
        f"drained {drained_at - last_fault_end:.0f} s after the last fault (waited "
        f"{drained:.0f} s after the load); {left} task row(s) with an address; "
        f"{addresses} address(es) left in signatures"
    )
    print(f"mails sent twice, by the fault their first copy went out in: {dict(sent_twice)}")
    assert not problems, "\n".join(problems)
    assert not mixed, f"copies of one mail with different Message-IDs: {mixed[:5]}"
    assert drained_at - last_fault_end < 60, "the backlog took more than a minute to drain"
    assert left == 0
    assert addresses == 0
    assert sum(row[4] for row in rows) <= CLIENTS * 16, "more duplicates than mails in flight"

"""The benchmark harness: ``make bench`` (docs/benchmarks.md).

Starts the real production server (``undersigned serve``, UNDERSIGNED_ENV=production,
DEBUG off) and task workers against a fresh database in a temporary directory, drives
them with wrk over loopback (Lua scripts next to this file), and prints every figure
with the command that made it, the machine, and the median of repeated runs, as a
Markdown block ready for docs/benchmarks.md.

    .venv/bin/python bench/run.py                  # SQLite, 3 runs of 20 s each
    .venv/bin/python bench/run.py --db postgres    # PostgreSQL (database "bench")
    .venv/bin/python bench/run.py --quick          # 1 run of 3 s: does the harness work?

What it measures (each with its target from issue #6):

1. intake: valid sign POSTs/s at 32 connections, p50/p99, then checks that every 302
   has its signature row and its mail task ("lost");
2. reading: declaration page GETs/s alone, while intake runs, and revalidations (304);
3. a million signatures (``bulk_load_signatures``): list pages p50/p99, the count,
   CSV and JSON exports (time, peak memory of the server), if the exports exist;
4. mail: confirmation mails/s through ``undersigned worker`` into an SMTP sink here;
5. the ceiling: the same POST against a minimal view (``BENCH_ENDPOINTS``), on the
   same server and database, interleaved with the intake runs; intake is reported as
   a ratio of it.

The mail workers do not run during intake (the mails queue, as the task rows show) so
that intake measures the web path; ``--worker-during-intake`` runs one alongside.
``--proxy nginx`` puts nginx with the deployment's own locations
(``deploy/nginx/undersigned-proxy.conf``) in front, and sends intake, reading and the
ceiling through it, as a site expecting surges would be deployed.
Only the standard library, the project's virtualenv, wrk and (for ``--proxy``) nginx
are used.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import http.client
import json
import os
import platform
import re
import secrets
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
UNDERSIGNED = [PYTHON, "-m", "undersigned"]
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/bench"
PHASES = ("intake", "read", "million", "open", "search", "mail", "ceiling", "timing")
# (open: the count, badge, API pages, stats and a full walk of the million, #14;
# search: the declaration page's search of the list on the million, #15;
# timing: a new address against a repeated one, one request at a time, #17)
# The caller's environment must not redirect the run (another database, settings).
# A tmpfs for the address keys of a run (their own folder, named as the run's directory).
SHM = Path("/dev/shm")
LEAKY = (
    "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL",
    "DEBUG", "EMAIL_HOST", "EMAIL_PORT", "CSRF_TRUSTED_ORIGINS", "SECURE_SSL_REDIRECT",
    "UNDERSIGNED_ENV", "UNDERSIGNED_VAR_DIR", "REDIS_URL", "BENCH_ENDPOINTS", "ADDRESS_KEYS_DIR",
)  # fmt: skip
# Every request comes from 127.0.0.1: the anti-spam limits of one client (issue #4)
# would hold or refuse the load. A benchmark measures capacity, so they are lifted.
LIFTED_LIMITS = {
    "SIGN_LIMIT_PER_CLIENT": "100000000",
    "SIGN_LIMIT_PER_CLIENT_WITHOUT_POW": "100000000",
    "SIGN_BLOCK_PER_CLIENT": "100000000",
    "SIGN_LIMIT_PER_DECLARATION": "100000000",
    "SIGN_MIN_FILL_SECONDS": "0",
    "API_RATE_LIMIT_PER_MINUTE": "0",
}
BODY = "\n\n".join(
    f"{number}. We, the undersigned, declare that point {number} matters, and we say why "
    "in a paragraph long enough to look like the texts people sign: a statement of a "
    "coalition, its demands, and the reasons for them, in plain words."
    for number in range(1, 13)
)
SETUP = """
import json
from undersigned.declarations.models import Declaration
from undersigned.declarations.services import declaration_create, declaration_open
for slug in {slugs!r}:
    if not Declaration.objects.filter(slug=slug).exists():
        d = declaration_create(slug=slug, title="Benchmark: " + slug, body={body!r},
                               publisher="bench/run.py", allow_organizations=True)
        declaration_open(declaration=d)
print(json.dumps({{"ok": True}}))
"""
COUNTS = """
import json
from django_tasks_db.models import DBTaskResult
from undersigned.signatures.models import Signature
print(json.dumps({{
    "signatures": Signature.objects.filter(declaration__slug={slug!r}).count(),
    "mail_tasks": DBTaskResult.objects.filter(
        task_path="undersigned.signatures.tasks.send_confirmation_mail").count(),
}}))
"""
MILLION_COUNT = """
import json, time
from undersigned.counters.services import counters_fold
from undersigned.counters.selectors import exact_published_count, published_count
from undersigned.declarations.selectors import public_declaration
started = time.perf_counter(); counters_fold(); first = time.perf_counter() - started
started = time.perf_counter(); counters_fold(); again = time.perf_counter() - started
declaration = public_declaration(slug={slug!r})
started = time.perf_counter(); shown = published_count(declaration=declaration)
page = time.perf_counter() - started
started = time.perf_counter(); exact = exact_published_count(declaration=declaration)
full = time.perf_counter() - started
print(json.dumps({{"first_fold": first, "fold": again, "shown": shown, "page_count": page,
                  "exact": exact, "full_count": full}}))
"""
MAIL_BACKLOG = """
import json
from undersigned.declarations.models import Declaration
from undersigned.signatures.services import PersonSubmission, signature_submit
declaration = Declaration.objects.get(slug={slug!r})
for number in range({count}):
    signature_submit(declaration=declaration, language="en", submission=PersonSubmission(
        name=f"Mail signer {{number}}", email=f"{tag}-{{number}}@example.org", country="DE"))
print(json.dumps({{"queued": {count}}}))
"""
READY_MAILS = """
import json
from django_tasks_db.models import DBTaskResult
print(json.dumps({"ready": DBTaskResult.objects.ready().filter(
    task_path="undersigned.signatures.tasks.send_confirmation_mail").count()}))
"""


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# --- Results --------------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    unit: str
    target: str = ""
    command: str = ""
    values: list[float] = field(default_factory=list)
    note: str = ""
    skipped: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit in {"/s", "rows"}:
        return f"{value:,.0f}"
    if unit == "ms":
        return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"
    if unit == "s":
        return f"{value:,.1f} s"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "%":
        return f"{value:.0f} %"
    return f"{value:g}{unit}"


def cpu_ticks() -> list[int] | None:
    """The machine's CPU time counters (user, nice, system, idle, iowait, irq, softirq,
    steal), from /proc/stat; None where there is none."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()
        return [int(value) for value in fields[1:9]]
    except (OSError, ValueError, IndexError):
        return None


@dataclass
class Report:
    db: str
    machine: dict[str, str]
    server: str
    figures: dict[str, Figure] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # (when, 1-minute load average): a busy machine's figures are worth less.
    loads: list[tuple[str, str]] = field(default_factory=list)
    # (until when, share of CPU time stolen since the previous note).
    steal: list[tuple[str, str]] = field(default_factory=list)
    ticks: list[int] | None = None

    def note_load(self, moment: str) -> None:
        self.loads.append((moment, f"{os.getloadavg()[0]:.2f}"))
        ticks = cpu_ticks()
        if self.ticks is not None and ticks is not None:
            total = sum(ticks) - sum(self.ticks)
            stolen = ticks[7] - self.ticks[7]
            if total > 0:
                self.steal.append((moment, f"{100 * stolen / total:.0f} %"))
        self.ticks = ticks

    def figure(self, key: str, name: str, unit: str, target: str = "") -> Figure:
        if key not in self.figures:
            self.figures[key] = Figure(name=name, unit=unit, target=target)
        return self.figures[key]

    def markdown(self, *, repeat: int, duration: float) -> str:
        machine = self.machine
        loads = ", ".join(f"{moment} {load}" for moment, load in self.loads)
        lines = [
            f"### {self.db} — {datetime.now(UTC):%Y-%m-%d}",
            "",
            f"Machine: {machine['cpus']} × {machine['cpu']}, {machine['memory']}, "
            f"{machine['os']}; Python {machine['python']}, {machine['database']}, "
            f"{machine['wrk']}. Load generator on the same machine, over loopback.",
            f"Server: {self.server}; {machine['page_size']} entries a page. Each figure is "
            f"the median of {repeat} run(s) of {duration:g} s unless said otherwise.",
            f"Load average (1 min) of the machine: {loads}.",
            *(
                [
                    "CPU time stolen by the hypervisor (a virtual machine's neighbours), "
                    "from /proc/stat, up to: "
                    + ", ".join(f"{moment} {share}" for moment, share in self.steal)
                    + "."
                ]
                if self.steal
                else []
            ),
            "",
            "| Figure | Median | Runs | Target | Command |",
            "|---|---:|---|---|---|",
        ]
        for figure in self.figures.values():
            if not figure.values and not figure.skipped:
                continue
            if figure.skipped:
                lines.append(f"| {figure.name} | skipped | {figure.skipped} | {figure.target} | |")
                continue
            runs = ", ".join(fmt(value, figure.unit) for value in figure.values)
            note = f" ({figure.note})" if figure.note else ""
            command = f"`{figure.command}`" if figure.command else ""
            lines.append(
                f"| {figure.name} | **{fmt(figure.median, figure.unit)}**{note} | {runs} | "
                f"{figure.target} | {command} |"
            )
        if self.notes:
            lines += ["", *[f"- {note}" for note in self.notes]]
        return "\n".join(lines)


# --- The machine ----------------------------------------------------------------------


def machine_info(env: dict[str, str], db: str) -> dict[str, str]:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown memory"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    wrk_version = (wrk.stdout or wrk.stderr).splitlines()[0].split(" Copyright")[0].strip()
    versions = django_json(
        "import json, django, sqlite3, granian\n"
        "from django.db import connection\n"
        "connection.ensure_connection()\n"
        "print(json.dumps({'django': django.get_version(), 'granian': granian.__version__,"
        " 'sqlite': sqlite3.sqlite_version, 'vendor': connection.vendor,"
        " 'page_size': __import__('django.conf').conf.settings.SIGNATORY_PAGE_SIZE,"
        " 'server': getattr(connection.connection, 'info', None) and"
        " connection.connection.info.server_version}))",
        env,
    )
    if db == "postgres":
        number = int(versions["server"] or 0)
        database = f"PostgreSQL {number // 10000}.{number % 10000}"
    else:
        database = f"SQLite {versions['sqlite']} (WAL)"
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": versions["django"],
        "granian": versions["granian"],
        "database": f"Django {versions['django']}, granian {versions['granian']}, {database}",
        "wrk": wrk_version,
        "page_size": str(versions["page_size"]),
    }


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    log("wrk is missing: installing Debian's package")
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*prefix, "apt-get", "install", "-y", "-qq", "wrk"], check=True)


# --- Processes ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def django_json(code: str, env: dict[str, str], timeout: float = 1800) -> Any:
    """Run ``code`` in ``undersigned shell`` and return the JSON it printed last."""
    done = subprocess.run(
        [*UNDERSIGNED, "shell", "-c", code],
        env=env, cwd=env["UNDERSIGNED_VAR_DIR"], capture_output=True, text=True,
        timeout=timeout, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"undersigned shell failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def undersigned(args: list[str], env: dict[str, str], timeout: float = 1800) -> str:
    done = subprocess.run(
        [*UNDERSIGNED, *args], env=env, cwd=env["UNDERSIGNED_VAR_DIR"],
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"undersigned {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


class Processes:
    """Everything the harness starts; ``stop_all`` ends them (each in its own group)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.running: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        """``undersigned ARGS``."""
        return self.start_program(name, [*UNDERSIGNED, *args], env)

    def start_program(
        self, name: str, command: list[str], env: dict[str, str]
    ) -> subprocess.Popen[bytes]:
        with (self.directory / f"{name}.log").open("ab") as output:
            process = subprocess.Popen(
                command, env=env or None, cwd=self.directory,
                stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        self.running[name] = process
        return process

    def stop(self, name: str) -> None:
        process = self.running.pop(name, None)
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)

    def stop_all(self) -> None:
        for name in list(self.running):
            self.stop(name)

    def log_tail(self, name: str) -> str:
        path = self.directory / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""


def wait_for_http(port: int, path: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered 200 on port {port} within {seconds} s")


class Sink:
    """An SMTP server in this process that counts what it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.port = free_port()
        self.received = 0
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        with self.lock:
            self.received += 1
        return "250 OK"

    def __enter__(self) -> Sink:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


def process_group_rss(pgid: int) -> int:
    """The largest resident set (bytes) among the processes of a process group."""
    largest = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) != pgid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    largest = max(largest, int(line.split()[1]) * 1024)
        except (OSError, ValueError, IndexError):
            continue
    return largest


# --- Load -----------------------------------------------------------------------------


@dataclass
class Load:
    ok: int
    other: int
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    command: str

    @property
    def ok_per_second(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


def wrk(
    url: str,
    script: str,
    script_args: list[str],
    *,
    connections: int,
    threads: int,
    duration: float,
    shown_args: list[str] | None = None,
) -> Load:
    args = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{duration:g}s", "--latency",
        "--timeout", "10s", "-s", str(BENCH / script), url,
    ]  # fmt: skip
    if script_args:
        args += ["--", *script_args]
    done = subprocess.run(args, capture_output=True, text=True, timeout=duration + 60, check=False)
    found = re.search(r"^BENCH (\{.*\})$", done.stdout, re.MULTILINE)
    if done.returncode != 0 or not found:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    data = json.loads(found[1])
    shown = args[: len(args) - (len(script_args) + 1 if script_args else 0)]
    shown = [part.replace(str(ROOT) + "/", "") for part in shown]
    if shown_args:
        shown += ["--", *shown_args]
    return Load(
        ok=data["ok"],
        other=data["other"],
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=data["errors"],
        # The port is a free one of the run: "PORT" in the printed command.
        command=re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", shlex.join(shown)),
    )


INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def sign_form(port: int, path: str) -> tuple[str, str]:
    """The sign form's fields as a url-encoded body without the email, and the cookie.

    Every input the page's form carries is kept (the CSRF token, and whatever hidden
    fields anti-spam adds); a person's name, country and city are filled in; fields
    a person would leave empty (a honeypot) stay empty.
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    page = response.read().decode()
    if response.status != 200:
        raise RuntimeError(f"GET {path} answered {response.status}")
    cookies = [
        value.split(";", 1)[0]
        for key, value in response.getheaders()
        if key.lower() == "set-cookie"
    ]
    fields: dict[str, str] = {}
    for tag in INPUT.findall(page):
        attributes = dict(ATTRIBUTE.findall(tag))
        name = attributes.get("name")
        if not name or name == "email":
            continue
        if attributes.get("type") == "checkbox":
            if "checked" in tag:
                fields[name] = attributes.get("value", "on")
            continue
        fields[name] = attributes.get("value", "")
    fields.update(name="Bench Signer", country="DE", city="Berlin")
    return urllib.parse.urlencode(fields), "; ".join(cookies)


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    return response.status, {key.lower(): value for key, value in response.getheaders()}


def download(port: int, path: str, pgid: int) -> tuple[int, int, float, int, int]:
    """GET ``path`` to the end; (status, bytes, seconds, baseline RSS, peak RSS)."""
    baseline = process_group_rss(pgid)
    peak = baseline
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(0.02):
            peak = max(peak, process_group_rss(pgid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    size = 0
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        connection.request("GET", path)
        response = connection.getresponse()
        while chunk := response.read(1 << 16):
            size += len(chunk)
        status = response.status
    finally:
        seconds = time.perf_counter() - started
        stop.set()
        sampler.join()
    return status, size, seconds, baseline, peak


# --- The run --------------------------------------------------------------------------


@dataclass
class Bench:
    args: argparse.Namespace
    env: dict[str, str]
    processes: Processes
    port: int
    sink: Sink
    report: Report
    deadline: float
    body: str = ""
    cookie: str = ""
    # Where intake, reading and the ceiling are sent: the app, or a proxy in front of it.
    front_port: int = 0

    @property
    def front(self) -> int:
        return self.front_port or self.port

    def time_left(self, what: str) -> bool:
        if time.monotonic() < self.deadline:
            return True
        self.report.notes.append(f"{what} was not run: the time limit was reached.")
        log(f"time limit reached: skipping {what}")
        return False

    def server_pgid(self) -> int:
        return self.processes.running["serve"].pid

    def start_worker(self, name: str) -> None:
        self.processes.start(name, ["worker", "--interval", "0.1"], self.env)

    def counts(self, slug: str) -> dict[str, int]:
        return django_json(COUNTS.format(slug=slug), self.env)

    # 1, 2 and 5: intake, reading and the ceiling, interleaved run by run.
    def intake_read_ceiling(self, phases: set[str]) -> None:
        args = self.args
        self.body, self.cookie = sign_form(self.front, "/en/declarations/viral/sign/")
        worker = None
        if args.worker_during_intake:
            worker = "worker-intake"
            self.start_worker(worker)
        try:
            for run in range(1, args.repeat + 1):
                if not self.time_left(f"run {run} of intake, reading and the ceiling"):
                    break
                tag = f"r{run}x{secrets.token_hex(3)}"
                if "intake" in phases:
                    self.intake_run(run, tag)
                if "ceiling" in phases:
                    self.ceiling_run(run, tag + "c")
                if "read" in phases:
                    self.read_runs(run, tag + "d")
        finally:
            if worker:
                self.processes.stop(worker)

    def sign_load(self, path: str, tag: str, *, threads: int) -> Load:
        return wrk(
            f"http://127.0.0.1:{self.front}{path}", "sign.lua", [self.body, self.cookie, tag],
            connections=self.args.connections, threads=threads, duration=self.args.duration,
            shown_args=["BODY", "COOKIE", "TAG"],
        )  # fmt: skip

    def page_load(self, path: str, *, threads: int, etag: str = "") -> Load:
        return wrk(
            f"http://127.0.0.1:{self.front}{path}", "page.lua", [etag] if etag else [],
            connections=self.args.connections, threads=threads, duration=self.args.duration,
            shown_args=["ETAG"] if etag else None,
        )  # fmt: skip

    def intake_run(self, run: int, tag: str) -> None:
        report, connections = self.report, self.args.connections
        before = self.counts("viral")
        load = self.sign_load("/en/declarations/viral/sign/", tag, threads=self.args.threads)
        time.sleep(1)  # let answers in flight settle
        after = self.counts("viral")
        rows = after["signatures"] - before["signatures"]
        tasks = after["mail_tasks"] - before["mail_tasks"]
        # A 302 without its row, or a row without its mail task. (Rows beyond the 302s
        # are requests wrk gave up on or cut off at the end, which the server finished.)
        lost = max(0, load.ok - rows) + max(0, rows - tasks)
        for key, name, unit, target, value in (
            ("intake", f"Sign POSTs/s ({connections} connections)", "/s", "≥ 1,000",
             load.ok_per_second),
            ("intake_p50", "Sign POST latency p50", "ms", "", load.p50_ms),
            ("intake_p99", "Sign POST latency p99", "ms", "< 100 ms", load.p99_ms),
            ("lost", "Lost signatures (302 without its row or mail task)", "rows", "0", lost),
        ):  # fmt: skip
            figure = report.figure(key, name, unit, target)
            figure.values.append(value)
            figure.command = load.command
        log(
            f"intake run {run}: {load.ok_per_second:.0f}/s, p50 {load.p50_ms:.1f} ms, p99 "
            f"{load.p99_ms:.1f} ms; 302s {load.ok}, other answers {load.other}, socket "
            f"errors {load.errors}; new rows {rows}, new mail tasks {tasks}; lost {lost}"
        )
        if load.other or load.errors:
            report.notes.append(
                f"Intake run {run}: {load.other} answers other than 302 and {load.errors} "
                f"socket errors or timeouts; {rows} new rows for {load.ok} 302s."
            )

    def ceiling_run(self, run: int, tag: str) -> None:
        report = self.report
        load = self.sign_load("/bench/ceiling/ceiling/", tag, threads=self.args.threads)
        ceiling = report.figure("ceiling", "Ceiling: minimal view POSTs/s", "/s")
        ceiling.values.append(load.ok_per_second)
        ceiling.command = load.command
        log(f"ceiling run {run}: {load.ok_per_second:.0f}/s, p99 {load.p99_ms:.1f} ms")
        intake = report.figures.get("intake")
        if intake and len(intake.values) == run:
            ratio = report.figure("ratio", "Intake as a share of the ceiling", "%", "≥ 70 %")
            ratio.values.append(100 * intake.values[-1] / max(load.ok_per_second, 1))

    def read_runs(self, run: int, tag: str) -> None:
        report, page = self.report, "/en/declarations/viral/"
        load = self.page_load(page, threads=self.args.threads)
        for key, name, unit, target, value in (
            ("read_alone", "Declaration page GETs/s, alone", "/s", "≥ 3,000",
             load.ok_per_second),
            ("read_alone_p99", "Declaration page p99, alone", "ms", "", load.p99_ms),
        ):  # fmt: skip
            figure = report.figure(key, name, unit, target)
            figure.values.append(value)
            figure.command = load.command
        log(f"page alone run {run}: {load.ok_per_second:.0f}/s (non-200: {load.other})")

        etag = get(self.front, page)[1].get("etag", "")
        load = self.page_load(page, threads=self.args.threads, etag=etag)
        figure = report.figure("revalidate", "Conditional page GETs/s (304, If-None-Match)", "/s")
        figure.values.append(load.ok_per_second)
        figure.command = load.command
        log(f"revalidation run {run}: {load.ok_per_second:.0f} 304s/s (other: {load.other})")

        # Both at once, one wrk thread each.
        with ThreadPoolExecutor(max_workers=1) as pool:
            reading = pool.submit(self.page_load, page, threads=1)
            signing = self.sign_load("/en/declarations/viral/sign/", tag, threads=1)
            read = reading.result()
        during = report.figure(
            "read_during", "Declaration page GETs/s during intake", "/s", "≥ 1,000"
        )
        during.values.append(read.ok_per_second)
        during.command = f"{read.command} & {signing.command}"
        figure = report.figure("intake_during", "… while sign POSTs/s were", "/s")
        figure.values.append(signing.ok_per_second)
        log(
            f"page during intake run {run}: {read.ok_per_second:.0f} GETs/s with "
            f"{signing.ok_per_second:.0f} POSTs/s"
        )

    # 3: a million signatures.
    def million(self) -> None:
        args, report = self.args, self.report
        count = args.million
        slug = "million"
        if not self.time_left("the million-signature figures"):
            return
        log(f"bulk loading {count:,} signatures")
        started = time.perf_counter()
        undersigned(["bulk_load_signatures", slug, "--count", str(count)], self.env)
        load_time = time.perf_counter() - started
        figure = report.figure("bulk_load", f"Bulk load of {count:,} signatures", "s")
        figure.values.append(load_time)
        figure.command = f"undersigned bulk_load_signatures {slug} --count {count}"
        log(f"bulk load: {load_time:.1f} s")

        counted = django_json(MILLION_COUNT.format(slug=slug), self.env)
        for key, name in (
            ("first_fold", "Counter job, first run over the whole list"),
            ("fold", "Counter job, a run with nothing new"),
            ("page_count", "The page's count (counter + tail)"),
            ("full_count", "An exact COUNT(*) of the list, for comparison"),
        ):
            figure = report.figure(f"million_{key}", f"{name} ({count:,})", "ms")
            figure.values.append(counted[key] * 1000)
        if counted["shown"] != counted["exact"] or counted["exact"] < count:
            report.notes.append(
                f"The page's count ({counted['shown']}) differs from the exact one "
                f"({counted['exact']})."
            )
        log(f"counts: {counted}")

        status, _ = get(self.port, f"/en/declarations/{slug}/")
        pages = max(1, -(-counted["exact"] // int(report.machine["page_size"])))
        base = f"http://127.0.0.1:{self.port}/en/declarations/{slug}/"
        # The first, middle and last page as a crowd gets them (kept by the microcache
        # and the page cache after the first request), then pages picked at random
        # among all of them, as a crawler walking the list asks: nearly every one is
        # built by Django from the database, which is the list's real cost.
        for label, query, spread in (
            ("first page", "", 0),
            ("middle page", f"?page={max(1, pages // 2)}", 0),
            ("last page", f"?page={pages}", 0),
            ("random page", "", pages),
        ):
            p50 = report.figure(f"list_{label}_p50", f"List {label}, p50 ({count:,})", "ms")
            p99 = report.figure(
                f"list_{label}_p99", f"List {label}, p99 ({count:,})", "ms", "< 50 ms"
            )
            rate = report.figure(f"list_{label}_rate", f"List {label}, GETs/s", "/s")
            for run in range(1, args.repeat + 1):
                if not self.time_left(f"the {label} run {run}"):
                    break
                load = wrk(
                    base + query, "page.lua", ["-", str(spread)] if spread else [],
                    connections=args.list_connections, threads=args.threads,
                    duration=args.duration, shown_args=["-", str(spread)] if spread else None,
                )  # fmt: skip
                p50.values.append(load.p50_ms)
                p99.values.append(load.p99_ms)
                rate.values.append(load.ok_per_second)
                p99.command = load.command
                log(f"{label} run {run}: p50 {load.p50_ms:.1f} ms, p99 {load.p99_ms:.1f} ms")

        for suffix in ("csv", "json"):
            path = f"/declarations/{slug}/signatories.{suffix}"
            name = f"{suffix.upper()} export of {count:,}"
            status, _ = get(self.port, path, {"Range": "bytes=0-0"})
            if status == 404:
                message = f"{path} answers 404: the exports (issue #3) are not there yet"
                report.figure(f"export_{suffix}", name, "s").skipped = message
                log(f"skipped: {message}")
                continue
            seconds = report.figure(f"export_{suffix}", f"{name}: time", "s", "< 15 s (CSV)")
            memory = report.figure(
                f"export_{suffix}_mb", f"{name}: peak RSS of a server process", "MB",
                "< 200 MB (CSV)",
            )  # fmt: skip
            for run in range(1, args.repeat + 1):
                if not self.time_left(f"the {suffix} export run {run}"):
                    break
                status, size, took, baseline, peak = download(self.port, path, self.server_pgid())
                if status != 200:
                    seconds.skipped = f"{path} answered {status}"
                    # What the server wrote about it (its log is redacted), for the report.
                    tail = self.processes.log_tail("serve").strip()
                    report.notes.append(
                        f"{path} answered {status} in run {run}; the server's log ends:\n\n"
                        + ("\n".join(f"    {line}" for line in tail.splitlines()) or "    (empty)")
                    )
                    log(f"{suffix} export run {run}: answered {status}")
                    break
                seconds.values.append(took)
                memory.values.append(peak / 1e6)
                seconds.command = f"curl -o /dev/null http://127.0.0.1:PORT{path}"
                memory.note = f"{baseline / 1e6:.0f} MB before the export"
                log(
                    f"{suffix} export run {run}: {size / 1e6:.1f} MB in {took:.1f} s, "
                    f"RSS {baseline / 1e6:.0f} → {peak / 1e6:.0f} MB"
                )

    # 3b: the open data read paths on the million (#14).
    def open_data(self) -> None:
        args, report = self.args, self.report
        count, slug = args.million, "million"
        if not self.time_left("the open data figures"):
            return
        if get(self.port, f"/api/v1/declarations/{slug}/count")[0] != 200:
            return
        counted = django_json(
            "import json\nfrom undersigned.counters.services import counters_fold\n"
            "from undersigned.counters.selectors import published_count\n"
            "from undersigned.declarations.selectors import public_declaration\n"
            "counters_fold()\n"
            f"d = public_declaration(slug={slug!r})\n"
            "print(json.dumps({'n': published_count(declaration=d)}))",
            self.env,
        )["n"]
        if counted < count:
            log(f"bulk loading {count - counted:,} signatures for the open data figures")
            undersigned(["bulk_load_signatures", slug, "--count", str(count - counted)], self.env)
            django_json(
                "import json\nfrom undersigned.counters.services import counters_fold\n"
                "counters_fold(); print(json.dumps({}))",
                self.env,
            )
        pages = max(1, count // 100)
        for key, label, path, spread, target in (
            ("count", "API count endpoint", f"/api/v1/declarations/{slug}/count", 0,
             "≥ the page's GETs/s"),
            ("badge", "Badge (SVG)", f"/declarations/{slug}/badge.svg", 0, "≥ the page's GETs/s"),
            ("api_page", "API page of 100 signatories (random pages)",
             f"/api/v1/declarations/{slug}/signatories", pages, "p99 < 50 ms"),
            ("stats", "Stats page", f"/en/declarations/{slug}/stats/", 0, "p99 < 50 ms"),
            ("countries", "API counts by country", f"/api/v1/declarations/{slug}/countries", 0,
             "p99 < 50 ms"),
            ("daily", "API counts day by day", f"/api/v1/declarations/{slug}/daily", 0,
             "p99 < 50 ms"),
        ):  # fmt: skip
            rate = report.figure(f"open_{key}_rate", f"{label}, GETs/s ({count:,})", "/s", target)
            p99 = report.figure(f"open_{key}_p99", f"{label}, p99 ({count:,})", "ms", target)
            for run in range(1, args.repeat + 1):
                if not self.time_left(f"the {label} run {run}"):
                    break
                load = wrk(
                    f"http://127.0.0.1:{self.port}{path}", "page.lua",
                    ["-", str(spread)] if spread else [],
                    connections=args.list_connections, threads=args.threads,
                    duration=args.duration, shown_args=["-", str(spread)] if spread else None,
                )  # fmt: skip
                rate.values.append(load.ok_per_second)
                p99.values.append(load.p99_ms)
                rate.command = p99.command = load.command
                log(f"{label} run {run}: {load.ok_per_second:.0f}/s, p99 {load.p99_ms:.1f} ms")
        # A whole walk through the API's cursor pages, 1,000 entries a page.
        walk = report.figure(
            "open_walk", f"Full walk of the list through the API ({count:,}, 1,000 a page)", "s"
        )
        memory = report.figure(
            "open_walk_mb", "… peak RSS of a server process during the walk", "MB",
            "constant memory",
        )  # fmt: skip
        baseline = process_group_rss(self.server_pgid())
        peak, entries, started = baseline, 0, time.perf_counter()
        path = f"/api/v1/declarations/{slug}/signatories?after=0&page_size=1000"
        while path:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            connection.request("GET", path)
            answer = connection.getresponse()
            if answer.status != 200:
                raise RuntimeError(f"the walk got {answer.status} at {path}")
            page = json.loads(answer.read())
            entries += len(page["results"])
            following = page["links"]["next"]
            path = (
                urllib.parse.urlsplit(following)._replace(scheme="", netloc="").geturl()
                if following
                else ""
            )
            peak = max(peak, process_group_rss(self.server_pgid()))
        walk.values.append(time.perf_counter() - started)
        walk.command = (
            "GET /api/v1/declarations/million/signatories?after=0&page_size=1000, "
            "then each links.next"
        )
        memory.values.append(peak / 1e6)
        memory.note = f"{baseline / 1e6:.0f} MB before; {entries:,} entries read"
        log(
            f"walk: {entries:,} entries in {walk.values[-1]:.1f} s, "
            f"RSS {baseline / 1e6:.0f} → {peak / 1e6:.0f} MB"
        )

    # 3c: searching the list of the million (#15): each distinct query is built afresh
    # (the page cache keys on it), so these are the list's real search costs.
    def search(self) -> None:
        args, report = self.args, self.report
        count, slug = args.million, "million"
        if not self.time_left("the search figures"):
            return
        if get(self.port, f"/en/declarations/{slug}/?q=signer")[0] != 200:
            log("skipped: the million declaration is not loaded (run the million phase)")
            return
        for key, label, query in (
            ("one", "one name", f"Bench signer {count // 2}"),
            ("country", "a country", "Germany"),
            ("none", "no match", "zzzz-nobody"),
        ):
            path = f"/en/declarations/{slug}/?" + urllib.parse.urlencode({"q": query})
            p50 = report.figure(f"search_{key}_p50", f"Search, {label}, p50 ({count:,})", "ms")
            p99 = report.figure(
                f"search_{key}_p99", f"Search, {label}, p99 ({count:,})", "ms", "< 500 ms"
            )
            for run in range(1, args.repeat + 1):
                if not self.time_left(f"the search ({label}) run {run}"):
                    break
                # "&page=N" at random: past the last page Django shows the last one, but
                # each address is new to the caches, so every answer is built afresh.
                load = wrk(
                    f"http://127.0.0.1:{self.port}{path}", "page.lua", ["-", "1000000"],
                    connections=2, threads=1, duration=args.duration,
                    shown_args=["-", "1000000"],
                )  # fmt: skip
                p50.values.append(load.p50_ms)
                p99.values.append(load.p99_ms)
                p99.command = load.command
                log(f"search ({label}) run {run}: p50 {load.p50_ms:.1f} ms, p99 {load.p99_ms:.1f}")

    # 6: "has this address signed?" by timing (#17): new addresses against one repeated.
    def timing(self) -> None:
        """Median time of a sign POST with a new address and with one that signed before.

        Sent one at a time (no queue to blur them), alternating the two kinds and which
        goes first, so drift of the machine's load falls on both alike. The pages are
        the same; the signing path does the same statements for both (an INSERT … ON
        CONFLICT and a mail task): the difference should be noise.
        """
        args, report = self.args, self.report
        signer = TimedSigner(self.port)
        tag = secrets.token_hex(3)
        repeated = f"repeat-{tag}@example.org"
        command = (
            f"{args.timing_samples} × 2 sign POSTs per run, one at a time over one kept "
            f"connection, new and repeated address alternating (bench/run.py timing)"
        )
        try:
            signer.post(repeated)  # the repeated address signs once first
            for n in range(20):  # warm up
                signer.post(f"warm-{tag}-{n}@example.org")
            for run in range(1, args.repeat + 1):
                if not self.time_left(f"timing run {run}"):
                    break
                new_ms: list[float] = []
                repeat_ms: list[float] = []
                for n in range(args.timing_samples):
                    pair = [(new_ms, f"t{tag}-{run}-{n}@example.org"), (repeat_ms, repeated)]
                    for samples, email in pair if n % 2 else reversed(pair):
                        samples.append(signer.post(email))
                new, again = statistics.median(new_ms), statistics.median(repeat_ms)
                for key, name, value in (
                    ("timing_new", "Sign POST, new address, median (one at a time)", new),
                    ("timing_repeat", "Sign POST, repeated address, median", again),
                    ("timing_diff", "Repeated minus new, median", again - new),
                ):
                    figure = report.figure(key, name, "ms")
                    figure.values.append(value)
                    figure.command = command
                log(
                    f"timing run {run}: new {new:.2f} ms, repeated {again:.2f} ms "
                    f"(difference {again - new:+.2f} ms, {args.timing_samples} samples each)"
                )
        finally:
            signer.close()

    # 4: mail.
    def mail(self) -> None:
        args, report = self.args, self.report
        figure = report.figure(
            "mail", f"Confirmation mails/s ({args.mail_workers} worker(s) → local SMTP sink)",
            "/s", "≥ 200",
        )  # fmt: skip
        figure.command = (
            f"undersigned worker --interval 0.1  (× {args.mail_workers}), "
            "EMAIL_HOST=127.0.0.1 (aiosmtpd sink in bench/run.py)"
        )
        window = args.duration
        needed = int(window * args.repeat * 500) + 200
        ready = django_json(READY_MAILS, self.env)["ready"]
        if ready < needed:
            log(f"queueing {needed - ready} confirmation mails")
            django_json(
                MAIL_BACKLOG.format(slug="mail", count=needed - ready, tag=secrets.token_hex(3)),
                self.env,
            )
        names = [f"mail-worker-{n}" for n in range(args.mail_workers)]
        for name in names:
            self.start_worker(name)
        try:
            # Warm up: the workers start, connect, and the first mails arrive.
            deadline = time.monotonic() + 60
            while self.sink.received == 0 and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(1)
            for run in range(1, args.repeat + 1):
                if not self.time_left(f"mail run {run}"):
                    break
                start_count, started = self.sink.received, time.perf_counter()
                time.sleep(window)
                sent = self.sink.received - start_count
                rate = sent / (time.perf_counter() - started)
                figure.values.append(rate)
                log(f"mail run {run}: {rate:.0f} mails/s")
        finally:
            for name in names:
                self.processes.stop(name)
        if django_json(READY_MAILS, self.env)["ready"] == 0:
            report.notes.append("The mail backlog ran out during the mail runs: figure is low.")


TIMING_PATH = "/en/declarations/timing/sign/"


class TimedSigner:
    """Sign POSTs one at a time over one kept connection, each timed from sending to
    the end of the answer (the server's own time plus loopback)."""

    def __init__(self, port: int) -> None:
        self.body, cookie = sign_form(port, TIMING_PATH)
        self.headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def post(self, email: str) -> float:
        data = f"{self.body}&email={urllib.parse.quote(email)}"
        started = time.perf_counter()
        self.connection.request("POST", TIMING_PATH, body=data, headers=self.headers)
        response = self.connection.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        if response.status != 302:
            raise RuntimeError(f"a timed sign POST answered {response.status}")
        return elapsed * 1000

    def close(self) -> None:
        self.connection.close()


def start_nginx(processes: Processes, var_dir: Path, app_port: int) -> tuple[int, str]:
    """nginx on a port of its own in front of the app, with the deployment's locations
    (deploy/nginx/undersigned-proxy.conf). Returns the port and nginx's version."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("--proxy nginx needs nginx (Debian: apt-get install nginx-light)")
    port = free_port()
    conf = var_dir / "nginx.conf"
    template = (ROOT / "deploy" / "nginx" / "loopback.conf.in").read_text()
    conf.write_text(
        template.format(
            dir=var_dir, app_port=app_port, port=port, user=getpass.getuser(),
            snippet=ROOT / "deploy" / "nginx" / "undersigned-proxy.conf",
        )
    )  # fmt: skip
    version = (
        subprocess.run([nginx, "-v"], capture_output=True, text=True, check=False)
        .stderr.strip()
        .removeprefix("nginx version: ")
    )
    processes.start_program("nginx", [nginx, "-c", str(conf), "-p", str(var_dir)], {})
    return port, version


def prepare_postgres(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("bench"):
        raise SystemExit(
            f"refusing to drop and recreate {name!r}: its name must start with 'bench'"
        )
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def drop_postgres(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def environment(var_dir: Path, args: argparse.Namespace, port: int, sink: Sink) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in LEAKY}
    env.update(
        UNDERSIGNED_ENV="production",
        DJANGO_SETTINGS_MODULE="undersigned.settings",
        UNDERSIGNED_VAR_DIR=str(var_dir),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        # Plain HTTP on loopback: no TLS proxy in front of the benchmark.
        SECURE_SSL_REDIRECT="0",
        BENCH_ENDPOINTS="1",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(sink.port),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        **LIFTED_LIMITS,
    )
    # The address keys on a tmpfs, as docs/deployment.md sets them up (on ext4 beside the
    # busy database each key file's creation waited ~200 µs for the journal);
    # ``--env ADDRESS_KEYS_DIR=…`` measures another place.
    if SHM.is_dir():
        env["ADDRESS_KEYS_DIR"] = str(SHM / var_dir.name / "address-keys")
    if args.db == "postgres":
        env["DATABASE_URL"] = args.pg_url
    if args.page_size:
        env["SIGNATORY_PAGE_SIZE"] = str(args.page_size)
    for item in args.env:
        key, _, value = item.partition("=")
        env[key] = value
    return env


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL, help="dropped and recreated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--duration", type=float, default=20, help="seconds per load run")
    parser.add_argument("--quick", action="store_true", help="1 run of 3 s, 20,000 signatures")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--list-connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server processes")
    parser.add_argument("--server-threads", type=int, default=None, help="serve --threads")
    parser.add_argument("--mail-workers", type=int, default=2)
    parser.add_argument(
        "--timing-samples", type=int, default=300, help="sign POSTs per kind and run (timing)"
    )
    parser.add_argument("--million", type=int, default=1_000_000, help="signatures to load")
    parser.add_argument(
        "--page-size", type=int, default=None, help="SIGNATORY_PAGE_SIZE (default: the project's)"
    )
    parser.add_argument("--only", default=",".join(PHASES), help="comma-separated phases")
    parser.add_argument("--worker-during-intake", action="store_true")
    parser.add_argument(
        "--proxy",
        choices=["nginx"],
        default=None,
        help="intake, reading and the ceiling through nginx with deploy/nginx/ in front",
    )
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="extra setting"
    )
    parser.add_argument("--time-limit", type=float, default=3600, help="seconds, overall")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory and the database"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat, args.duration = 1, 3
        if args.million == 1_000_000:
            args.million = 20_000
    unknown = set(args.only.split(",")) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
    return args


@contextlib.contextmanager
def temporary_directory(keep: bool) -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="undersigned-bench-"))
    try:
        yield directory
    finally:
        if keep:
            log(f"kept {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)
            shutil.rmtree(SHM / directory.name, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    phases = set(args.only.split(","))
    ensure_wrk()
    started = time.monotonic()
    port = free_port()
    with temporary_directory(args.keep) as var_dir, Sink() as sink:
        env = environment(var_dir, args, port, sink)
        if args.db == "postgres":
            prepare_postgres(args.pg_url)
        log(f"setting up in {var_dir} ({args.db})")
        undersigned(["migrate", "--no-input"], env)
        undersigned(["collectstatic", "--no-input"], env)
        slugs = ["viral", "ceiling", "million", "mail", "timing"]
        django_json(SETUP.format(slugs=slugs, body=BODY), env)
        machine = machine_info(env, args.db)
        threads = args.server_threads or (1 if args.db == "sqlite" else 4)
        serve = ["serve", "--port", str(port), "--workers", str(args.workers)]
        serve += ["--threads", str(threads)]
        report = Report(
            db="SQLite" if args.db == "sqlite" else "PostgreSQL",
            machine=machine,
            server=f"`undersigned {' '.join(serve).replace(str(port), 'PORT')}` "
            "(granian WSGI), UNDERSIGNED_ENV=production, DEBUG off",
        )
        processes = Processes(var_dir)
        bench = Bench(
            args=args, env=env, processes=processes, port=port, sink=sink, report=report,
            deadline=started + args.time_limit,
        )  # fmt: skip
        try:
            server = processes.start("serve", serve, env)
            wait_for_http(port, "/en/declarations/viral/", server, 60)
            log(f"server up on {port}: {' '.join(serve)}")
            report.server += f"; address keys in {env.get('ADDRESS_KEYS_DIR', 'var/address-keys')}"
            if args.proxy == "nginx":
                proxy_port, version = start_nginx(processes, var_dir, port)
                wait_for_http(proxy_port, "/en/declarations/viral/", processes.running["nginx"], 30)
                # Intake, reading and the ceiling go through it; the million, its exports
                # and mail are measured against the app itself.
                bench.front_port = proxy_port
                report.server += (
                    f"; intake, reading and the ceiling through nginx {version} in front "
                    "(deploy/nginx/undersigned-proxy.conf, one nginx worker)"
                )
                log(f"nginx {version} up on {proxy_port} in front of {port}")
            report.note_load("at the start")
            if phases & {"intake", "read", "ceiling"}:
                bench.intake_read_ceiling(phases)
                report.note_load("after intake and reading")
            if "million" in phases:
                bench.million()
                report.note_load("after the million")
            if "open" in phases:
                bench.open_data()
                report.note_load("after the open data")
            if "search" in phases:
                bench.search()
                report.note_load("after the search")
            if "mail" in phases:
                bench.mail()
                report.note_load("after mail")
            if "timing" in phases:
                bench.timing()
        except Exception:
            for name in processes.running:
                log(f"--- {name}.log ---\n{processes.log_tail(name)}")
            raise
        finally:
            processes.stop_all()
            if args.db == "postgres" and not args.keep:
                drop_postgres(args.pg_url)
        log(f"done in {time.monotonic() - started:.0f} s")
    print(report.markdown(repeat=args.repeat, duration=args.duration))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the fault tests share: a private PostgreSQL cluster they may stop and restart, a
site of spawned ``undersigned`` processes, a signer's HTTP client and an SMTP sink that
can be stopped and started again on its port.

Never the shared PostgreSQL server of the suite: other runs use it. The private cluster
is made with ``initdb`` in a temporary directory, on a free port, run as the
``postgres`` user when the tests run as root.
"""

from __future__ import annotations

import contextlib
import glob
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller

from undersigned.testing import SMTPSink, environment, free_port, skip_or_fail, spawn, stop

INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
# Every request comes from 127.0.0.1: the anti-spam limits of one client are lifted.
UNLIMITED = {
    "SIGN_LIMIT_PER_CLIENT": "1000000",
    "SIGN_LIMIT_PER_CLIENT_WITHOUT_POW": "1000000",
    "SIGN_BLOCK_PER_CLIENT": "1000000",
    "SIGN_LIMIT_PER_DECLARATION": "1000000",
    "SIGN_MIN_FILL_SECONDS": "0",
}


def create_declaration_script(slug: str) -> str:
    return (
        "from undersigned.declarations.services import declaration_create, declaration_open\n"
        f"d = declaration_create(slug={slug!r}, title='A declaration', body='We declare.',"
        " allow_organizations=False)\n"
        "declaration_open(declaration=d)\n"
    )


# --- A private PostgreSQL cluster -----------------------------------------------------


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


@dataclass
class PrivatePostgres:
    """A PostgreSQL cluster of its own: ``start``, ``stop``, ``url(name)``."""

    directory: Path
    port: int
    bin: Path
    user: str | None  # run as this user (root may not run PostgreSQL)

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def log(self) -> Path:
        return self.directory / "server.log"

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False
        )  # fmt: skip

    def init(self) -> None:
        done = self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E",
                         "UTF8", "--no-instructions")  # fmt: skip
        if done.returncode != 0:
            skip_or_fail(f"initdb failed: {done.stderr.strip()[:300]}")

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=100"
        )
        done = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options,
                         "-w", "-t", "60", "start")  # fmt: skip
        if done.returncode != 0:
            skip_or_fail(f"the private PostgreSQL did not start: {done.stderr.strip()[:300]}")

    def stop(self, *, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True, connect_timeout=10) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextlib.contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A fresh cluster on a free port, removed afterwards."""
    binaries = _postgres_bin()
    if binaries is None:
        skip_or_fail("PostgreSQL's programs (initdb, pg_ctl) are not installed")
    assert binaries is not None
    user = "postgres" if os.geteuid() == 0 else None
    # Not under pytest's tmp_path: its parents are closed to the postgres user.
    directory = Path(tempfile.mkdtemp(prefix="undersigned-pg-"))
    if user:
        shutil.chown(directory, user=user, group=user)
    cluster = PrivatePostgres(directory=directory, port=free_port(), bin=binaries, user=user)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.stop(mode="immediate")
        shutil.rmtree(directory, ignore_errors=True)


# --- An SMTP sink that can go down ----------------------------------------------------


class Mailbox:
    """An aiosmtpd sink on a fixed port that can be stopped and started again, as a
    mail server that goes down and comes back."""

    def __init__(self) -> None:
        self.port = free_port()
        self.sink = SMTPSink(host="127.0.0.1", port=self.port)
        self.controller: Controller | None = None

    @property
    def messages(self) -> list:
        return self.sink.messages

    def start(self) -> None:
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@contextlib.contextmanager
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    box.start()
    try:
        yield box
    finally:
        box.stop()


# --- The site: spawned undersigned processes ------------------------------------------


@dataclass
class Site:
    """``undersigned`` processes sharing one environment (and one database)."""

    directory: Path
    env: dict[str, str]
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def run(self, *args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "undersigned", *args], env=self.env, cwd=self.directory,
            capture_output=True, text=True, timeout=180, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr

    def prepare(self, slug: str) -> None:
        self.run("migrate", "--no-input")
        self.run("shell", "-c", create_declaration_script(slug))

    def log(self, name: str) -> Path:
        return self.directory / f"{name}.log"

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        process = spawn([sys.executable, "-m", "undersigned", *args], self.env, self.log(name))
        self.processes[name] = process
        return process

    def serve(self, name: str, port: int, *args: str) -> subprocess.Popen[bytes]:
        process = self.start(name, "serve", "--port", str(port), *args)
        wait_for_answer(port, process, self.log(name))
        return process

    def stop_all(self) -> None:
        for process in self.processes.values():
            stop(process)


def site_environment(directory: Path, *, database_url: str, port: int, smtp_port: int,
                     **values: str) -> dict[str, str]:  # fmt: skip
    defaults = {
        "UNDERSIGNED_ENV": "development",
        "DEBUG": "0",
        "DATABASE_URL": database_url,
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT": "5",
        "LOG_LEVEL": "WARNING",
        **UNLIMITED,
    }
    return environment(directory, **{**defaults, **values})


def wait_for_answer(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    """Until the server answers HTTP (its workers loaded the application)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}:\n{log.read_text()}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered on port {port}:\n{log.read_text()}")


def wait_until(condition: Callable[[], object], what: str, *, seconds: float = 120) -> float:
    """Wait for ``condition``; how long it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > seconds:
            raise AssertionError(f"still waiting for {what} after {seconds} s")
        time.sleep(0.1)
    return time.monotonic() - started


# --- A signer -------------------------------------------------------------------------


class Signer:
    """A person at the sign form of one declaration on one server."""

    def __init__(self, port: int, slug: str, *, timeout: float = 15) -> None:
        self.port = port
        self.slug = slug
        self.timeout = timeout
        self.connection: http.client.HTTPConnection | None = None
        self.cookie = ""
        self.fields: dict[str, str] = {}

    @property
    def path(self) -> str:
        return f"/en/declarations/{self.slug}/sign/"

    def _request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=self.timeout
            )
        try:
            self.connection.request(method, path, body=body, headers=headers or {})
            response = self.connection.getresponse()
            text = response.read().decode()
        except Exception:
            self.connection.close()
            self.connection = None
            raise
        headers = {"Location": response.getheader("Location", "")}
        cookies = [value for name, value in response.getheaders() if name.lower() == "set-cookie"]
        csrf = [cookie for cookie in cookies if cookie.startswith("csrftoken=")]
        headers["Set-Cookie"] = csrf[0] if csrf else ""
        return response.status, headers, text

    def open_form(self) -> None:
        status, headers, page = self._request("GET", self.path)
        assert status == 200, (status, page[:500])
        self.cookie = headers.get("Set-Cookie", "").split(";", 1)[0] or self.cookie
        self.fields = {}
        for tag in INPUT.findall(page):
            attributes = dict(ATTRIBUTE.findall(tag))
            if "name" in attributes and attributes.get("type") != "checkbox":
                self.fields[attributes["name"]] = attributes.get("value", "")

    def sign(self, email: str, name: str | None = None, **extra: str) -> tuple[int, str]:
        """POST the form; the status and the page (or the redirect's target)."""
        if not self.fields:
            self.open_form()
        fields = {**self.fields, "name": name or f"Signer {email}", "email": email,
                  "country": "DE", **extra}  # fmt: skip
        body = urllib.parse.urlencode(fields)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie}
        status, response_headers, page = self._request("POST", self.path, body, headers)
        return status, response_headers.get("Location", page)

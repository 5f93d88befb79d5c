"""Two app servers and two task workers against one PostgreSQL database, as a
deployment beyond one machine runs them.

Signs concurrently through both servers, confirms every signature through the link in
its mail, and checks that every accepted signature is stored once, every confirmation
mail was delivered once, positions are unique and gapless, and the count is exact once
the counter job has run.

It makes its own database (``undersigned_mp_<random>``) on the PostgreSQL server of the
suite's ``DATABASE_URL`` and drops it afterwards, so it runs in the PostgreSQL run of
the suite only; the SQLite run skips it.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from undersigned.testing import (
    SMTPSink,
    environment,
    free_port,
    skip_or_fail,
    spawn,
    stop,
    wait_for_port,
)

pytestmark = pytest.mark.multiprocess

# About 40 s on a busy 2-core machine; UNDERSIGNED_MP_SIGNATURES=5000 for a longer run.
SIGNATURES = int(os.environ.get("UNDERSIGNED_MP_SIGNATURES", "1000"))
CLIENTS = 12
# Waits for the workers (mail, counter job): generous bounds, not timings.
DEADLINE_SECONDS = 120
SLUG = "surge"
LINK = re.compile(r"https?://[^/\s]+(/s/[^/\s]+/confirm/\w+/)")
INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
CREATE = f"""
from undersigned.declarations.services import declaration_create, declaration_open
d = declaration_create(
    slug="{SLUG}", title="A surge", body="We declare.", allow_organizations=False
)
declaration_open(declaration=d)
"""


def suite_postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("runs in the PostgreSQL run of the suite (make test-postgres)")
    return url


@pytest.fixture
def database() -> Iterator[str]:
    """A fresh database on the suite's PostgreSQL server; its URL."""
    import psycopg

    parts = urllib.parse.urlsplit(suite_postgres_url())
    name = f"undersigned_mp_{secrets.token_hex(4)}"
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    try:
        admin = psycopg.connect(maintenance, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        skip_or_fail(f"PostgreSQL is not reachable at {parts.hostname}: {error}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sink() -> Iterator[SMTPSink]:
    port = free_port()
    received = SMTPSink(host="127.0.0.1", port=port)
    controller = Controller(received, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield received
    finally:
        controller.stop()


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return spawn([sys.executable, "-m", "undersigned", *args], env, log)


class Client:
    """One keep-alive connection to one server, with the sign form's CSRF token."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.connection.request("GET", f"/en/declarations/{SLUG}/sign/")
        response = self.connection.getresponse()
        page = response.read().decode()
        assert response.status == 200, page
        cookie = response.getheader("Set-Cookie", "")
        self.cookie = cookie.split(";", 1)[0]
        # Every input the form carries (the CSRF token and any other hidden field),
        # then what a person types.
        self.fields = {}
        for tag in INPUT.findall(page):
            attributes = dict(ATTRIBUTE.findall(tag))
            if "name" in attributes and attributes.get("type") != "checkbox":
                self.fields[attributes["name"]] = attributes.get("value", "")

    def post(self, path: str, fields: dict[str, str]) -> int:
        body = urllib.parse.urlencode(fields)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie}
        self.connection.request("POST", path, body=body, headers=headers)
        response = self.connection.getresponse()
        response.read()
        return response.status

    def sign(self, email: str) -> int:
        fields = {**self.fields, "name": f"Signer {email}", "email": email, "country": "DE"}
        return self.post(f"/en/declarations/{SLUG}/sign/", fields)


def wait_until(condition, what: str, processes: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        for process in processes:
            assert process.poll() is None, f"a process stopped while waiting for {what}"
        if time.monotonic() > deadline:
            pytest.fail(f"still waiting for {what} after {DEADLINE_SECONDS} s")
        time.sleep(0.2)


def test_two_servers_and_two_workers_lose_nothing(database, sink, tmp_path):
    import psycopg

    ports = [free_port(), free_port()]
    env = environment(
        tmp_path,
        UNDERSIGNED_ENV="development",
        DEBUG="0",
        DATABASE_URL=database,
        SITE_URL=f"http://127.0.0.1:{ports[0]}",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(sink.port),
        COUNTER_INTERVAL_SECONDS="1",
        LOG_LEVEL="WARNING",
        # Every request comes from 127.0.0.1: lift the anti-spam limits of one client.
        SIGN_LIMIT_PER_CLIENT="1000000",
        SIGN_LIMIT_PER_CLIENT_WITHOUT_POW="1000000",
        SIGN_BLOCK_PER_CLIENT="1000000",
        SIGN_LIMIT_PER_DECLARATION="1000000",
        SIGN_MIN_FILL_SECONDS="0",
    )
    for args in (["migrate", "--no-input"], ["shell", "-c", CREATE]):
        done = subprocess.run(
            [sys.executable, "-m", "undersigned", *args],
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr

    processes = []
    try:
        for index, port in enumerate(ports):
            log = tmp_path / f"serve-{index}.log"
            server = start(["serve", "--port", str(port), "--threads", "4"], env, log)
            processes.append(server)
            wait_for_port(port, server, log)
        for index in range(2):
            processes.append(start(["worker"], env, tmp_path / f"worker-{index}.log"))

        # Sign through both servers at once, each client thread keeping its connections.
        local = threading.local()

        def client(port: int) -> Client:
            clients = local.__dict__.setdefault("clients", {})
            if port not in clients:
                clients[port] = Client(port)
            return clients[port]

        def sign(number: int) -> tuple[str, int]:
            email = f"signer-{number}@example.org"
            return email, client(ports[number % 2]).sign(email)

        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            answers = list(pool.map(sign, range(SIGNATURES)))
        accepted = {email for email, status in answers if status == 302}
        assert len(accepted) == SIGNATURES, Counter(status for _, status in answers)

        wait_until(lambda: len(sink.messages) >= SIGNATURES, "the confirmation mails", processes)
        time.sleep(1)  # a duplicate mail would arrive now
        recipients = Counter(str(message["To"]) for message in sink.messages)
        assert set(recipients) == accepted
        assert set(recipients.values()) == {1}, "a confirmation mail went out twice"

        def confirm(job: tuple[int, str]) -> int:
            number, body = job
            path = LINK.search(body)
            assert path, body
            return client(ports[number % 2]).post(path[1], {})

        bodies = [
            message.get_body(preferencelist=("plain",)).get_content() for message in sink.messages
        ]
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            confirmed = Counter(pool.map(confirm, enumerate(bodies)))
        assert confirmed == {200: SIGNATURES}

        with psycopg.connect(database, autocommit=True) as db:

            def one(sql: str) -> tuple:
                row = db.execute(sql).fetchone()
                assert row is not None
                return row

            slug_is = f"slug = '{SLUG}'"
            declaration_id = one(f"SELECT id FROM declarations_declaration WHERE {slug_is}")[0]
            stored = one(
                "SELECT count(*), count(DISTINCT position), min(position), max(position), "
                "count(*) FILTER (WHERE status = 'published') "
                f"FROM signatures_signature WHERE declaration_id = {declaration_id}"
            )
            assert stored == (SIGNATURES, SIGNATURES, 1, SIGNATURES, SIGNATURES)
            failed = one(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'FAILED'"
            )
            assert failed == (0,)

            def counted() -> bool:
                row = db.execute(
                    "SELECT published FROM counters_declarationcounter "
                    f"WHERE declaration_id = {declaration_id}"
                ).fetchone()
                return row is not None and row[0] == SIGNATURES

            wait_until(counted, "the counter job to count every signature", processes)
    finally:
        for process in processes:
            stop(process)

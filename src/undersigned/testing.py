"""What the test suites share: skipping (or, in CI, failing) what cannot run here, a real
SMTP server on loopback, and starting ``undersigned`` in subprocesses as a deployment
does. Used by the apps' tests and the system tests (``tests/system/``) alike; the site
itself never imports it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from pathlib import Path

import pytest

STARTUP_SECONDS = 20
# Variables of the suite's own environment that must not leak into the subprocesses.
LEAKY = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "DEBUG",
    "EMAIL_HOST",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "UNDERSIGNED_ENV",
    "UNDERSIGNED_VAR_DIR",
)
REQUIRE_ALL = bool(os.environ.get("UNDERSIGNED_REQUIRE_ALL"))


def skip_or_fail(reason: str) -> None:
    """Skip with a message; with UNDERSIGNED_REQUIRE_ALL set (CI) fail instead."""
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (UNDERSIGNED_REQUIRE_ALL is set, so this is a failure)")
    pytest.skip(reason)


@dataclass
class SMTPSink:
    """An aiosmtpd server on loopback that keeps what it receives."""

    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: bool = False

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        if self.refuse:
            return "451 Requested action aborted: try again later"
        message = message_from_bytes(envelope.content, policy=policy.default)  # type: ignore[attr-defined]
        self.messages.append(message)
        return "250 OK"


def environment(var_dir: Path, **values: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in LEAKY}
    env.update(
        DJANGO_SETTINGS_MODULE="undersigned.settings",
        UNDERSIGNED_VAR_DIR=str(var_dir),
        PYTHONUNBUFFERED="1",
    )
    env.update(values)
    return env


def undersigned(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "undersigned", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited with {server.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"nothing answered on port {port} within {STARTUP_SECONDS} s:\n{log.read_text()}")


def spawn(command: list[str], env: dict[str, str] | None, log: Path) -> subprocess.Popen[bytes]:
    """``command`` in its own process group (``stop`` ends it with its children), its
    output in ``log``, run in ``log``'s directory."""
    with log.open("wb") as output:
        return subprocess.Popen(
            command, env=env, cwd=log.parent, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop the server and the workers it forked (they share its process group)."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


# The settings production refuses to start without.
PRODUCTION = {
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "sign.example.org",
    "SITE_URL": "https://sign.example.org",
}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def get(url: str, **headers: str) -> tuple[int, Message, str]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()

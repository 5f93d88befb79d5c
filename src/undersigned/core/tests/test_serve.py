"""The production server and the production settings, run as a deployment runs them.

These tests start ``undersigned`` in subprocesses with their own environment and their
own SQLite database under a temporary directory: they do not touch the database the
suite runs on (SQLite or PostgreSQL), so they need no ``db`` fixture.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
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
PRODUCTION = {
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "sign.example.org",
    "SITE_URL": "https://sign.example.org",
}


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


@pytest.fixture(params=["development", "production"])
def served(request, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """``undersigned serve`` on a free port, against a fresh, migrated SQLite database.

    Production runs behind a TLS proxy: it gets the real settings (manifest static files,
    HTTPS redirect, HSTS) and the requests carry the proxy's X-Forwarded-Proto header.
    """
    profile = request.param
    if profile == "production":
        env = environment(
            tmp_path, UNDERSIGNED_ENV="production", **{**PRODUCTION, "ALLOWED_HOSTS": "127.0.0.1"}
        )
    else:
        env = environment(tmp_path, UNDERSIGNED_ENV="development", DEBUG="0")
    migrated = undersigned("migrate", "--no-input", env=env, cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert (tmp_path / "undersigned.sqlite3").exists()
    if profile == "production":
        collected = undersigned("collectstatic", "--no-input", env=env, cwd=tmp_path)
        assert collected.returncode == 0, collected.stderr

    port = free_port()
    log = tmp_path / "serve.log"
    server = spawn([sys.executable, "-m", "undersigned", "serve", "--port", str(port)], env, log)
    try:
        wait_for_port(port, server, log)
        yield profile, f"http://127.0.0.1:{port}"
    finally:
        stop(server)


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


def test_serve_answers_with_the_security_headers(served):
    profile, url = served
    proxy = {"X-Forwarded-Proto": "https"} if profile == "production" else {}
    # The bare address sends a reader to the index in their language (#5).
    status, headers, _body = get(f"{url}/", **proxy)
    assert status == 302
    assert headers["Location"] == "/en/"
    status, headers, body = get(f"{url}/en/", **proxy)

    assert status == 200, body
    assert "undersigned" in body
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    # Private links (confirm, withdraw) must never reach another site in a Referer.
    assert headers["Referrer-Policy"] in {"no-referrer", "same-origin"}
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"

    # Read again within a second: answered by the microcache in front of Django
    # (core/web/microcache.py), which says its age and keeps every header.
    again_status, again_headers, again_body = get(f"{url}/en/", **proxy)
    assert again_status == 200
    assert again_body == body
    assert again_headers["Age"] == "0"
    for name in ("Content-Security-Policy", "Referrer-Policy", "X-Frame-Options", "ETag"):
        assert again_headers[name] == headers[name]
    # A request with a cookie always reaches Django.
    assert "Age" not in get(f"{url}/en/", Cookie="csrftoken=x", **proxy)[1]

    # The stylesheet the page links to is served too (from the manifest in production).
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', body)
    assert stylesheet, body
    assert get(f"{url}{stylesheet[1]}", **proxy)[0] == 200

    if profile == "production":
        assert headers["Strict-Transport-Security"].startswith("max-age=")
        # Plain HTTP (no proxy saying otherwise) is sent to HTTPS.
        status, headers, _ = get(f"{url}/")
        assert status == 301
        assert headers["Location"].startswith("https://")


@pytest.mark.parametrize("missing", sorted(PRODUCTION))
@pytest.mark.parametrize("unset", [True, False], ids=["unset", "empty"])
def test_production_refuses_to_start_without(missing, unset, tmp_path):
    values = {key: value for key, value in PRODUCTION.items() if key != missing}
    if not unset:
        values[missing] = ""
    result = setup_django(environment(tmp_path, UNDERSIGNED_ENV="production", **values), tmp_path)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} is not set" in result.stderr


def test_production_starts_with_its_settings(tmp_path):
    env = environment(tmp_path, UNDERSIGNED_ENV="production", **PRODUCTION)
    result = setup_django(env, tmp_path)
    assert result.returncode == 0, result.stderr


def test_production_is_the_default(tmp_path):
    """Without UNDERSIGNED_ENV the settings fail closed as production does."""
    result = setup_django(environment(tmp_path), tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def setup_django(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    code = (
        "import django, os; "
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'undersigned.settings'; "
        "django.setup()"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

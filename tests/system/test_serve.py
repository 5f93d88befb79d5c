"""The production server and the production settings, run as a deployment runs them.

These tests start ``undersigned`` in subprocesses with their own environment and their
own SQLite database under a temporary directory: they do not touch the database the
suite runs on (SQLite or PostgreSQL), so they need no ``db`` fixture.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from undersigned.testing import (
    PRODUCTION,
    environment,
    free_port,
    get,
    spawn,
    stop,
    undersigned,
    wait_for_port,
)


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

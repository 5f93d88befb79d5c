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
from typing import Any

import pytest

# Generous: a loaded machine (CI beside other jobs) takes long to import Django in a
# fresh worker; the tests measure nothing by it.
STARTUP_SECONDS = 90
# Variables of the suite's own environment that must not leak into the subprocesses.
LEAKY = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "ADDRESS_KEYS_DIR",
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


# --- The browser (Playwright driving Debian's Chromium) and axe-core ------------------

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium tries to reach Google's hosts at start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BROWSER_TIMEOUT_MS = 15_000
# The widths every page is checked at: a laptop and a phone.
WIDTHS = {"desktop": 1280, "phone": 390}

REPO = Path(__file__).resolve().parents[2]
AXE_VERSION = "4.14.1"
AXE = REPO / "var" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# Every rule of WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
AXE_TAGS = [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice",
]  # fmt: skip


def axe_source() -> str:
    """axe-core's script, fetched from the npm registry on first use (scripts/fetch-axe)."""
    if not AXE.exists():
        result = subprocess.run(
            [str(REPO / "scripts" / "fetch-axe")],
            env={**os.environ, "AXE_VERSION": AXE_VERSION},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0 or not AXE.exists():
            skip_or_fail(f"axe-core could not be fetched: {result.stderr.strip()[:300]}")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """What axe-core finds wrong on ``page`` as it stands now, at its viewport's width.

    Pages are tested with JavaScript off, and axe needs it: the page's DOM as it is
    (``page.content()``) is loaded, at the same address (so the same stylesheet applies),
    into a twin page of a context with JavaScript on, and axe runs there. Each violation
    comes back as axe describes it (id, impact, help, nodes).
    """
    html = page.content()
    url = page.url
    viewport = page.viewport_size or {"width": WIDTHS["desktop"], "height": 900}
    browser = page.context.browser
    twin_context = browser.new_context(java_script_enabled=True, viewport=viewport)
    try:
        twin = twin_context.new_page()
        twin.route(
            url,
            lambda route: route.fulfill(
                status=200, body=html, content_type="text/html; charset=utf-8"
            ),
        )
        twin.goto(url, wait_until="load")
        twin.evaluate(axe_source())
        result: list[dict[str, Any]] = twin.evaluate(
            """async (tags) => {
                const report = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                return report.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
                }));
            }""",
            AXE_TAGS,
        )
        return result
    finally:
        twin_context.close()


def assert_accessible(page: Any, label: str = "") -> None:
    """Fail with axe's findings when the page state has any violation, of any impact,
    at the desktop and the phone width."""
    found: dict[str, list[dict[str, Any]]] = {}
    original = page.viewport_size
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    if original:
        page.set_viewport_size(original)
    assert not found, f"axe on {label or page.url}: {found}"

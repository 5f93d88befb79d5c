"""Fixtures shared by every app's tests: factories' helpers, a real SMTP server, the worker."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

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
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp(settings) -> Iterator[SMTPSink]:
    port = _free_port()
    sink = SMTPSink(host="127.0.0.1", port=port)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's default language: a page a test client requested
    leaves its language active in the thread, as a request does in a worker."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and used proof-of-work challenges live in the cache: each test
    starts with none, as a new day would."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def run_tasks(transactional_db):
    """Run every task that is due, with the same worker a deployment runs.

    The worker commits and closes connections as it does in production, so tests
    that use it run without the wrapping test transaction (``transactional_db``).
    """

    def run() -> None:
        call_command("worker", batch=True, verbosity=0)

    return run

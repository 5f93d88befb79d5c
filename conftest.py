"""Fixtures shared by every test: a real SMTP server, the site's language and cache reset
before each test, and the worker that runs due tasks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.utils import translation
from playwright.sync_api import sync_playwright

from undersigned.testing import CHROMIUM, CHROMIUM_ARGS, SMTPSink, free_port, skip_or_fail


@pytest.fixture
def smtp(settings) -> Iterator[SMTPSink]:
    port = free_port()
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
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and used proof-of-work challenges live in the cache: each test
    starts with none, as a new day would."""
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


@pytest.fixture
def browser(monkeypatch):
    """Debian's Chromium, driven by Playwright (headless)."""
    if not CHROMIUM.exists():
        skip_or_fail("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    # Playwright's sync API keeps an event loop running in this thread; the test still
    # talks to the database synchronously between browser steps, which is safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
            # While Playwright's loop runs, Django's per-thread connections live in another
            # context: close the ones opened there, or they outlive the test database.
            connections.close_all()

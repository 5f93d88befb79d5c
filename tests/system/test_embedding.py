"""Embedding from another site, in a real browser (#14): a page served on a second port
(another origin) frames the widget and shows the badge; axe-core finds no accessibility
violation on the stats page, the share page and the widget; the stats page shows both
charts and their tables with JavaScript off.

axe-core comes from the npm registry (``scripts/fetch-axe``, run by .ci/run) into
var/axe/; it runs in a context with JavaScript on and the page's CSP bypassed (it is
injected, the site itself runs no script).
"""

# The browser fixture comes from test_browser.py: used as a parameter, it redefines it.
# ruff: noqa: F811
from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.system.test_browser import TIMEOUT_MS, browser  # noqa: F401 — the fixture
from undersigned.api.tests.helpers import listed_declaration
from undersigned.testing import free_port, skip_or_fail

pytestmark = pytest.mark.browser

AXE = (
    Path(__file__).resolve().parents[2] / "var" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
)


@pytest.fixture
def other_origin() -> Iterator[tuple[str, dict[str, str]]]:
    """A server on another port of loopback: another origin, like a newspaper's site."""
    pages: dict[str, str] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", pages
    finally:
        server.shutdown()
        server.server_close()


def axe_violations(page: Page) -> list[dict[str, object]]:
    page.add_script_tag(content=AXE.read_text())
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))"
    )


def test_another_site_frames_the_widget_and_shows_the_badge(
    transactional_db,
    live_server,
    settings,
    browser,
    other_origin,
):
    settings.SITE_URL = live_server.url
    slug = listed_declaration().declaration.slug
    origin, pages = other_origin
    pages["/news.html"] = (
        '<!doctype html><html lang="en"><head><title>News</title></head><body>'
        f'<h1>News</h1><img id="badge" src="{live_server.url}/declarations/{slug}/badge.svg" '
        'alt="count">'
        f'<iframe id="widget" src="{live_server.url}/en/declarations/{slug}/widget/" '
        'title="Sign" width="320" height="300"></iframe></body></html>'
    )
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(f"{origin}/news.html")
        widget = page.frame_locator("#widget")
        expect(widget.locator(".count")).to_have_text("8 signatures")
        expect(widget.get_by_role("link", name="Sign")).to_have_attribute("target", "_blank")
        expect(page.locator("#badge")).to_be_visible()
        assert page.evaluate("document.getElementById('badge').naturalWidth") > 40
    finally:
        context.close()


def test_the_stats_page_shows_both_charts_and_tables_without_javascript(
    transactional_db,
    live_server,
    browser,
):
    slug = listed_declaration().declaration.slug
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/en/declarations/{slug}/stats/")
        expect(page.get_by_role("img", name="Signatures over time")).to_be_visible()
        expect(page.get_by_role("img", name="Signatures by country")).to_be_visible()
        expect(page.get_by_role("table", name="Signatures over time, by day")).to_be_visible()
        expect(page.get_by_role("row", name="Germany 6")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["stats/", "share/", "widget/"])
def test_axe_finds_no_violation(transactional_db, live_server, settings, browser, path):
    if not AXE.exists():
        skip_or_fail(f"axe-core is missing at {AXE} (run scripts/fetch-axe)")
    settings.SITE_URL = live_server.url
    slug = listed_declaration().declaration.slug
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/en/declarations/{slug}/{path}")
        assert axe_violations(page) == []
    finally:
        context.close()

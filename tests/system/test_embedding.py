"""Embedding from another site, in a real browser (#14): a page served on a second port
(another origin) frames the widget and shows the badge; axe-core finds no accessibility
violation on the stats page, the share page and the widget; the stats page shows both
charts and their tables with JavaScript off.

axe-core runs as on every page the browser tests reach
(``undersigned.testing.assert_accessible``: every WCAG A/AA rule, both widths).
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from undersigned.api.tests.helpers import listed_declaration
from undersigned.testing import BROWSER_TIMEOUT_MS, assert_accessible, free_port

pytestmark = pytest.mark.browser


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
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
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
    settings.SITE_URL = live_server.url
    slug = listed_declaration().declaration.slug
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/en/declarations/{slug}/{path}")
        assert_accessible(page, path)
    finally:
        context.close()

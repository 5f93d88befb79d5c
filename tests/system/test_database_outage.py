"""The database goes away under a running site: the app answers with its 503 page, keeping
what was typed, and carries on once the database is back; the worker does not crash.

The site runs on a private PostgreSQL cluster of its own (``tests/system/processes.py``),
stopped and started again here — never the suite's shared server. Chromium sends the
forms, JavaScript off: the sign form shown again with what was typed, and the outage
page's own "Send again" form, each checked by axe-core.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.system.processes import Site, mailbox, private_postgres, site_environment, wait_until
from undersigned.testing import BROWSER_TIMEOUT_MS, assert_accessible, free_port

pytestmark = pytest.mark.browser

SLUG = "outage"
CONFIRM = re.compile(r"https?://\S+/s/[^/\s]+/confirm/[^/\s]+/")


def count(cluster, database: str, sql: str) -> int:
    import psycopg

    with psycopg.connect(cluster.url(database), connect_timeout=10) as db:
        row = db.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def test_an_outage_gets_the_503_page_and_nothing_typed_is_lost(browser, tmp_path):
    port = free_port()
    with private_postgres() as cluster, mailbox() as mail:
        database = "outage"
        url = cluster.create_database(database)
        env = site_environment(tmp_path, database_url=url, port=port, smtp_port=mail.port)
        site = Site(tmp_path, env)
        context = browser.new_context(java_script_enabled=False, locale="en-GB")
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
        expect.set_options(timeout=BROWSER_TIMEOUT_MS)
        page = context.new_page()
        try:
            site.prepare(SLUG)
            site.serve("serve", port)
            worker = site.start("worker", "worker")
            base = f"http://127.0.0.1:{port}"
            sign_url = f"{base}/en/declarations/{SLUG}/sign/"

            # The form, filled in; the database stops before it is sent.
            page.goto(sign_url)
            page.get_by_label("Your name").fill("Zoë Ångström")
            page.get_by_label("Email address").fill("zoe@example.org")
            page.get_by_label("Country").select_option("SE")
            cluster.stop()
            with page.expect_navigation() as sent:
                page.get_by_role("button", name="Sign", exact=True).click()
            assert sent.value is not None
            assert sent.value.status == 503
            expect(page.locator("#retry")).to_contain_text("could not be saved")
            expect(page.get_by_label("Your name")).to_have_value("Zoë Ångström")
            expect(page.get_by_label("Email address")).to_have_value("zoe@example.org")
            assert_accessible(page, "the sign form during an outage")

            # Any page, in the reader's language, while the database is down.
            reader = context.new_page()
            with reader.expect_navigation() as other:
                reader.goto(f"{base}/uk/")
            assert other.value is not None
            assert other.value.status == 503
            expect(reader.locator("html")).to_have_attribute("lang", "uk")
            expect(reader.get_by_role("heading", level=1)).to_have_text(
                "Будь ласка, спробуйте ще раз за хвилину"
            )
            assert_accessible(reader, "the outage page")

            # The database back, the same form sent again: accepted, stored once.
            cluster.start()
            for _ in range(5):  # as above: a broken connection answers one more 503
                page.get_by_role("button", name="Sign", exact=True).click()
                if page.url.endswith("/sent/"):
                    break
            expect(page).to_have_url(f"{sign_url}sent/")
            assert count(cluster, database, "SELECT count(*) FROM signatures_signature") == 1

            # The worker rode out the outage and sends the mail.
            wait_until(lambda: mail.messages, "the confirmation mail")
            assert worker.poll() is None, site.log("worker").read_text()
            body = mail.messages[0].get_body(preferencelist=("plain",)).get_content()
            link = CONFIRM.search(body)
            assert link, body

            # A confirmation the outage meets: the outage page sends it again.
            page.goto(link.group(0))
            cluster.stop()
            with page.expect_navigation() as pressed:
                page.get_by_role("button", name="Confirm my signature").click()
            assert pressed.value is not None
            assert pressed.value.status == 503
            expect(page.get_by_role("button", name="Send again")).to_be_visible()
            assert_accessible(page, "the outage page of a POST")
            cluster.start()
            # An app thread whose connection the restart broke answers once more with
            # this page (and closes that connection): the button is pressed again.
            for _ in range(5):
                page.get_by_role("button", name="Send again").click()
                if "confirmed" in (page.get_by_role("heading", level=1).text_content() or ""):
                    break
            expect(page.get_by_role("heading", level=1)).to_contain_text("confirmed")
            confirmed = "SELECT count(*) FROM signatures_signature WHERE status = 'published'"
            assert count(cluster, database, confirmed) == 1
            assert worker.poll() is None, site.log("worker").read_text()
            serve_log = site.log("serve").read_text()
            assert "zoe@example.org" not in serve_log
            assert "Traceback" not in site.log("worker").read_text()
            assert "Traceback" not in serve_log
        finally:
            context.close()
            site.stop_all()

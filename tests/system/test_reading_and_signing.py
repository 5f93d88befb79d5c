"""Readers, signers and organizers in Chromium, with JavaScript off (#15).

Every page state a reader or a signer reaches is checked by axe-core at 1280 and 390
pixels (``assert_accessible``: every WCAG 2.2 A/AA rule and axe's best practices, any
impact), in English and Russian: the declaration page with its goal, search, "as of"
list and closed banner, the index with its archive, the list's pages, the data page,
the sign forms empty, with errors, sent too fast and previewed, and the pages of the
private links; and the organizers' pages. A further test signs as a person and for an
organization with the keyboard alone. The screenshots in ``docs/screenshots/`` are
taken here (set ``UNDERSIGNED_SCREENSHOTS`` to a directory to write them).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from undersigned.declarations.models import Declaration
from undersigned.declarations.services import (
    declaration_close,
    declaration_create,
    declaration_open,
    declaration_withdraw,
)
from undersigned.lists.services import snapshot_publish
from undersigned.organizations.models import Organization
from undersigned.signatures.mail import signature_links
from undersigned.signatures.models import Signature
from undersigned.signatures.services import PersonSubmission, signature_add_published
from undersigned.testing import BROWSER_TIMEOUT_MS, WIDTHS, assert_accessible

pytestmark = pytest.mark.browser

BODY = (
    "We, the undersigned, **declare** our solidarity.\n\n"
    "1. Free all political prisoners.\n2. End the persecution of those who sign.\n"
)


def statement(slug: str = "solidarity", **fields) -> Declaration:
    declaration = declaration_create(
        slug=slug,
        title="Solidarity with those who are jailed for signing",
        body=BODY,
        kind="statement",
        publisher="A fictional coalition",
        published_on=dt.date(2026, 11, 21),
        signature_goal=2000,
        **fields,
    )
    declaration_open(declaration=declaration)
    return declaration


def fill_list(declaration: Declaration) -> None:
    for abbreviation, name, translation, country in (
        ("FAU", "Freie Arbeiter*innen-Union", "Free Workers' Union", "DE"),
        ("", "حزب العمال الشيوعي", "Communist Workers' Party", "LB"),
        ("RMP", "Российская маоистская партия", "Russian Maoist Party", "RU"),
    ):
        organization = Organization.objects.create(
            abbreviation=abbreviation, name=name, name_translation=translation, country=country
        )
        signature_add_published(declaration=declaration, actor=None, organization=organization)
    for name, country in (("Marta Nowak", "PL"), ("Ana Silva", "PT")):
        signature_add_published(
            declaration=declaration,
            actor=None,
            person=PersonSubmission(name=name, email="", country=country),
        )
    signature_add_published(
        declaration=declaration,
        actor=None,
        person=PersonSubmission(name="Hidden", email="", country="DE", show_name=False),
    )
    Signature.objects.filter(declaration=declaration).update(
        published_at=dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
    )


class Shots:
    """Screenshots for docs/, at both widths, when UNDERSIGNED_SCREENSHOTS names a
    directory; otherwise under the test's temporary directory."""

    def __init__(self, fallback: Path) -> None:
        self.directory = Path(os.environ.get("UNDERSIGNED_SCREENSHOTS") or fallback)
        self.directory.mkdir(parents=True, exist_ok=True)

    def take(self, page: Page, name: str) -> None:
        original = page.viewport_size
        for label, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
            page.screenshot(path=str(self.directory / f"{name}-{width}.png"))
            assert (self.directory / f"{name}-{width}.png").stat().st_size > 0, label
        if original:
            page.set_viewport_size(original)


@pytest.fixture
def shots(tmp_path) -> Shots:
    return Shots(tmp_path / "screenshots")


def new_page(browser, locale: str = "en-US") -> Page:
    context = browser.new_context(
        java_script_enabled=False,
        locale=locale,
        viewport={"width": WIDTHS["desktop"], "height": 900},
    )
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    return context.new_page()


def test_every_reader_page_state_passes_axe(
    transactional_db, live_server, settings, browser, shots
):
    settings.SITE_URL = live_server.url
    declaration = statement()
    fill_list(declaration)
    snapshot_publish(declaration=declaration, actor=None, status_date=dt.date(2026, 11, 30))
    signature_add_published(
        declaration=declaration,
        actor=None,
        person=PersonSubmission(name="Late Signer", email="", country="FR"),
    )
    closed = statement(slug="closed-letter", allow_individuals=False)
    declaration_close(declaration=closed)
    gone = statement(slug="gone")
    declaration_withdraw(declaration=gone)
    base = f"{live_server.url}/en/declarations/solidarity/"

    page = new_page(browser)
    try:
        page.goto(base)
        # On a phone, the count, the goal and both buttons are above the fold.
        page.set_viewport_size({"width": WIDTHS["phone"], "height": 844})
        block = page.locator(".sign-block").first.bounding_box()
        assert block is not None
        assert block["y"] + block["height"] <= 844, block
        page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
        expect(page.locator("#count-top")).to_contain_text("7 signatures")
        expect(page.locator(".goal").first).to_contain_text("7 of 2,000")
        expect(page.locator(".hash")).to_contain_text("1 added since")
        # The Arabic name is isolated; its line keeps the page's direction.
        arabic = page.locator("#n2")
        expect(arabic.locator("bdi")).to_have_text("حزب العمال الشيوعي")
        expect(arabic).to_contain_text("(Communist Workers' Party), Lebanon")
        assert arabic.evaluate("e => getComputedStyle(e).direction") == "ltr"
        assert_accessible(page, "declaration page")
        shots.take(page, "declaration")

        for query, label in (("?q=nowak", "search"), ("?q=nobody", "search without results")):
            page.goto(base + query)
            assert_accessible(page, label)
        page.goto(base + "?as_of=2026-11-26")
        expect(page.locator("h2#signatories")).to_contain_text("as of 26 November 2026")
        assert_accessible(page, "as of")
        for path, label in (
            ("/en/", "index with its archive"),
            ("/en/declarations/closed-letter/", "closed declaration"),
            ("/en/declarations/gone/", "withdrawn declaration"),
            ("/en/declarations/solidarity/changes/", "what changed"),
            ("/en/declarations/solidarity/snapshots/", "snapshots"),
            ("/en/declarations/solidarity/print/", "print view"),
            ("/en/your-data/", "what happens to your data"),
            ("/ru/declarations/solidarity/", "declaration page in Russian"),
        ):
            page.goto(live_server.url + path)
            assert_accessible(page, label)
        page.goto(live_server.url + "/en/declarations/closed-letter/")
        expect(page.locator(".banner")).to_contain_text("Signing closed on")
        shots.take(page, "declaration-closed")
        page.goto(live_server.url + "/ru/declarations/solidarity/")
        shots.take(page, "declaration-ru")

        # Today's export pasted into the verification form: recognised, not "tampered".
        text = page.context.request.get(
            f"{live_server.url}/declarations/solidarity/signatories.txt"
        ).text()
        page.goto(live_server.url + "/en/declarations/solidarity/snapshots/")
        page.get_by_label("…or paste its text").fill(text)
        page.get_by_role("button", name="Verify").click()
        expect(page.get_by_role("status")).to_contain_text("copy of the live list")
        assert_accessible(page, "verification of the live export")
    finally:
        page.context.close()


def sign_page_states(page: Page, url: str, shots: Shots, language: str) -> None:
    """The person's form: empty, with errors (the summary has the focus), previewed."""
    page.goto(url)
    assert_accessible(page, f"person form ({language})")
    page.locator("form.sign-form button[type=submit]").first.click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert re.match(r"^(Error|Ошибка):", page.title()), page.title()
    assert_accessible(page, f"person form with errors ({language})")
    shots.take(page, f"sign-person-errors-{language}")


def test_every_signer_page_state_passes_axe(
    transactional_db, live_server, settings, smtp, run_tasks, browser, shots
):
    settings.SITE_URL = live_server.url
    settings.SIGN_MIN_FILL_SECONDS = 0
    statement()
    base = f"{live_server.url}/en/declarations/solidarity/"
    page = new_page(browser)
    try:
        sign_page_states(page, base + "sign/", shots, "en")
        sign_page_states(page, f"{live_server.url}/ru/declarations/solidarity/sign/", shots, "ru")

        page.goto(base + "sign/organization/")
        assert_accessible(page, "organization form")
        page.get_by_role("button", name="Sign", exact=True).click()
        expect(page.locator("#error-summary")).to_be_focused()
        assert_accessible(page, "organization form with errors")
        shots.take(page, "sign-organization-errors-en")

        # Sent too fast: asked to send again, everything kept.
        settings.SIGN_MIN_FILL_SECONDS = 3600
        page.goto(base + "sign/")
        page.get_by_label("Your name").fill("Zoë Ångström")
        page.get_by_label("Email address").fill("zoe@example.org")
        page.get_by_label("Country").select_option("SE")
        page.get_by_role("button", name="Sign", exact=True).click()
        expect(page.locator("#error-summary")).to_contain_text("Please send the form again")
        expect(page.get_by_label("Your name")).to_have_value("Zoë Ångström")
        assert_accessible(page, "sent too fast")
        settings.SIGN_MIN_FILL_SECONDS = 0

        # The preview shows the exact line, then the form is sent.
        page.get_by_label("City (optional)").fill("Malmö")
        page.get_by_role("button", name="Preview my entry first").click()
        expect(page.locator(".preview-line")).to_contain_text("Zoë Ångström, Malmö, Sweden")
        assert_accessible(page, "preview")
        page.get_by_role("button", name="Sign", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your mail")
        assert_accessible(page, "check your mail")

        run_tasks()
        signature = Signature.objects.get(sealed_email="", status="unconfirmed")
        links = signature_links(signature)
        page.goto(links["confirm"])
        expect(page.locator(".preview-line")).to_contain_text("Zoë Ångström, Malmö, Sweden")
        assert_accessible(page, "confirmation page")
        shots.take(page, "confirm")
        page.get_by_role("button", name="Confirm my signature").click()
        expect(page.get_by_role("link", name="See entry no. 1")).to_be_visible()
        assert_accessible(page, "confirmed page")
        shots.take(page, "confirmed")
        page.get_by_role("link", name="See entry no. 1").click()
        expect(page.locator("#n1")).to_contain_text("Zoë Ångström")

        page.goto(links["withdraw"])
        assert_accessible(page, "withdrawal page")
        expect(page.get_by_role("link", name="No, keep my signature")).to_be_visible()
        page.get_by_role("button", name="Withdraw my signature").click()
        assert_accessible(page, "withdrawn page")
    finally:
        page.context.close()


def focused(page: Page) -> str:
    """What has the keyboard focus: its accessible text, as a screen reader would say."""
    return page.locator("*:focus").evaluate(
        "e => (e.labels && e.labels[0] ? e.labels[0].innerText : '')"
        " || e.innerText || e.value || ''"
    )


def tab_to(page: Page, pattern: str, *, limit: int = 80) -> None:
    """Press Tab until the focus is on an element whose text matches ``pattern``."""
    wanted = re.compile(pattern)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if wanted.search(focused(page).strip()):
            return
    raise AssertionError(f"Tab never reached {pattern!r}")


def test_a_person_and_an_organization_sign_with_the_keyboard_alone(
    transactional_db, live_server, settings, smtp, run_tasks, browser
):
    settings.SITE_URL = live_server.url
    settings.SIGN_MIN_FILL_SECONDS = 0
    statement()
    page = new_page(browser)
    try:
        page.goto(f"{live_server.url}/en/declarations/solidarity/")
        # The first Tab reaches the skip link, which shows itself and moves on to the text.
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Skip to the content")
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport()
        # Our own focus ring, not only the browser's.
        assert skip.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile("#main$"))

        tab_to(page, r"^Sign as a person$")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign as a person")
        tab_to(page, r"^Your name")
        page.keyboard.type("Keyboard Person")
        page.keyboard.press("Tab")
        page.keyboard.type("keys@example.org")
        tab_to(page, r"^Country")
        page.keyboard.type("Swe")  # a select takes typed letters
        expect(page.get_by_label("Country")).to_have_value("SE")
        tab_to(page, r"^Show my name")
        page.keyboard.press("Space")
        tab_to(page, r"^Sign$")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your mail")

        page.goto(f"{live_server.url}/en/declarations/solidarity/sign/organization/")
        # Sent empty with Enter: the error summary takes the focus, its links lead on.
        tab_to(page, r"^Name of the organization")
        page.keyboard.press("Enter")
        expect(page.locator("#error-summary")).to_be_focused()
        page.keyboard.press("Tab")
        expect(page.locator("#error-summary a").first).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.get_by_label("Name of the organization")).to_be_focused()
        page.keyboard.type("Keyboard Collective")
        tab_to(page, r"^Your name")
        page.keyboard.type("Secretary")
        tab_to(page, r"^Email address")
        page.keyboard.type("collective@example.org")
        tab_to(page, r"^Sign$")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your mail")

        run_tasks()
        assert len(smtp.messages) == 2
        for message in smtp.messages:
            body = message.get_body(preferencelist=("plain",))
            assert body is not None
            match = re.search(r"https?://\S+/s/[^/\s]+/confirm/[^/\s]+/", body.get_content())
            assert match
            page.goto(match.group(0))
            tab_to(page, r"^Confirm my signature$")
            page.keyboard.press("Enter")
            expect(page.get_by_role("heading", level=1)).to_have_text(
                "Thank you, your signature is confirmed"
            )
        statuses = sorted(Signature.objects.values_list("kind", "status"))
        assert statuses == [("organization", "pending"), ("person", "published")]
    finally:
        page.context.close()


def test_the_organizers_pages_pass_axe(transactional_db, live_server, settings, browser):
    """The organizer's side of the same pages: the dashboard, a declaration, moderation,
    translations, the import and snapshot forms and the audit log."""
    settings.SITE_URL = live_server.url
    declaration = statement()
    fill_list(declaration)
    User.objects.create_superuser("organizer", password="a long password for tests")
    page = new_page(browser)
    try:
        page.goto(f"{live_server.url}/en/organize/login/")
        assert_accessible(page, "sign-in")
        page.get_by_label("Username").fill("organizer")
        page.get_by_label("Password").fill("a long password for tests")
        page.locator("form button[type=submit]").click()
        expect(page).to_have_url(re.compile("/en/organize/$"))
        for path, label in (
            ("", "dashboard"),
            ("solidarity/", "a declaration"),
            ("solidarity/moderation/", "moderation"),
            ("solidarity/translations/", "translations"),
            ("solidarity/translations/edit/?language=de", "a translation"),
            ("solidarity/import/", "import"),
            ("solidarity/snapshots/publish/", "snapshot"),
            ("solidarity/audit/", "audit log"),
        ):
            page.goto(f"{live_server.url}/en/organize/{path}")
            assert_accessible(page, f"organizer: {label}")
    finally:
        page.context.close()

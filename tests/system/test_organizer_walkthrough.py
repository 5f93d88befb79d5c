"""An organizer runs a declaration from the browser, never opening /admin/: in Chromium,
JavaScript off, each page state checked with axe-core.

Sign in with the password and the authenticator's code; start a declaration that asks a
follow-up question; try to open it (refused, with the reason); install the contact key;
open it; invite a moderator with a one-time link, who opens it in another browser, sets a
password and approves an organization; import a list; publish a status; export the list;
close it.

The screenshots in docs/organizers.md are taken here: run with
``UNDERSIGNED_SCREENSHOTS=docs/img/organizers`` to write them there (otherwise they go
to the test's temporary directory).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from undersigned.contacts.crypto import key_pair_generate
from undersigned.declarations.models import Declaration
from undersigned.lists.models import Snapshot
from undersigned.roles.services import role_grant
from undersigned.signatures.models import Signature
from undersigned.signatures.services import (
    OrganizationSubmission,
    signature_confirm,
    signature_submit,
)
from undersigned.testing import BROWSER_TIMEOUT_MS, REPO, assert_accessible
from undersigned.twofactor.services import two_factor_confirm, two_factor_start
from undersigned.twofactor.tests.helpers import totp_code

pytestmark = pytest.mark.browser

PASSWORD = "a long organizer password"
LIST = """Status of the signatories 01.12.2026. Further signing possible.

1. Friends of the River (FOR), Germany
2. Union of Water Users, France
3. Коалиція за чисту воду, Ukraine
"""


def _shots(tmp_path: Path) -> Path:
    target = os.environ.get("UNDERSIGNED_SCREENSHOTS")
    folder = (REPO / target) if target else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/en/organize/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your declarations")


def test_an_organizer_runs_a_declaration_from_the_browser(
    transactional_db, live_server, settings, browser, tmp_path
):
    settings.SITE_URL = live_server.url
    shots = _shots(tmp_path)
    organizer = User.objects.create_user("organizer", password=PASSWORD)
    role_grant(user=organizer, role="organizer", scope=None)
    moderator = User.objects.create_user("moderator", password=PASSWORD)
    base = live_server.url
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    context = browser.new_context(
        java_script_enabled=False, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()

    def shot(name: str) -> None:
        assert_accessible(page, name)
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)

    try:
        # Sign in with two factors: the password, then the code of the organizer's
        # authenticator app (set up beforehand; computed here from the stored key).
        app = two_factor_start(user=organizer)
        two_factor_confirm(user=organizer, code=totp_code(app))
        page.goto(f"{base}/en/organize/login/")
        page.get_by_label("Username").fill("organizer")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in: your code")
        shot("00-sign-in-code")
        page.get_by_label("Code").fill(totp_code(app, steps_ahead=1))
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your declarations")
        shot("01-dashboard")

        # Start a declaration that asks signers a follow-up question.
        page.get_by_role("link", name="Start a new declaration").click()
        page.get_by_label("Title").fill("Clean rivers for every town")
        page.get_by_label("Address").fill("clean-rivers")
        page.get_by_label("Publisher").fill("Coalition of the River Towns")
        page.get_by_label("Text (Markdown)").fill(
            "We, the undersigned, **declare**:\n\n1. rivers are a common good;\n"
            "2. their water belongs to all.\n"
        )
        page.get_by_role("button", name="Preview the text").click()
        expect(page.locator(".preview-text strong")).to_have_text("declare")
        page.get_by_label("Ask signers for contacts for follow-up").check()
        page.get_by_label("Region of the follow-up question").fill("Germany")
        page.get_by_label("Goal (signatures)").fill("500")
        shot("02-new-declaration")
        # From the keyboard, as someone without a mouse saves it.
        page.get_by_role("button", name="Save", exact=True).focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Clean rivers for every town")
        declaration = Declaration.objects.get(slug="clean-rivers")
        assert declaration.contact_region == "Germany"

        # Opening is refused while contacts are asked for and no key is installed.
        page.get_by_role("button", name="Open it for signatures").click()
        expect(page.locator(".notice").first).to_contain_text("no organizers' public key")
        shot("03-open-refused")

        # Install the key (made on the organizer's own machine), then open.
        page.get_by_role("navigation", name="Pages of “Clean rivers for every town”").get_by_role(
            "link", name="Contacts"
        ).click()
        pair = key_pair_generate(passphrase="a passphrase", strength="interactive")
        page.get_by_label("Public key").fill(pair.public_file.strip())
        page.get_by_role("button", name="Install the key").click()
        expect(page.locator(".notice").first).to_contain_text("The key is installed")
        shot("04-contacts-key")
        page.get_by_role("link", name="Overview").click()
        page.get_by_role("button", name="Open it for signatures").click()
        expect(page.locator(".notice").first).to_contain_text("open for signatures")
        declaration.refresh_from_db()
        assert declaration.status == Declaration.Status.OPEN

        # Invite a moderator: a one-time link from the Team page, passed on by hand; the
        # moderator opens it in a browser of their own, sets a password and approves an
        # organization that signed.
        page.get_by_role("navigation", name="Pages of “Clean rivers for every town”").get_by_role(
            "link", name="Team"
        ).click()
        page.get_by_label("Role").select_option("moderator")
        page.get_by_role("button", name="Make an invitation link").click()
        link = page.locator(".invitation-link").inner_text()
        assert link.startswith(f"{base}/en/organize/invitations/")
        shot("05a-team-invitation")
        at_both_widths(page, "team")
        pending = signature_submit(
            declaration=declaration,
            submission=OrganizationSubmission(
                abbreviation="RTA", name="River Towns Alliance", country="DE",
                website="https://rivers.example.org", signer_name="Secretary",
                email="secretary@example.org",
            ),
            language="en",
        )  # fmt: skip
        signature_confirm(signature=pending)
        moderating = browser.new_context(java_script_enabled=False, locale="en-US")
        moderating.set_default_timeout(BROWSER_TIMEOUT_MS)
        moderator_page = moderating.new_page()
        try:
            moderator_page.goto(link)
            expect(moderator_page.get_by_role("heading", level=1)).to_have_text("Join the team")
            at_both_widths(moderator_page, "invitation")
            # The name "moderator" is taken: the page says so, and another is chosen.
            moderator_page.get_by_label("Username").fill(moderator.username)
            moderator_page.get_by_label("Password", exact=True).fill(PASSWORD)
            moderator_page.get_by_label("Password confirmation").fill(PASSWORD)
            moderator_page.get_by_role("button", name="Create my account and join").click()
            expect(moderator_page.locator(".error").first).to_contain_text("already exists")
            moderator_page.get_by_label("Username").fill("river-moderator")
            moderator_page.get_by_label("Password", exact=True).fill(PASSWORD)
            moderator_page.get_by_label("Password confirmation").fill(PASSWORD)
            page_for_shot, page = page, moderator_page
            shot("05b-invitation")
            page = page_for_shot
            moderator_page.get_by_role("button", name="Create my account and join").click()
            expect(moderator_page.locator(".notice").first).to_contain_text(
                "you are now moderator of “Clean rivers for every town”"
            )
            invited = User.objects.get(username="river-moderator")
            assert invited.role_assignments.get().role == "moderator"
            # The link is burnt: opened again, it says so.
            gone = moderating.new_page()
            gone.goto(link)
            expect(gone.get_by_role("heading", level=1)).to_have_text(
                "This invitation cannot be used"
            )
            gone.close()
            moderator_page.get_by_role("link", name="Moderation").first.click()
            expect(moderator_page.get_by_text("River Towns Alliance")).to_be_visible()
            page_for_shot, page = page, moderator_page
            shot("05-moderation")
            page = page_for_shot
            moderator_page.get_by_role("button", name="Approve and publish").click()
            expect(moderator_page.locator(".notice").first).to_have_text("Approved and published.")
        finally:
            moderating.close()
        pending.refresh_from_db()
        assert pending.status == Signature.Status.PUBLISHED

        # Import a list: paste → preview → commit.
        page.get_by_role("link", name="Import").click()
        page.get_by_label("The list").fill(LIST)
        page.get_by_role("button", name="Read the list").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Preview the import")
        page.get_by_role("link", name="Show all rows").first.click()
        shot("06-import-preview")
        page.get_by_role("button", name="Import 3 signatories").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("imported")
        assert Signature.objects.filter(declaration=declaration).count() == 4

        # Publish a status (a snapshot of the list).
        page.get_by_role("link", name="Publish a status").click()
        page.get_by_role("button", name="Publish snapshot").click()
        expect(page.locator(".notice").first).to_contain_text("Snapshot 1 published")
        assert Snapshot.objects.filter(declaration=declaration).count() == 1

        # Export the list.
        page.goto(f"{base}/en/organize/clean-rivers/exports/")
        shot("07-exports")
        with page.expect_download() as download:
            page.get_by_role("link", name="The list as CSV").click()
        assert "River Towns Alliance" in Path(download.value.path()).read_text(encoding="utf-8")

        # Close it.
        page.get_by_role("link", name="Overview").click()
        page.get_by_role("button", name="Close it").click()
        expect(page.locator(".notice").first).to_contain_text("closed")
        shot("08-closed")
        declaration.refresh_from_db()
        assert declaration.status == Declaration.Status.CLOSED
    finally:
        context.close()


def at_both_widths(page, label: str) -> None:
    """axe-core at 1280 and 390 px, and nothing wider than a phone's screen."""
    original = page.viewport_size
    for width in (1280, 390):  # undersigned.testing.WIDTHS
        page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
        assert_accessible(page, f"{label} at {width} px")
        widest = max(box["x"] + box["width"] for box in _boxes(page))
        assert widest <= width + 1, f"{label} is {widest} px wide at {width} px"
    page.set_viewport_size(original)


def _boxes(page):
    found = page.locator("main *")
    return [box for i in range(found.count()) if (box := found.nth(i).bounding_box())]

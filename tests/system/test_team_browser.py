"""The team's other pages in Chromium, JavaScript off, checked by axe-core at 1280 and
390 px: taking a role back (asked once more), a link that was revoked, changing one's
own password. The invitation itself is walked through in test_organizer_walkthrough.py."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.roles.invitations import invitation_create
from undersigned.roles.models import RoleAssignment
from undersigned.roles.services import role_grant
from undersigned.testing import BROWSER_TIMEOUT_MS, WIDTHS, assert_accessible

pytestmark = pytest.mark.browser

PASSWORD = "a long organizer password"


def at_both_widths(page, label: str) -> None:
    """axe-core at each width, and nothing in the page wider than the screen."""
    for width in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
        assert_accessible(page, f"{label} at {width} px")
        found = page.locator("main *")
        boxes = [b for i in range(found.count()) if (b := found.nth(i).bounding_box())]
        widest = max(box["x"] + box["width"] for box in boxes)
        assert widest <= width + 1, f"{label} is {widest} px wide at {width} px"
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})


def test_taking_a_role_a_revoked_link_and_a_new_password(transactional_db, live_server, browser):
    declaration = DeclarationFactory(slug="rivers", title="Clean rivers for every town")
    organizer = User.objects.create_user("organizer", password=PASSWORD)
    role_grant(user=organizer, role="organizer", scope=declaration)
    helper = User.objects.create_user("helper", password=PASSWORD)
    role_grant(user=helper, role="moderator", scope=declaration)
    _invitation, token = invitation_create(role="moderator", scope=declaration, actor=organizer)
    base = live_server.url
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(f"{base}/en/organize/login/")
        page.get_by_label("Username").fill("organizer")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("link", name="Clean rivers for every town").click()
        page.get_by_role("link", name="Team").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Team of “Clean rivers for every town”"
        )
        at_both_widths(page, "team")

        # Revoke the link not used yet; opened afterwards, it says so.
        page.get_by_role("button", name="Revoke the moderator invitation").click()
        expect(page.locator(".notice").first).to_contain_text("The invitation was revoked")
        visitor = browser.new_context(java_script_enabled=False, locale="en-US")
        gone = visitor.new_page()
        gone.goto(f"{base}/en/organize/invitations/{token}/")
        expect(gone.locator("main")).to_contain_text("revoked by the team")
        at_both_widths(gone, "a revoked invitation")
        visitor.close()

        # Take the helper's role: asked once more.
        page.get_by_role("link", name="Take the role from helper…").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Take this role?")
        at_both_widths(page, "take a role")
        page.get_by_role("button", name="Take the role from helper").click()
        expect(page.locator(".notice").first).to_contain_text("helper no longer holds")
        assert not RoleAssignment.objects.filter(user=helper).exists()

        # Change one's own password.
        page.get_by_role("link", name="Your password").click()
        at_both_widths(page, "password")
        page.get_by_label("Old password").fill(PASSWORD)
        page.get_by_label("New password", exact=True).fill("a newer organizer password")
        page.get_by_label("New password confirmation").fill("a newer organizer password")
        page.get_by_role("button", name="Change the password").click()
        expect(page.locator(".notice").first).to_have_text("Your password was changed.")
        organizer.refresh_from_db()
        assert organizer.check_password("a newer organizer password")
    finally:
        context.close()

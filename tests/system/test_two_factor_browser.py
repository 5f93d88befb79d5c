"""Two-factor sign-in in Chromium, JavaScript off, every state checked with axe-core: a
site that requires it for role holders sends an organizer to set it up; the key is a QR
code drawn on the server and as text; a code computed from the stored key (django-otp's
TOTP) confirms it; the recovery codes are shown once; signing in again asks for the
code after the password; a recovery code works once."""

from __future__ import annotations

import os
import re
from base64 import b32encode

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from undersigned.roles.services import role_grant
from undersigned.testing import BROWSER_TIMEOUT_MS, REPO, assert_accessible
from undersigned.twofactor.tests.helpers import totp_code

pytestmark = pytest.mark.browser

PASSWORD = "a long organizer password"


def _password(page, base: str) -> None:
    page.goto(f"{base}/en/organize/login/")
    page.get_by_label("Username").fill("organizer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_organizer_sets_up_two_factor_and_signs_in_with_a_code(
    transactional_db, live_server, settings, browser
):
    settings.TWO_FACTOR_REQUIRED_FOR_ROLES = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the test types no wrong code it waits after
    organizer = User.objects.create_user("organizer", password=PASSWORD)
    role_grant(user=organizer, role="organizer", scope=None)
    base = live_server.url
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    for width in (1280, 390):
        TOTPDevice.objects.filter(user=organizer).delete()
        context = browser.new_context(
            java_script_enabled=False, locale="en-US", viewport={"width": width, "height": 900}
        )
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
        page = context.new_page()
        try:
            # The password alone opens nothing: the site asks for the set-up first.
            _password(page, base)
            expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in")
            expect(page.locator(".notice").first).to_contain_text("turn on two-factor")
            assert_accessible(page, f"two-factor-off-{width}")
            page.get_by_role("button", name="Set up two-factor sign-in").click()

            qr = page.locator("figure.qr-code svg.qr")
            expect(qr).to_be_visible()
            assert qr.get_attribute("role") == "img"
            box = qr.bounding_box()
            assert box is not None
            assert box["width"] <= width
            device = TOTPDevice.objects.get(user=organizer, confirmed=False)
            shown = page.locator("code.secret").inner_text().replace(" ", "")
            assert shown == b32encode(device.bin_key).decode().rstrip("=")
            assert_accessible(page, f"two-factor-set-up-{width}")
            if width == 1280 and os.environ.get("UNDERSIGNED_SCREENSHOTS"):
                # For docs/organizers.md, beside the walkthrough's screenshots.
                folder = REPO / os.environ["UNDERSIGNED_SCREENSHOTS"]
                folder.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(folder / "00-two-factor-set-up.png"), full_page=True)

            page.get_by_label("Code").fill(totp_code(device))
            page.get_by_role("button", name="Turn two-factor sign-in on").click()
            expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
            codes = page.locator(".recovery-codes code").all_inner_texts()
            assert len(codes) == 10
            assert all(re.fullmatch(r"[a-z2-7]{8}", code) for code in codes)
            assert_accessible(page, f"two-factor-recovery-codes-{width}")
            page.get_by_role("link", name="I have kept them: on to the workspace").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Your declarations")

            # Signing in again: the password, then the code the app shows next.
            page.get_by_role("button", name="Sign out").click()
            _password(page, base)
            expect(page.get_by_role("heading", level=1)).to_have_text("Sign in: your code")
            assert_accessible(page, f"sign-in-code-{width}")
            page.get_by_label("Code").fill(totp_code(device, steps_ahead=1))
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Your declarations")

            # A recovery code signs in once.
            page.get_by_role("button", name="Sign out").click()
            _password(page, base)
            page.get_by_label("Code").fill(codes[0])
            page.get_by_role("button", name="Sign in").click()
            expect(page.locator(".notice").first).to_contain_text("recovery code")
            page.get_by_role("button", name="Sign out").click()
            _password(page, base)
            page.get_by_label("Code").fill(codes[0])
            page.get_by_role("button", name="Sign in").click()
            expect(page.locator(".errors, .error").first).to_contain_text("That code is not right")
            assert_accessible(page, f"sign-in-code-refused-{width}")
        finally:
            context.close()

"""Two-factor sign-in in the workspace: setting it up, the code step after the password,
recovery codes, the limits on wrong codes, and the site-wide requirement for role
holders — which every URL of the workspace obeys."""

from __future__ import annotations

import re
from base64 import b32encode

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from undersigned.audit.models import AuditEntry
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.roles.permissions import Role
from undersigned.roles.services import role_grant
from undersigned.twofactor.selectors import authenticator
from undersigned.twofactor.services import two_factor_confirm, two_factor_start
from undersigned.twofactor.tests.helpers import totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "the organizer's password"
DASHBOARD = "/en/organize/"


@pytest.fixture(autouse=True)
def no_throttle(settings):
    # django-otp's growing delay after a wrong code (twofactor/tests keep one test of it).
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def organizer(username="orga"):
    user = User.objects.create_user(username, password=PASSWORD)
    role_grant(user=user, role=Role.ORGANIZER, scope=None)
    return user


def enrolled(user):
    device = two_factor_start(user=user)
    _device, codes = two_factor_confirm(user=user, code=totp_code(device))
    return device, codes


def sign_in(client, username="orga", password=PASSWORD, **extra):
    return client.post(
        reverse("organize:login") + extra.pop("query", ""),
        {"username": username, "password": password, **extra},
    )


def test_setting_up_shows_a_qr_code_and_the_key_then_recovery_codes_once(client):
    user = organizer()
    client.force_login(user)
    page = client.get(reverse("organize:two_factor"))
    assert "Set up two-factor sign-in" in page.content.decode()
    assert client.post(reverse("organize:two_factor_start")).status_code == 302
    page = client.get(reverse("organize:two_factor")).content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    # The QR code is inline SVG (nothing loaded from anywhere), the key is there as text.
    assert re.search(r'<svg role="img" viewBox="[^"]+" class="qr"><title>', page)
    assert "<img" not in page
    assert "<script" not in page
    secret = b32encode(device.bin_key).decode().rstrip("=")
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    wrong = client.post(reverse("organize:two_factor_confirm"), {"code": "1234567"})
    assert wrong.status_code == 400
    assert "does not match" in wrong.content.decode()
    done = client.post(reverse("organize:two_factor_confirm"), {"code": totp_code(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert authenticator(user=user) == device
    # Shown once: the page afterwards says how many are left, not which.
    again = client.get(reverse("organize:two_factor")).content.decode()
    assert "10 recovery codes are left" in again
    assert not any(code in again for code in codes)
    # This session proved it holds the app: it goes on without signing in again.
    assert client.get(DASHBOARD).status_code == 200


def test_a_password_alone_does_not_sign_in_an_account_with_an_authenticator(client):
    user = organizer()
    device, _codes = enrolled(user)
    response = sign_in(client, query="?next=/en/organize/new/")
    assert response.status_code == 302
    assert response["Location"] == reverse("organize:sign_in_code")
    assert "_auth_user_id" not in client.session
    assert client.get(DASHBOARD).status_code == 302  # still signed out
    step = client.get(reverse("organize:sign_in_code"))
    assert "Type the code your authenticator app shows" in step.content.decode()
    wrong = client.post(reverse("organize:sign_in_code"), {"code": "000000x"})
    assert wrong.status_code == 400
    assert "_auth_user_id" not in client.session
    response = client.post(
        reverse("organize:sign_in_code"), {"code": totp_code(device, steps_ahead=1)}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/organize/new/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(DASHBOARD).status_code == 200


def test_a_recovery_code_signs_in_once(client):
    user = organizer()
    _device, codes = enrolled(user)
    sign_in(client)
    response = client.post(reverse("organize:sign_in_code"), {"code": codes[3].upper()})
    assert response.status_code == 302
    assert "recovery code" in client.get(DASHBOARD).content.decode()
    client.post(reverse("organize:logout"))
    sign_in(client)
    burnt = client.post(reverse("organize:sign_in_code"), {"code": codes[3]})
    assert burnt.status_code == 400
    assert "_auth_user_id" not in client.session


def test_the_code_step_without_a_password_first_goes_back_to_the_password(client):
    response = client.get(reverse("organize:sign_in_code"))
    assert response.status_code == 302
    assert response["Location"] == reverse("organize:login")


def test_a_session_signed_in_elsewhere_is_asked_for_the_code_before_any_page(client):
    # The admin's login checks the password only: the workspace still asks for the code.
    user = organizer()
    device, _codes = enrolled(user)
    client.force_login(user)
    before = client.session.session_key
    declaration = DeclarationFactory()
    page = reverse("organize:declaration", args=[declaration.slug])
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("organize:sign_in_code") + "?next=")
    response = client.post(response["Location"], {"code": totp_code(device, steps_ahead=1)})
    assert response["Location"] == page
    assert client.session.session_key != before
    assert client.get(page).status_code == 200


def test_wrong_codes_count_with_wrong_passwords_against_the_same_limits(client, settings):
    settings.SIGNIN_LIMIT_PER_ACCOUNT = 3
    settings.SIGNIN_LIMIT_PER_CLIENT = 100
    user = organizer()
    device, _codes = enrolled(user)
    sign_in(client, password="wrong")
    sign_in(client)
    for _attempt in range(2):
        assert client.post(reverse("organize:sign_in_code"), {"code": "999999x"}).status_code == 400
    # Three failures of this account: the right code is not even checked now.
    response = client.post(
        reverse("organize:sign_in_code"), {"code": totp_code(device, steps_ahead=1)}
    )
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_turning_off_needs_a_current_code_and_is_audited(client):
    user = organizer()
    _device, codes = enrolled(user)
    sign_in(client)
    client.post(reverse("organize:sign_in_code"), {"code": codes[0]})
    refused = client.post(reverse("organize:two_factor_disable"), {"code": "12"})
    assert refused.status_code == 400
    assert authenticator(user=user) is not None
    fresh = client.post(reverse("organize:two_factor_regenerate"))
    new_codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", fresh.content.decode())
    assert len(new_codes) == 10
    assert codes[1] not in new_codes
    assert (
        client.post(reverse("organize:two_factor_disable"), {"code": codes[1]}).status_code == 400
    )
    off = client.post(reverse("organize:two_factor_disable"), {"code": new_codes[0]})
    assert off.status_code == 302
    assert authenticator(user=user) is None
    actions = set(AuditEntry.objects.filter(actor=user).values_list("action", flat=True))
    assert {"two_factor.enable", "two_factor.recovery_regenerate", "two_factor.disable"} <= actions


def test_with_the_requirement_a_role_holder_sets_it_up_before_any_page(client, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_ROLES = True
    user = organizer()
    client.force_login(user)
    declaration = DeclarationFactory()
    for url in (DASHBOARD, reverse("organize:declaration", args=[declaration.slug])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("organize:two_factor")
    assert client.get(reverse("organize:two_factor")).status_code == 200
    client.post(reverse("organize:two_factor_start"))
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("organize:two_factor_confirm"), {"code": totp_code(device)})
    assert client.get(DASHBOARD).status_code == 200
    # Someone without any role is not held up.
    client.force_login(User.objects.create_user("reader", password=PASSWORD))
    assert client.get(DASHBOARD).status_code == 200


# The pages before the workspace's door: signing in and out.
# Pages before any door: signing in and out, and an invitation (its token is the
# credential; someone without an account opens it to make one).
SIGN_IN_PAGES = {
    "organize:login",
    "organize:sign_in_code",
    "organize:logout",
    "organize:invitation",
}


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + (f"{entry.namespace}:" if entry.namespace else ""))
        elif isinstance(entry, URLPattern):
            yield prefix + (entry.name or ""), entry.callback


def test_every_url_of_the_workspace_goes_through_its_door():
    workspace = [
        (name, callback)
        for name, callback in _patterns(get_resolver())
        if name.startswith("organize:")
    ]
    assert len(workspace) > 30, workspace
    unguarded = [
        name
        for name, callback in workspace
        if name not in SIGN_IN_PAGES and not getattr(callback, "workspace_door", False)
    ]
    assert not unguarded, f"workspace pages without organize.access.workspace_view: {unguarded}"


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("organize:two_factor", "get"),
        ("organize:two_factor_start", "post"),
        ("organize:two_factor_confirm", "post"),
        ("organize:two_factor_disable", "post"),
        ("organize:two_factor_regenerate", "post"),
    ],
)
def test_the_two_factor_pages_send_anonymous_visitors_to_sign_in(client, name, method):
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("organize:login"))
    assert not TOTPDevice.objects.exists()

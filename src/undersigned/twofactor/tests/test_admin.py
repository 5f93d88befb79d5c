"""The admin lists second factors and removes them, and never shows a key or a code."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from undersigned.twofactor.services import two_factor_confirm, two_factor_start
from undersigned.twofactor.tests.helpers import totp_code

pytestmark = pytest.mark.django_db


def test_the_admin_shows_neither_the_key_nor_the_recovery_codes(client):
    owner = User.objects.create_user("orga", password="pw")
    device = two_factor_start(user=owner)
    _device, codes = two_factor_confirm(user=owner, code=totp_code(device))
    client.force_login(User.objects.create_superuser("root", password="pw"))
    recovery = StaticDevice.objects.get(user=owner)
    pages = [
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk]),
        reverse("admin:otp_static_staticdevice_change", args=[recovery.pk]),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert "orga" in page
        assert device.key not in page
        assert not any(code in page for code in codes)
    delete = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not owner.totpdevice_set.exists()


def test_the_admin_opens_only_to_a_session_verified_with_a_code(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    root = User.objects.create_superuser("root", password="pw")
    client.force_login(root)
    assert client.get("/admin/").status_code == 200  # no second factor, none required
    device = two_factor_start(user=root)
    two_factor_confirm(user=root, code=totp_code(device))
    # A password alone (the session above) no longer opens it: the code step does.
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/en/organize/login/code/?next=%2Fadmin%2F"
    response = client.post(
        response.redirect_chain[-1][0], {"code": totp_code(device, steps_ahead=1)}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # The admin's own password form is not on offer: its address leads to the two steps.
    client.logout()
    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"] == "/en/organize/login/?next=%2Fadmin%2F"


def test_with_the_requirement_the_admin_asks_to_set_it_up_first(client, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_ROLES = True
    client.force_login(User.objects.create_superuser("root", password="pw"))
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("organize:two_factor")

"""Turning two-factor sign-in on and off, checking codes, burning recovery codes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from undersigned.audit.models import AuditEntry
from undersigned.twofactor.selectors import authenticator, recovery_codes_left
from undersigned.twofactor.services import (
    RECOVERY_CODES,
    TwoFactorError,
    two_factor_confirm,
    two_factor_disable,
    two_factor_recovery_regenerate,
    two_factor_start,
    two_factor_verify,
)
from undersigned.twofactor.tests.helpers import totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_throttle(settings):
    # django-otp waits 1 s, 2 s, 4 s… after each wrong code; the tests do not wait
    # (test_django_otp_delays_the_attempt_after_a_wrong_code keeps it on).
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def user():
    return User.objects.create_user("orga", password="pw")


def enrol(user):
    device = two_factor_start(user=user)
    _device, codes = two_factor_confirm(user=user, code=totp_code(device))
    return device, codes


def test_start_makes_an_unconfirmed_device_that_only_a_right_code_confirms(user):
    device = two_factor_start(user=user)
    assert not device.confirmed
    assert authenticator(user=user) is None
    with pytest.raises(TwoFactorError):
        two_factor_confirm(user=user, code="000000" if totp_code(device) != "000000" else "111111")
    assert authenticator(user=user) is None
    confirmed, codes = two_factor_confirm(user=user, code=totp_code(device))
    assert confirmed.pk == device.pk
    assert authenticator(user=user) == device
    assert len(codes) == RECOVERY_CODES == len(set(codes))
    assert recovery_codes_left(user=user) == RECOVERY_CODES
    entry = AuditEntry.objects.get(action="two_factor.enable")
    assert (entry.actor, entry.object_type, entry.object_id) == (user, "totpdevice", device.pk)
    # The audit row holds no key and no code.
    assert entry.data == {}


def test_starting_again_replaces_the_unconfirmed_key_and_is_refused_once_on(user):
    first = two_factor_start(user=user)
    second = two_factor_start(user=user)
    assert not TOTPDevice.objects.filter(pk=first.pk).exists()
    assert second.key != first.key
    two_factor_confirm(user=user, code=totp_code(second))
    with pytest.raises(TwoFactorError):
        two_factor_start(user=user)


def test_a_code_is_taken_once_and_a_recovery_code_is_burnt(user):
    device, codes = enrol(user)
    # The code that confirmed the device does not sign in again; the next step's does.
    assert two_factor_verify(user=user, code=totp_code(device)) is None
    assert two_factor_verify(user=user, code=totp_code(device, steps_ahead=1)) == device
    recovery = two_factor_verify(user=user, code=codes[0].upper())
    assert isinstance(recovery, StaticDevice)
    assert two_factor_verify(user=user, code=codes[0]) is None
    assert recovery_codes_left(user=user) == RECOVERY_CODES - 1
    used = AuditEntry.objects.get(action="two_factor.recovery_code_used")
    assert used.data == {"left": RECOVERY_CODES - 1}
    assert two_factor_verify(user=user, code="") is None


def test_regenerating_replaces_every_recovery_code(user):
    _device, old = enrol(user)
    new = two_factor_recovery_regenerate(user=user)
    assert not set(old) & set(new)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert AuditEntry.objects.filter(action="two_factor.recovery_regenerate").count() == 1
    other = User.objects.create_user("other", password="pw")
    with pytest.raises(TwoFactorError):
        two_factor_recovery_regenerate(user=other)


def test_turning_off_needs_a_current_code(user):
    device, codes = enrol(user)
    with pytest.raises(TwoFactorError):
        two_factor_disable(user=user, code="not a code")
    assert authenticator(user=user) is not None
    two_factor_disable(user=user, code=codes[1])
    assert authenticator(user=user) is None
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    entry = AuditEntry.objects.get(action="two_factor.disable")
    assert (entry.object_type, entry.object_id) == ("totpdevice", device.pk)
    with pytest.raises(TwoFactorError):
        two_factor_disable(user=user, code=codes[2])


def test_django_otp_delays_the_attempt_after_a_wrong_code(user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 3600
    device, _codes = enrol(user)
    right = totp_code(device, steps_ahead=1)
    wrong = f"{(int(right) + 1) % 10**device.digits:0{device.digits}d}"
    assert two_factor_verify(user=user, code=wrong) is None
    # The right code, too soon after a wrong one, is refused as well.
    assert two_factor_verify(user=user, code=right) is None

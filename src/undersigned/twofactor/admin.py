"""The admin and second factors.

Its screens of them show who has one and remove it (for someone who lost the phone and
the recovery codes). django-otp's own screens show the key, its QR code and the recovery
codes: here nobody but the account's owner ever sees them, so they are replaced by
screens that show neither.

And it opens only to a session verified with a code when the account has an
authenticator, or when TWO_FACTOR_REQUIRED_FOR_ROLES asks one of everybody: its login
page sends to the workspace's two steps (organize/views/signin.py:admin_login).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from undersigned.twofactor.selectors import authenticator

SHOWN = ("user", "name", "confirmed", "created_at", "last_used_at")


class DeviceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = SHOWN
    list_filter = ("confirmed",)
    search_fields = ("user__username",)
    fields = SHOWN
    readonly_fields = SHOWN

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # set up by the account's owner, in the workspace

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _needs_verified_session(has_permission: Callable[[HttpRequest], bool]) -> Any:
    def check(request: HttpRequest) -> bool:
        if not has_permission(request):
            return False
        is_verified = getattr(request.user, "is_verified", None)
        if is_verified is not None and is_verified():
            return True
        return (
            not settings.TWO_FACTOR_REQUIRED_FOR_ROLES and authenticator(user=request.user) is None
        )

    return check


admin.site.has_permission = _needs_verified_session(admin.site.has_permission)  # type: ignore[method-assign]

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, DeviceAdmin)

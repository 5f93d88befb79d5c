"""The admin's view of second factors: who has one, and a way to remove it (someone
who lost the phone and the recovery codes). django-otp's own admin screens show the
key and its QR code, and the recovery codes: here nobody but the account's owner ever
sees them, so they are replaced by screens that show neither."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

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


for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, DeviceAdmin)

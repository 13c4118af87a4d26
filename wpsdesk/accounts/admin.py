"""Second-factor devices in the admin: see and remove, never read a secret.

django-otp's own admin shows TOTP keys, QR codes and recovery codes to administrators.
Here an administrator sees who has which device and when it was last used, and can remove
one (a lost phone: the person sets up a new app at their next log-in); creating devices,
editing them and reading their secrets is not possible.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from wpsdesk.accounts.lockout import client_ip
from wpsdesk.audit.services import record_event

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class DeviceAdmin(admin.ModelAdmin):
    """A list of devices that an administrator can remove, and nothing else."""

    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "user__email", "user__last_name")
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._record_removal(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self._record_removal(request, obj)
        super().delete_queryset(request, queryset)

    def _record_removal(self, request: HttpRequest, obj: Any) -> None:
        record_event(
            kind="second_factor.removed",
            actor=request.user,
            ip_address=client_ip(request),
            target=obj,
            details={"person": obj.user_id, "device": obj._meta.model_name},
        )


admin.site.register(TOTPDevice, DeviceAdmin)
admin.site.register(StaticDevice, DeviceAdmin)

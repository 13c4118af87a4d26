"""Second factors and credential resets in the admin: four eyes, never a secret.

django-otp's own admin shows TOTP keys, QR codes and recovery codes to administrators.
Here an administrator sees who has which device and when it was last used, and nothing
else: no device is created, edited or removed here. A lost phone or a forgotten password
is a *credential reset*: one administrator asks, a second approves (see
``wpsdesk.accounts.resets``), and the person sets their own new password or app.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from wpsdesk.accounts import resets
from wpsdesk.accounts.lockout import client_ip
from wpsdesk.accounts.models import CredentialReset

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class DeviceAdmin(admin.ModelAdmin):
    """A list of devices, and nothing else: removing one is a credential reset."""

    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "user__email", "user__last_name")
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.register(TOTPDevice, DeviceAdmin)
admin.site.register(StaticDevice, DeviceAdmin)


class CredentialResetForm(forms.ModelForm):
    """The request; the same checks as the service, so that a refusal is a form error."""

    actor: Any = None

    class Meta:
        model = CredentialReset
        fields = ("person", "kind", "reason")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        person = cleaned.get("person")
        if person is not None and self.actor is not None and person.pk == self.actor.pk:
            raise ValidationError(_("Change your own password and app on “Your account”."))
        if person is not None and resets.pending_reset_exists(person):
            raise ValidationError(_("A reset for this person is already waiting for approval."))
        return cleaned


@admin.register(CredentialReset)
class CredentialResetAdmin(admin.ModelAdmin):
    """Ask for a reset (add), approve or cancel one (actions); nothing is edited by hand."""

    form = CredentialResetForm
    list_display = (
        "person",
        "kind",
        "state",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
        "link_used_at",
    )
    list_filter = ("state", "kind")
    search_fields = ("person__username", "person__last_name")
    raw_id_fields = ("person",)
    readonly_fields = ("requested_by", "requested_at", "decided_by", "decided_at")
    actions = ["approve", "cancel"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: CredentialReset, form: Any, change: bool
    ) -> None:
        # Through the service: the requester is always the person acting.
        created = resets.reset_request(
            actor=request.user,
            person=obj.person,
            kind=obj.kind,
            reason=obj.reason,
            ip_address=client_ip(request),
        )
        obj.pk = created.pk

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    @admin.action(description=gettext_lazy("Approve the selected request (a second administrator)"))
    def approve(self, request: HttpRequest, queryset: QuerySet[CredentialReset]) -> Any:
        if queryset.count() != 1:
            self.message_user(request, _("Approve one request at a time."), messages.ERROR)
            return None
        reset = queryset.get()
        try:
            code = resets.reset_approve(
                actor=request.user, reset=reset, ip_address=client_ip(request)
            )
        except (ValidationError, PermissionDenied) as exc:
            self.message_user(
                request,
                " ".join(getattr(exc, "messages", None) or [str(exc)]) or _("Not allowed."),
                messages.ERROR,
            )
            return None
        return TemplateResponse(
            request,
            "admin/accounts/credentialreset/approved.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Reset approved"),
                "reset": reset,
                "code": code,
                "hours": resets.LINK_HOURS,
                "opts": self.model._meta,
            },
        )

    @admin.action(description=gettext_lazy("Cancel the selected requests"))
    def cancel(self, request: HttpRequest, queryset: QuerySet[CredentialReset]) -> None:
        for reset in queryset:
            try:
                resets.reset_cancel(actor=request.user, reset=reset, ip_address=client_ip(request))
            except ValidationError:
                continue

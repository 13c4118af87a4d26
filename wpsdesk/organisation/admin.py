"""The admin for administrators: people, units and memberships; grants as a list only.

Administrators manage people and units, never content:

* content records are never registered here;
* access grants are made in the app by the record's unit lead (``/unit/grants/``); the
  admin lists them without their reasons and can neither add, change nor open one;
* nobody sets another person's password here: a new person gets no usable password, and
  a forgotten one is a credential reset approved by a second administrator;
* an administrator gives themself no membership and no HQ coordinator capability.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessGrant, Membership, Unit, User

SELF_MEMBERSHIP = gettext_lazy(
    "Administrators do not give themselves a role in a unit: a unit lead adds members."
)


class ActorBoundForm(forms.ModelForm):
    """A form that knows who is acting (set by :func:`bind_actor`)."""

    actor: Any = None


def bind_actor(form: type[forms.ModelForm], request: HttpRequest) -> Any:
    return type(form.__name__, (form,), {"actor": request.user})


class MembershipAdminForm(ActorBoundForm):
    class Meta:
        model = Membership
        fields = ("user", "unit", "role", "restricted_clearance", "valid_from", "valid_to")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        person = cleaned.get("user") or getattr(self.instance, "user", None)
        if self.actor is not None and person is not None and person.pk == self.actor.pk:
            raise ValidationError(SELF_MEMBERSHIP)
        return cleaned


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipAdminForm
    extra = 0
    fields = ("unit", "user", "role", "restricted_clearance", "valid_from", "valid_to")
    autocomplete_fields = ("unit", "user")

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        kwargs["form"] = bind_actor(self.form, request)
        return super().get_formset(request, obj, **kwargs)


class PersonAddForm(ActorBoundForm):
    """A new person: names and e-mail, no password (they set their own, see the docs)."""

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email")

    def save(self, commit: bool = True) -> Any:
        person = super().save(commit=False)
        person.set_unusable_password()
        if commit:
            person.save()
        return person


class PersonChangeForm(ActorBoundForm):
    class Meta:
        model = User
        fields = (
            "username",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "is_staff",
            "is_superuser",
            "is_hq_coordinator",
            "is_auditor",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            self.actor is not None
            and self.instance.pk == self.actor.pk
            and cleaned.get("is_hq_coordinator")
            and not self.instance.is_hq_coordinator
        ):
            raise ValidationError(
                _("Administrators do not make themselves HQ coordinators: it opens content.")
            )
        return cleaned


@admin.register(User)
class PersonAdmin(UserAdmin, SimpleHistoryAdmin):
    form = PersonChangeForm
    add_form = PersonAddForm
    list_display = (
        "username",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "is_staff",
        "is_hq_coordinator",
        "is_auditor",
    )
    list_filter = ("is_active", "is_staff", "is_hq_coordinator", "is_auditor")
    fieldsets = (
        (None, {"fields": ("username",)}),
        (gettext_lazy("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (
            gettext_lazy("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser")},
        ),
        (gettext_lazy("Important dates"), {"fields": ("last_login", "date_joined")}),
        (gettext_lazy("wpsdesk capabilities"), {"fields": ("is_hq_coordinator", "is_auditor")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "first_name", "last_name", "email")}),
    )
    readonly_fields = ("last_login", "date_joined")
    inlines = [MembershipInline]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        return bind_actor(super().get_form(request, obj, change=change, **kwargs), request)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Nobody sets another person's password: that is a credential reset (four eyes)."""
        raise PermissionDenied


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    form = MembershipAdminForm
    list_display = ("user", "unit", "role", "restricted_clearance", "valid_from", "valid_to")
    list_filter = ("role", "restricted_clearance", "unit")
    search_fields = ("user__username", "user__last_name", "unit__name")
    autocomplete_fields = ("unit", "user")

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        return bind_actor(super().get_form(request, obj, change=change, **kwargs), request)


@admin.register(AccessGrant)
class AccessGrantAdmin(admin.ModelAdmin):
    """Who holds which grant, for oversight: no reason, no detail page, no writes."""

    list_display = (
        "user",
        "content_type",
        "object_id",
        "may_edit",
        "state",
        "expires_at",
        "granted_by",
        "approved_by",
    )
    list_display_links = None
    list_filter = ("state", "content_type", "may_edit")
    search_fields = ("user__username",)
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The list only: a grant's own page would show its reason.
        return obj is None and super().has_view_permission(request, obj)

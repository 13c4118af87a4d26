"""The admin for administrators: people, units, memberships and access grants.

Only organisation data is registered here: content records never are, so being an
administrator gives no access to content.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessGrant, Membership, Unit, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("unit", "user", "role", "restricted_clearance", "valid_from", "valid_to")
    autocomplete_fields = ("unit", "user")


@admin.register(User)
class PersonAdmin(UserAdmin, SimpleHistoryAdmin):
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
        *(UserAdmin.fieldsets or ()),
        (_("wpsdesk capabilities"), {"fields": ("is_hq_coordinator", "is_auditor")}),
    )
    inlines = [MembershipInline]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "unit", "role", "restricted_clearance", "valid_from", "valid_to")
    list_filter = ("role", "restricted_clearance", "unit")
    search_fields = ("user__username", "user__last_name", "unit__name")
    autocomplete_fields = ("unit", "user")


@admin.register(AccessGrant)
class AccessGrantAdmin(SimpleHistoryAdmin):
    list_display = ("user", "content_type", "object_id", "may_edit", "expires_at", "granted_by")
    list_filter = ("content_type", "may_edit")
    search_fields = ("user__username",)
    raw_id_fields = ("user", "granted_by")

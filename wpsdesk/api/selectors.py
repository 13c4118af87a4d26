"""Reads for the API and the token page, every protected one through the policy layer."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from wpsdesk.organisation.models import Membership, Unit, User
from wpsdesk.organisation.policy import (
    AnyUser,
    UnitAccess,
    memberships_visible_to,
    unit_access,
    units_visible_to,
)

from .models import ApiToken


def unit_list_visible_to(*, user: AnyUser | None) -> QuerySet[Unit]:
    """The units the person may look at, by name."""
    return units_visible_to(user=user).order_by("name", "pk")


def membership_list_visible_to(
    *, user: AnyUser | None, unit_id: int | None = None, current: bool | None = None
) -> QuerySet[Membership]:
    """The memberships the person may look at, optionally of one unit or only current ones."""
    memberships = memberships_visible_to(user=user).select_related("user", "unit")
    if unit_id is not None:
        memberships = memberships.filter(unit_id=unit_id)
    if current is True:
        memberships = memberships.current()  # type: ignore[attr-defined]
    elif current is False:
        memberships = memberships.exclude(pk__in=Membership.objects.current().values("pk"))
    return memberships.order_by("unit__name", "user__username", "pk")


@dataclass(frozen=True)
class UnitRole:
    """One of the person's units and what they may do there today."""

    unit: Unit
    role: str
    restricted_clearance: bool


def unit_roles_of(*, user: AnyUser | None) -> list[UnitRole]:
    """The person's current units with their role in each, by unit name."""
    access: dict[int, UnitAccess] = unit_access(user)
    if not access:
        return []
    units = unit_list_visible_to(user=user).filter(pk__in=list(access))
    return [
        UnitRole(unit, access[unit.pk].role, access[unit.pk].restricted_clearance) for unit in units
    ]


def api_token_list_of(*, owner: User) -> QuerySet[ApiToken]:
    """A person's own tokens, newest first (revoked and expired ones too)."""
    return ApiToken.objects.filter(owner=owner).order_by("-created_at", "-pk")


def api_token_of(*, owner: User, pk: int) -> ApiToken | None:
    """One of the person's own tokens, or None: nobody reaches another person's token."""
    return api_token_list_of(owner=owner).filter(pk=pk).first()

"""Who may change a country's commitments, built on the policy layer.

A country's commitments (conventions, action plan, legislation, review cycles,
recommendations, follow-ups, monitors' entries) are kept by the units that cover the
country and by HQ coordinators. So, besides the policy layer's own rule (the person must
be able to read the record, and a write lands in a unit where they are an editor or
lead), a person changes such a record only as an editor or lead of a unit covering the
country, or as an HQ coordinator. Restricted records stay with those the policy layer
lets read them; lowering a classification stays with the owning unit's lead.
"""

from __future__ import annotations

from typing import cast

from wpsdesk.organisation.models import Role, Unit, User
from wpsdesk.organisation.policy import (
    AnyUser,
    is_person,
    may_create_in,
    may_read,
    unit_access,
)

from .models import CountryRecord


def covering_units(code: str) -> list[Unit]:
    """The active units that cover the country, by name (one query).

    ``Unit.countries`` is a JSON list; SQLite cannot search inside one, and there are few
    units, so they are read once and filtered here.
    """
    code = code.upper()
    units = Unit.objects.filter(is_active=True).only("pk", "code", "name", "kind", "countries")
    return [unit for unit in units.order_by("name") if code in (unit.countries or [])]


def editor_unit_ids(user: AnyUser | None) -> set[int]:
    """Units where the person is an editor or lead today (cached roles, no query)."""
    return {uid for uid, access in unit_access(user).items() if access.at_least(Role.EDITOR)}


def keeps_country(user: AnyUser | None, code: str, covering: list[Unit] | None = None) -> bool:
    """Whether the person keeps this country's commitments: an editor or lead of a unit
    covering it, or an HQ coordinator."""
    if not is_person(user):
        return False
    if cast(User, user).is_hq_coordinator:
        return True
    covering = covering if covering is not None else covering_units(code)
    return bool(editor_unit_ids(user) & {unit.pk for unit in covering})


def units_to_record_in(
    user: AnyUser | None, code: str, covering: list[Unit] | None = None
) -> list[Unit]:
    """The units a person may add this country's records to: their own units (as editor or
    lead) that cover it; for an HQ coordinator, any of their own units."""
    if not is_person(user):
        return []
    covering = covering if covering is not None else covering_units(code)
    ids = editor_unit_ids(user)
    if cast(User, user).is_hq_coordinator:
        return list(Unit.objects.filter(pk__in=ids, is_active=True).order_by("name"))
    return [unit for unit in covering if unit.pk in ids]


def may_add(user: AnyUser | None, unit: Unit, code: str) -> bool:
    """Whether the person may add a record about the country to the unit."""
    if not may_create_in(user, unit):
        return False
    if cast(User, user).is_hq_coordinator:
        return True
    return code.upper() in (unit.countries or [])


def may_change(
    user: AnyUser | None, record: CountryRecord, covering: list[Unit] | None = None
) -> bool:
    """Whether the person may change (or add follow-ups to) this record: they may read it
    and keep the country's commitments."""
    return keeps_country(user, record.country, covering) and may_read(user, record)

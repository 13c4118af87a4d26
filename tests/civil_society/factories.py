"""Organisations for tests: one call, sensible defaults, any field overridden."""

from __future__ import annotations

from typing import Any

from wpsdesk.civil_society.models import Organisation, OrganisationType, Scope, Stance
from wpsdesk.organisation.models import Classification, Unit


def make_organisation(
    unit: Unit, name: str = "Women Peacebuilders Network", **fields: Any
) -> Organisation:
    """An organisation on ``unit``'s map (internal, local, in Colombia, an ally)."""
    values: dict[str, Any] = {
        "scope": Scope.LOCAL,
        "kind": OrganisationType.NETWORK,
        "country": "CO",
        "themes": "P1",
        "stance": Stance.ALLY,
        "classification": Classification.INTERNAL,
        **fields,
    }
    return Organisation.objects.create(unit=unit, name=name, **values)


def restricted(
    unit: Unit, name: str = "Discreet Defenders Association", **fields: Any
) -> Organisation:
    return make_organisation(unit, name, classification=Classification.RESTRICTED, **fields)

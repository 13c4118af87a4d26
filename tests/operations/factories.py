"""Operations and personnel entries for tests: one call, sensible defaults."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wpsdesk.operations.models import DeployedPerson, Operation
from wpsdesk.organisation.models import Classification, Unit


def make_operation(unit: Unit, name: str = "Mission in the Andes", **fields: Any) -> Operation:
    """An internal UN peacekeeping operation followed by ``unit``."""
    values: dict[str, Any] = {
        "acronym": "",
        "organisation": "un",
        "kind": "peacekeeping",
        "countries": "CO",
        "contribution": "personnel",
        "classification": Classification.INTERNAL,
        **fields,
    }
    return Operation.objects.create(unit=unit, name=name, **values)


def make_person(
    unit: Unit, operation: Operation, name: str = "Kari Nordmann", **fields: Any
) -> DeployedPerson:
    """A restricted entry on ``unit``'s personnel list, due for review in half a year."""
    values: dict[str, Any] = {
        "post": "Police adviser",
        "contact": "+47 400 00 000",
        "review_due": dt.date.today() + dt.timedelta(days=180),
        **fields,
    }
    return DeployedPerson.objects.create(unit=unit, operation=operation, name=name, **values)

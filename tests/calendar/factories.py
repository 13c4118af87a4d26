"""Calendar records for tests: one call, sensible defaults, any field overridden."""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

from django.apps import apps

from wpsdesk.calendar.models import GlobalEvent, Reminder, UnitEvent
from wpsdesk.organisation.models import Classification, Unit, User

OCTOBER_DEBATE = "Security Council open debate on women, peace and security"
ANNIVERSARY = "Anniversary of Security Council resolution 1325 (2000)"


def seed_global_events() -> None:
    """The recurring global events the data migration adds (idempotent): a browser test's
    flushed database has lost them."""
    migration = import_module("wpsdesk.calendar.migrations.0002_seed_global_events")
    migration.seed(apps, None)


def make_event(unit: Unit, title: str = "Consultation in Cauca", **fields: Any) -> UnitEvent:
    """An internal meeting of ``unit`` on 15 October 2026 in Colombia."""
    values: dict[str, Any] = {
        "date": dt.date(2026, 10, 15),
        "kind": "meeting",
        "country": "CO",
        "classification": Classification.INTERNAL,
        **fields,
    }
    return UnitEvent.objects.create(unit=unit, title=title, **values)


def restricted_event(
    unit: Unit, title: str = "Meeting a defender at risk", **fields: Any
) -> UnitEvent:
    return make_event(unit, title, classification=Classification.RESTRICTED, **fields)


def make_global(name: str = "A global day", **fields: Any) -> GlobalEvent:
    values: dict[str, Any] = {"forum": "UNGA", "month": 3, "day": 8, **fields}
    return GlobalEvent.objects.create(name=name, **values)


def remind(user: User, kind: str, days: int, key: str = "") -> Reminder:
    return Reminder.objects.create(user=user, kind=kind, days_before=days, entry_key=key)

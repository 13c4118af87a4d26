"""Country records for tests: one call each, sensible defaults, any field overridden."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wpsdesk.countries.models import (
    ActionPlan,
    FollowUp,
    Legislation,
    MonitorEntry,
    Ratification,
    Recommendation,
    ReviewCycle,
)
from wpsdesk.organisation.models import Unit


def ratification(unit: Unit, country: str = "CO", **fields: Any) -> Ratification:
    values = {"instrument": "cedaw", "ratified_on": dt.date(1982, 1, 19), **fields}
    return Ratification.objects.create(unit=unit, country=country, **values)


def action_plan(unit: Unit, country: str = "CO", **fields: Any) -> ActionPlan:
    values = {"title": "National action plan 2025–2028", "starts": 2025, "ends": 2028}
    return ActionPlan.objects.create(
        unit=unit, country=country, **{"status": "in_force", **values, **fields}
    )


def law(unit: Unit, country: str = "CO", **fields: Any) -> Legislation:
    values = {"title": "Family code", "year": 1984, "kind": "discriminatory", "status": "amending"}
    return Legislation.objects.create(unit=unit, country=country, **{**values, **fields})


def cycle(unit: Unit, country: str = "CO", **fields: Any) -> ReviewCycle:
    values = {
        "body": "upr",
        "cycle": 4,
        "report_due": dt.date(2026, 2, 2),
        "review_date": dt.date(2026, 5, 6),
    }
    return ReviewCycle.objects.create(unit=unit, country=country, **{**values, **fields})


def recommendation(unit: Unit, country: str = "CO", **fields: Any) -> Recommendation:
    values = {
        "body": "upr",
        "cycle": 4,
        "text": "Adopt a second national action plan on women, peace and security.",
        "theme": "nap",
        "recommending_state": "NO",
        "response": "accepted",
    }
    return Recommendation.objects.create(unit=unit, country=country, **{**values, **fields})


def follow_up(rec: Recommendation, **fields: Any) -> FollowUp:
    values = {
        "on": dt.date(2026, 6, 1),
        "status": "in_progress",
        "evidence": "The ministry's draft plan was published for consultation.",
        "source": "Government report",
    }
    return FollowUp.objects.create(recommendation=rec, **{**values, **fields})


def monitor(unit: Unit, country: str = "CO", **fields: Any) -> MonitorEntry:
    values = {"monitor": "Shadow report coalition", "on": dt.date(2026, 2, 15)}
    return MonitorEntry.objects.create(
        unit=unit, country=country, **{"title": "Shadow report to CEDAW", **values, **fields}
    )

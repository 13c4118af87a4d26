"""Writing checked rows through the planning services, collecting refusals by row.

The caller holds the transaction (see :func:`wpsdesk.planning.exchange.import_workbook`):
if any row is refused, nothing is kept."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from wpsdesk.organisation.models import User
from wpsdesk.planning import services
from wpsdesk.planning.models import (
    Category,
    Goal,
    Indicator,
    WorkPlan,
)

from .checking import Parsed
from .layout import ImportReport, Row, RowError

REFUSED = (ValidationError, PermissionDenied, ObjectDoesNotExist)


def _fail(report: ImportReport, row: Row, exc: Exception) -> None:
    """Record why a row could not be written (a missing parent was reported already)."""
    if isinstance(exc, ValidationError):
        messages = exc.messages
    elif isinstance(exc, PermissionDenied):
        messages = [_("You may not change this plan.")]
    elif report.errors:
        return
    else:
        messages = [_("This row refers to something that could not be written.")]
    for message in messages:
        report.errors.append(RowError(row.sheet, row.number, message))


def write(parsed: Parsed, *, actor: User, report: ImportReport) -> None:
    """Write the checked content through the services; collect refusals by row."""
    plans: dict[tuple[str, str, str], WorkPlan] = {}

    def plan_for(key: tuple[str, str, str]) -> WorkPlan:
        if key not in plans:
            plans[key] = WorkPlan.objects.select_related("unit").get(
                unit__code=key[0], year=int(key[1]), kind=key[2]
            )
            report.plans.add(plans[key].pk)
        return plans[key]

    for key, row in parsed.plans.items():
        unit = parsed.units[key[0]]
        existing = services.plan_exists(unit=unit, year=int(key[1]), kind=key[2])
        try:
            if existing is None:
                plans[key] = services.plan_create(
                    actor=actor,
                    unit=unit,
                    year=int(key[1]),
                    kind=key[2],
                    title=row.text("title"),
                    summary=row.text("summary"),
                )
                report.count(report.created, "plans")
            else:
                plans[key] = existing
                if services.plan_update(
                    actor=actor, plan=existing, title=row.text("title"), summary=row.text("summary")
                ):
                    report.count(report.updated, "plans")
                else:
                    report.unchanged += 1
            report.plans.add(plans[key].pk)
        except REFUSED as exc:
            _fail(report, row, exc)

    goals: dict[tuple[Any, ...], Goal] = {}

    def goal_for(key: tuple[str, str, str], title: str) -> Goal:
        if (key, title) not in goals:
            goals[(key, title)] = Goal.objects.select_related("plan__unit").get(
                plan=plan_for(key), title=title
            )
        return goals[(key, title)]

    for (key, title), data in parsed.goals.items():
        try:
            plan = plan_for(key)
            existing_goal = plan.goals.filter(title=title).first()
            if existing_goal is None:
                goals[(key, title)] = services.goal_create(
                    actor=actor,
                    plan=plan,
                    title=title,
                    description=data["description"],
                    items=data["items"],
                )
                report.count(report.created, "goals")
            else:
                goals[(key, title)] = existing_goal
                if services.goal_update(
                    actor=actor,
                    goal=existing_goal,
                    title=title,
                    description=data["description"],
                    items=data["items"],
                ):
                    report.count(report.updated, "goals")
                else:
                    report.unchanged += 1
        except REFUSED as exc:
            _fail(report, data["row"], exc)

    for data in parsed.activities:
        try:
            goal = goal_for(data["key"], data["goal"])
            fields = {
                "title": data["title"],
                "owner": data["owner"],
                "due_date": data["due_date"],
                "status": data["status"],
                "drop_reason": data["drop_reason"],
                "notes": data["notes"],
            }
            existing_activity = goal.activities.filter(title=data["title"]).first()
            if existing_activity is None:
                services.activity_create(actor=actor, goal=goal, **fields)
                report.count(report.created, "activities")
            elif services.activity_update(actor=actor, activity=existing_activity, **fields):
                report.count(report.updated, "activities")
            else:
                report.unchanged += 1
        except REFUSED as exc:
            _fail(report, data["row"], exc)

    indicators: dict[tuple[Any, ...], Indicator] = {}
    for (key, goal_title, name), data in parsed.indicators.items():
        try:
            goal = goal_for(key, goal_title)
            fields = {
                "name": name,
                "kind": data["kind"],
                "unit_of_measure": data["unit_of_measure"],
                "description": data["description"],
                "dimensions": data["dimensions"],
            }
            existing_indicator = goal.indicators.filter(name=name).first()
            if existing_indicator is None:
                indicators[(key, goal_title, name)] = services.indicator_create(
                    actor=actor, goal=goal, **fields
                )
                report.count(report.created, "indicators")
            else:
                indicators[(key, goal_title, name)] = existing_indicator
                if services.indicator_update(actor=actor, indicator=existing_indicator, **fields):
                    report.count(report.updated, "indicators")
                else:
                    report.unchanged += 1
        except REFUSED as exc:
            _fail(report, data["row"], exc)

    for (key, goal_title, name, period), data in parsed.values.items():
        try:
            indicator = indicators.get((key, goal_title, name)) or goal_for(
                key, goal_title
            ).indicators.get(name=name)
            existed = indicator.values.filter(period=period).exists()
            figures: dict[Category, Decimal | None] = {
                category: None
                for dimension in indicator.dimensions.all()
                for category in dimension.categories.all()
            }
            figures.update(data["figures"])
            _value, changed = services.indicator_value_save(
                actor=actor,
                indicator=indicator,
                period=period,
                baseline=data["baseline"],
                target=data["target"],
                actual=data["actual"],
                baseline_text=data["baseline_text"],
                target_text=data["target_text"],
                actual_text=data["actual_text"],
                figures=figures,
                disaggregation_note=data["disaggregation_note"],
            )
            if not changed:
                report.unchanged += 1
            else:
                report.count(report.updated if existed else report.created, "values")
        except REFUSED as exc:
            _fail(report, data["row"], exc)

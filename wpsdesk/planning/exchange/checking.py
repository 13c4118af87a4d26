"""Checking the rows read from a workbook: every problem collected, by sheet and row, in plain
words; nothing is written here (the checks only read)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wpsdesk.catalogue.models import Item
from wpsdesk.catalogue.selectors import current_edition
from wpsdesk.core.spreadsheet import cell_date
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import may_create_in, visible_to
from wpsdesk.planning.models import (
    ActivityStatus,
    Category,
    Dimension,
    Goal,
    Indicator,
    IndicatorKind,
    PlanKind,
    WorkPlan,
    validate_period,
)

from .layout import Row, RowError


def _decimal(row: Row, key: str, label: str, errors: list[RowError]) -> Decimal | None:
    raw = row.values.get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        number = Decimal(str(raw).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        errors.append(
            RowError(row.sheet, row.number, _("%(label)s must be a number.") % {"label": label})
        )
        return None
    if not number.is_finite() or number < 0 or abs(number) >= Decimal(10) ** 12:
        errors.append(
            RowError(
                row.sheet,
                row.number,
                _("%(label)s must be a number of 0 or more.") % {"label": label},
            )
        )
        return None
    return number.quantize(Decimal("0.01")) if number != number.to_integral() else number


def _date(row: Row, errors: list[RowError]) -> dt.date | None:
    raw = row.values.get("due_date")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        return cell_date(raw)  # a date cell, or text as YYYY-MM-DD
    except ValueError:
        errors.append(RowError(row.sheet, row.number, _("Write the due date as YYYY-MM-DD.")))
        return None


@dataclass
class Parsed:
    """The file's content, checked row by row, ready to write."""

    plans: dict[tuple[str, str, str], Row] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    goals: dict[tuple[tuple[str, str, str], str], dict[str, Any]] = field(default_factory=dict)
    activities: list[dict[str, Any]] = field(default_factory=list)
    indicators: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)
    values: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)


def check(sheets: dict[str, list[Row]], *, actor: User) -> tuple[Parsed, list[RowError]]:
    """Check every row; return what to write and every problem found, by sheet and row."""
    errors: list[RowError] = []
    parsed = Parsed()

    def problem(row: Row, message: str) -> None:
        errors.append(RowError(row.sheet, row.number, message))

    unit_codes = {row.text("unit") for rows in sheets.values() for row in rows}
    units = {u.code: u for u in Unit.objects.filter(code__in=unit_codes)}
    edition = current_edition()
    codes = {
        i.code: i for i in Item.objects.filter(edition=edition).active() if edition is not None
    }
    dimensions = {d.code: d for d in Dimension.objects.all()}
    categories = {
        (c.dimension.code, c.code): c for c in Category.objects.select_related("dimension")
    }

    def plan_key(row: Row) -> tuple[str, str, str] | None:
        unit_code, year, kind = row.plan_key
        ok = True
        if unit_code not in units:
            problem(row, _("There is no unit with the code “%(code)s”.") % {"code": unit_code})
            ok = False
        elif not may_create_in(actor, units[unit_code]):
            problem(
                row,
                _("You may not change the plans of %(unit)s.") % {"unit": units[unit_code].name},
            )
            ok = False
        if not year.isdigit() or not 2000 <= int(year) <= 2100:
            problem(row, _("The year must be four digits, e.g. 2026."))
            ok = False
        if kind not in PlanKind.values:
            problem(row, _("The plan kind must be virksomhetsplan or separate."))
            ok = False
        return (unit_code, year, kind) if ok else None

    for row in sheets["Plans"]:
        key = plan_key(row)
        if key is None:
            continue
        if key in parsed.plans:
            problem(row, _("This plan is listed twice."))
            continue
        parsed.plans[key] = row
        parsed.units[key[0]] = units[key[0]]

    def known_plan(row: Row, key: tuple[str, str, str]) -> bool:
        if key in parsed.plans:
            return True
        exists = visible_to(
            WorkPlan.objects.filter(unit__code=key[0], year=int(key[1]), kind=key[2]), user=actor
        ).exists()
        if not exists:
            problem(row, _("The plan is not in the Plans sheet and does not exist yet."))
        else:
            parsed.units[key[0]] = units[key[0]]
        return exists

    def needed(row: Row, key: str, label: str) -> str:
        value = row.text(key)
        if not value:
            problem(row, _("“%(label)s” is empty.") % {"label": label})
        return value

    for row in sheets["Goals"]:
        key = plan_key(row)
        title = needed(row, "goal", "Goal")
        if key is None or not title or not known_plan(row, key):
            continue
        if len(title) > 300:
            problem(row, _("The goal's title is longer than 300 characters."))
            continue
        items = []
        for code in [
            c.strip() for c in row.text("codes").replace(";", ",").split(",") if c.strip()
        ]:
            found = codes.get(code.upper())
            if found is None:
                problem(
                    row, _("There is no guideline item with the code “%(code)s”.") % {"code": code}
                )
            else:
                items.append(found)
        if (key, title) in parsed.goals:
            problem(row, _("This goal is listed twice."))
            continue
        parsed.goals[(key, title)] = {
            "row": row,
            "title": title,
            "description": row.text("description"),
            "items": items,
        }

    def known_goal(row: Row, key: tuple[str, str, str], title: str) -> bool:
        if (key, title) in parsed.goals:
            return True
        if visible_to(
            Goal.objects.filter(
                plan__unit__code=key[0], plan__year=int(key[1]), plan__kind=key[2], title=title
            ),
            user=actor,
        ).exists():
            return True
        problem(row, _("The goal “%(goal)s” is not in the Goals sheet.") % {"goal": title})
        return False

    members: dict[str, dict[str, User]] = {}

    def member(unit: Unit, username: str) -> User | None:
        if unit.code not in members:
            from wpsdesk.planning.selectors import unit_members

            members[unit.code] = {u.username: u for u in unit_members(unit_id=unit.pk)}
        return members[unit.code].get(username)

    seen_activities: set[tuple[Any, ...]] = set()
    for row in sheets["Activities"]:
        key = plan_key(row)
        goal = needed(row, "goal", "Goal")
        title = needed(row, "activity", "Activity")
        if key is None or not goal or not title or not known_plan(row, key):
            continue
        if not known_goal(row, key, goal):
            continue
        status = row.text("status") or ActivityStatus.PLANNED
        if status not in ActivityStatus.values:
            problem(row, _("The status must be planned, under_way, done or dropped."))
            continue
        if status == ActivityStatus.DROPPED and not row.text("drop_reason"):
            problem(row, _("Say why the activity was dropped."))
            continue
        owner = None
        if row.text("owner"):
            owner = member(units[key[0]], row.text("owner"))
            if owner is None:
                problem(
                    row,
                    _("“%(name)s” is not a member of the unit.") % {"name": row.text("owner")},
                )
                continue
        if (key, goal, title) in seen_activities:
            problem(row, _("This activity is listed twice."))
            continue
        seen_activities.add((key, goal, title))
        due = _date(row, errors)
        parsed.activities.append(
            {
                "row": row,
                "key": key,
                "goal": goal,
                "title": title,
                "owner": owner,
                "due_date": due,
                "status": status,
                "drop_reason": row.text("drop_reason"),
                "notes": row.text("notes"),
            }
        )

    for row in sheets["Indicators"]:
        key = plan_key(row)
        goal = needed(row, "goal", "Goal")
        name = needed(row, "indicator", "Indicator")
        if key is None or not goal or not name or not known_plan(row, key):
            continue
        if not known_goal(row, key, goal):
            continue
        kind = row.text("kind") or IndicatorKind.QUANTITATIVE
        if kind not in IndicatorKind.values:
            problem(row, _("The indicator kind must be quantitative or qualitative."))
            continue
        if kind == IndicatorKind.QUANTITATIVE and not row.text("unit_of_measure"):
            problem(row, _("Say what is counted (the unit of measure)."))
            continue
        chosen = []
        for code in [c.strip() for c in row.text("dimensions").split(",") if c.strip()]:
            if code.lower() not in dimensions:
                problem(row, _("There is no dimension “%(code)s”.") % {"code": code})
            else:
                chosen.append(dimensions[code.lower()])
        if (key, goal, name) in parsed.indicators:
            problem(row, _("This indicator is listed twice."))
            continue
        parsed.indicators[(key, goal, name)] = {
            "row": row,
            "kind": kind,
            "unit_of_measure": row.text("unit_of_measure"),
            "description": row.text("description"),
            "dimensions": chosen,
        }

    def known_indicator(row: Row, key: tuple[str, str, str], goal: str, name: str) -> bool:
        if (key, goal, name) in parsed.indicators:
            return True
        if visible_to(
            Indicator.objects.filter(
                goal__plan__unit__code=key[0],
                goal__plan__year=int(key[1]),
                goal__plan__kind=key[2],
                goal__title=goal,
                name=name,
            ),
            user=actor,
        ).exists():
            return True
        problem(row, _("The indicator “%(name)s” is not in the Indicators sheet.") % {"name": name})
        return False

    for row in sheets["Values"]:
        key = plan_key(row)
        goal = needed(row, "goal", "Goal")
        name = needed(row, "indicator", "Indicator")
        period = needed(row, "period", "Period").upper()
        if key is None or not goal or not name or not period or not known_plan(row, key):
            continue
        if not known_goal(row, key, goal) or not known_indicator(row, key, goal, name):
            continue
        try:
            validate_period(period)
        except ValidationError as exc:
            problem(row, " ".join(exc.messages))
            continue
        if period[:4] != key[1]:
            problem(row, _("The period must fall in the plan's year, %(year)s.") % {"year": key[1]})
            continue
        before = len(errors)
        numbers = {
            field_key: _decimal(row, field_key, label, errors)
            for field_key, label in (
                ("baseline", "Baseline"),
                ("target", "Target"),
                ("actual", "Actual"),
            )
        }
        if len(errors) > before:
            continue
        if (key, goal, name, period) in parsed.values:
            problem(row, _("This period is listed twice for the indicator."))
            continue
        parsed.values[(key, goal, name, period)] = {
            "row": row,
            **numbers,
            "baseline_text": row.text("baseline_text"),
            "target_text": row.text("target_text"),
            "actual_text": row.text("actual_text"),
            "disaggregation_note": row.text("disaggregation_note"),
            "figures": {},
        }

    for row in sheets["Breakdown"]:
        key = plan_key(row)
        goal = row.text("goal")
        name = row.text("indicator")
        period = row.text("period").upper()
        if key is None:
            continue
        target = parsed.values.get((key, goal, name, period))
        if target is None:
            problem(
                row,
                _("There is no row in the Values sheet for this indicator and period."),
            )
            continue
        category = categories.get((row.text("dimension").lower(), row.text("category").lower()))
        if category is None:
            problem(
                row,
                _("There is no category “%(category)s” of the dimension “%(dimension)s”.")
                % {"category": row.text("category"), "dimension": row.text("dimension")},
            )
            continue
        amount = _decimal(row, "amount", "Amount", errors)
        if amount is None:
            if not row.text("amount"):
                problem(row, _("“Amount” is empty."))
            continue
        if category in target["figures"]:
            problem(row, _("This category is listed twice for the period."))
            continue
        target["figures"][category] = amount
    return parsed, errors

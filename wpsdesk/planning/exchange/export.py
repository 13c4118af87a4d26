"""Plans out as a workbook (template and export) or as one table of CSV.

Every text cell that a spreadsheet could read as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) gets a leading apostrophe; the import takes it off again."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from wpsdesk.audit.services import record_event
from wpsdesk.catalogue.models import Item
from wpsdesk.core.tabular import neutralise, text_cells
from wpsdesk.organisation.models import Unit
from wpsdesk.organisation.policy import visible_to
from wpsdesk.planning.models import (
    Activity,
    Breakdown,
    Dimension,
    Goal,
    Indicator,
    IndicatorValue,
    PlanKind,
    WorkPlan,
)

from .layout import CSV_WHAT, INSTRUCTIONS, SHEETS, headings


def plans_for_export(
    *, user: Any, unit: Unit | None = None, year: int | None = None
) -> QuerySet[WorkPlan]:
    plans = visible_to(WorkPlan.objects.all(), user=user)
    if unit is not None:
        plans = plans.filter(unit=unit)
    if year is not None:
        plans = plans.filter(year=year)
    return (
        plans.select_related("unit", "approved_by")
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.order_by("position", "pk").prefetch_related(
                    Prefetch("items", queryset=Item.objects.order_by("position")),
                    Prefetch(
                        "activities",
                        queryset=Activity.objects.select_related("owner").order_by("pk"),
                    ),
                    Prefetch(
                        "indicators",
                        queryset=Indicator.objects.order_by("pk").prefetch_related(
                            Prefetch("dimensions", queryset=Dimension.objects.order_by("position")),
                            Prefetch(
                                "values",
                                queryset=IndicatorValue.objects.order_by("period").prefetch_related(
                                    Prefetch(
                                        "breakdown",
                                        queryset=Breakdown.objects.select_related(
                                            "category__dimension"
                                        ),
                                    )
                                ),
                            ),
                        ),
                    ),
                ),
            )
        )
        .order_by("unit__code", "year", "kind")
    )


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return value.normalize() if value == value.to_integral() else value
    return value


def sheet_rows(plans: Iterable[WorkPlan]) -> dict[str, list[list[Any]]]:
    """Every sheet's rows (without headings) for these plans."""
    rows: dict[str, list[list[Any]]] = {name: [] for name in SHEETS}
    for plan in plans:
        key = [plan.unit.code, plan.year, plan.kind]
        rows["Plans"].append(
            [
                *key,
                plan.title,
                plan.summary,
                plan.status,
                str(plan.approved_by or ""),
                plan.approved_at.isoformat(timespec="minutes") if plan.approved_at else "",
                plan.results_status,
                plan.results_summary,
                plan.results_obstacles,
            ]
        )
        for goal in plan.goals.all():
            rows["Goals"].append(
                [*key, goal.title, goal.description, ", ".join(i.code for i in goal.items.all())]
            )
            for activity in goal.activities.all():
                rows["Activities"].append(
                    [
                        *key,
                        goal.title,
                        activity.title,
                        activity.owner.username if activity.owner else "",
                        activity.due_date,
                        activity.status,
                        activity.drop_reason,
                        activity.notes,
                    ]
                )
            for indicator in goal.indicators.all():
                rows["Indicators"].append(
                    [
                        *key,
                        goal.title,
                        indicator.name,
                        indicator.kind,
                        indicator.unit_of_measure,
                        ", ".join(d.code for d in indicator.dimensions.all() if not d.always),
                        indicator.description,
                    ]
                )
                for value in indicator.values.all():
                    rows["Values"].append(
                        [
                            *key,
                            goal.title,
                            indicator.name,
                            value.period,
                            _text(value.baseline),
                            _text(value.target),
                            _text(value.actual),
                            value.baseline_text,
                            value.target_text,
                            value.actual_text,
                            value.disaggregation_note,
                        ]
                    )
                    for figure in sorted(
                        value.breakdown.all(),
                        key=lambda f: (f.category.dimension.position, f.category.position),
                    ):
                        rows["Breakdown"].append(
                            [
                                *key,
                                goal.title,
                                indicator.name,
                                value.period,
                                figure.category.dimension.code,
                                figure.category.code,
                                _text(figure.amount),
                            ]
                        )
    return rows


def workbook_bytes(rows: dict[str, list[list[Any]]]) -> bytes:
    """The workbook: instructions, then one sheet per table, formulas neutralised.

    Written with a write-only (constant-memory) workbook: cells go to disk as they are
    appended instead of being held as cell objects (see ``docs/performance.md``).
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook(write_only=True)
    about = book.create_sheet("About")
    for line in INSTRUCTIONS:
        about.append(text_cells(about, [line]))
    for name in SHEETS:
        sheet = book.create_sheet(name)
        heads = headings(name)
        for index in range(1, len(heads) + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 22
        sheet.freeze_panes = "A2"
        kinds = DataValidation(type="list", formula1='"virksomhetsplan,separate"', allow_blank=True)
        kinds.add("C2:C2000")
        sheet.data_validations.append(kinds)
        if name == "Activities":
            statuses = DataValidation(
                type="list", formula1='"planned,under_way,done,dropped"', allow_blank=True
            )
            statuses.add("I2:I2000")
            sheet.data_validations.append(statuses)
        sheet.append(heads)
        for row in rows.get(name, []):
            sheet.append([neutralise(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(rows: dict[str, list[list[Any]]], what: str) -> str:
    """One table as CSV (UTF-8 with a byte-order mark so spreadsheets read the letters)."""
    sheet = CSV_WHAT[what]
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    heads = headings(sheet)
    body = [list(row) for row in rows[sheet]]
    if sheet == "Values":
        heads = [*heads, "Breakdown"]
        figures: dict[tuple[Any, ...], list[str]] = {}
        for row in rows["Breakdown"]:
            figures.setdefault(tuple(row[:6]), []).append(f"{row[6]}:{row[7]}={row[8]}")
        body = [[*row, "; ".join(figures.get(tuple(row[:6]), []))] for row in body]
    writer.writerow(heads)
    for row in body:
        writer.writerow(
            [neutralise(cell.isoformat() if isinstance(cell, dt.date) else cell) for cell in row]
        )
    return out.getvalue()


def template_rows(
    *, unit: Unit, year: int, plans: Iterable[WorkPlan]
) -> dict[str, list[list[Any]]]:
    """The unit's plans for the year as rows; one empty plan row if there are none."""
    rows = sheet_rows(plans)
    if not rows["Plans"]:
        rows["Plans"].append([unit.code, year, PlanKind.VIRKSOMHETSPLAN, "", ""])
    return rows


def record_export(
    *, actor: Any, fmt: str, what: str, unit: Unit | None, year: int | None, plans: int
) -> None:
    record_event(
        kind="planning.exported",
        actor=actor,
        details={
            "format": fmt,
            "what": what,
            "unit": unit.code if unit else "all",
            "year": year or "all",
            "plans": plans,
        },
    )

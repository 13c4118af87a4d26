"""Plans out as a workbook (template and export) or as one table of CSV.

Every text cell that a spreadsheet could read as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) gets a leading apostrophe; the import takes it off again."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Model, Prefetch, QuerySet

from wpsdesk.audit.services import record_event
from wpsdesk.catalogue.models import Item
from wpsdesk.core import xlsx_stream
from wpsdesk.core.tabular import neutralise
from wpsdesk.core.xlsx_stream import Choices, Sheet
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

#: Plans read from the database at a time (with their goals, indicators and values
#: prefetched) while an export is written: memory stays flat however many there are.
PLAN_CHUNK = 100

#: Cells of the drop-down lists in the sheets (as far down as a template is filled in).
_KIND_CHOICES = Choices("C2:C2000", [kind.value for kind in PlanKind])
_STATUS_CHOICES = Choices("I2:I2000", ["planned", "under_way", "done", "dropped"])

Rows = Iterator[list[Any]]


def plans_for_export(
    *, user: Any, unit: Unit | None = None, year: int | None = None
) -> QuerySet[WorkPlan]:
    """The plans the person may read (of the unit and year, if given), in export order.

    Nothing is prefetched here: each sheet reads the plans again in chunks with what it needs
    (:func:`sheet_rows`).
    """
    plans = visible_to(WorkPlan.objects.all(), user=user)
    if unit is not None:
        plans = plans.filter(unit=unit)
    if year is not None:
        plans = plans.filter(year=year)
    return plans.select_related("unit", "approved_by").order_by("unit__code", "year", "kind")


def _goals(*inner: Prefetch[Any]) -> Prefetch[Any]:
    goals = Goal.objects.order_by("position", "pk").prefetch_related(*inner)
    return Prefetch("goals", queryset=goals)


def _indicators(*inner: Prefetch[Any]) -> Prefetch[Any]:
    return Prefetch(
        "indicators", queryset=Indicator.objects.order_by("pk").prefetch_related(*inner)
    )


def _values(*inner: Prefetch[Any]) -> Prefetch[Any]:
    return Prefetch(
        "values", queryset=IndicatorValue.objects.order_by("period").prefetch_related(*inner)
    )


def _in_chunks(plans: QuerySet[WorkPlan], *prefetches: Prefetch[Any]) -> Iterator[WorkPlan]:
    """The plans read :data:`PLAN_CHUNK` at a time, each chunk with ``prefetches``."""
    for plan in plans.prefetch_related(*prefetches).iterator(chunk_size=PLAN_CHUNK):
        yield plan
        _release(plan)


def _release(record: Model) -> None:
    """Drop what was prefetched for ``record``, and for what was prefetched with it.

    Prefetched rows and their querysets point back at their parent (a goal at its plan,
    a queryset at the record it was read for): reference cycles that only the rare full
    garbage collection frees, so without this an export's memory would grow with every
    plan written.
    """
    cache = record.__dict__.pop("_prefetched_objects_cache", None) or {}
    for related in cache.values():
        for child in related._result_cache or ():
            _release(child)
        related._result_cache = None


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return value.normalize() if value == value.to_integral() else value
    return value


def _key(plan: WorkPlan) -> list[Any]:
    return [plan.unit.code, plan.year, plan.kind]


def plan_rows(plans: QuerySet[WorkPlan]) -> Rows:
    """The *Plans* sheet's rows."""
    for plan in plans.iterator(chunk_size=PLAN_CHUNK):
        yield [
            *_key(plan),
            plan.title,
            plan.summary,
            plan.status,
            str(plan.approved_by or ""),
            plan.approved_at.isoformat(timespec="minutes") if plan.approved_at else "",
            plan.results_status,
            plan.results_summary,
            plan.results_obstacles,
        ]


def goal_rows(plans: QuerySet[WorkPlan]) -> Rows:
    """The *Goals* sheet's rows."""
    items = Prefetch("items", queryset=Item.objects.order_by("position"))
    for plan in _in_chunks(plans, _goals(items)):
        for goal in plan.goals.all():
            codes = ", ".join(i.code for i in goal.items.all())
            yield [*_key(plan), goal.title, goal.description, codes]


def activity_rows(plans: QuerySet[WorkPlan]) -> Rows:
    """The *Activities* sheet's rows."""
    activities = Prefetch(
        "activities", queryset=Activity.objects.select_related("owner").order_by("pk")
    )
    for plan in _in_chunks(plans, _goals(activities)):
        for goal in plan.goals.all():
            for activity in goal.activities.all():
                yield [
                    *_key(plan),
                    goal.title,
                    activity.title,
                    activity.owner.username if activity.owner else "",
                    activity.due_date,
                    activity.status,
                    activity.drop_reason,
                    activity.notes,
                ]


def indicator_rows(plans: QuerySet[WorkPlan]) -> Rows:
    """The *Indicators* sheet's rows."""
    dimensions = Prefetch("dimensions", queryset=Dimension.objects.order_by("position"))
    for plan in _in_chunks(plans, _goals(_indicators(dimensions))):
        for goal in plan.goals.all():
            for indicator in goal.indicators.all():
                yield [
                    *_key(plan),
                    goal.title,
                    indicator.name,
                    indicator.kind,
                    indicator.unit_of_measure,
                    ", ".join(d.code for d in indicator.dimensions.all() if not d.always),
                    indicator.description,
                ]


def value_rows(plans: QuerySet[WorkPlan]) -> Rows:
    """The *Values* sheet's rows."""
    for plan in _in_chunks(plans, _goals(_indicators(_values()))):
        for goal in plan.goals.all():
            for indicator in goal.indicators.all():
                for value in indicator.values.all():
                    yield [
                        *_key(plan),
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


def breakdown_rows(plans: QuerySet[WorkPlan]) -> Rows:
    """The *Breakdown* sheet's rows: each value's figures by dimension and category."""
    figures = Prefetch(
        "breakdown", queryset=Breakdown.objects.select_related("category__dimension")
    )
    for plan in _in_chunks(plans, _goals(_indicators(_values(figures)))):
        for goal in plan.goals.all():
            for indicator in goal.indicators.all():
                for value in indicator.values.all():
                    for figure in sorted(
                        value.breakdown.all(),
                        key=lambda f: (f.category.dimension.position, f.category.position),
                    ):
                        yield [
                            *_key(plan),
                            goal.title,
                            indicator.name,
                            value.period,
                            figure.category.dimension.code,
                            figure.category.code,
                            _text(figure.amount),
                        ]


_SHEET_ROWS: dict[str, Callable[[QuerySet[WorkPlan]], Rows]] = {
    "Plans": plan_rows,
    "Goals": goal_rows,
    "Activities": activity_rows,
    "Indicators": indicator_rows,
    "Values": value_rows,
    "Breakdown": breakdown_rows,
}


def sheet_rows(plans: QuerySet[WorkPlan]) -> dict[str, Rows]:
    """Every sheet's rows (without headings) for these plans, each read as it is used."""
    return {name: _SHEET_ROWS[name](plans) for name in SHEETS}


def workbook_chunks(rows: Mapping[str, Iterable[Sequence[Any]]]) -> Iterator[bytes]:
    """The workbook as it is written: instructions, then one sheet per table.

    Each sheet's rows are read only when that sheet is written, and go out compressed a
    few hundred at a time (``core/xlsx_stream.py``): memory stays flat however many plans
    there are (see ``docs/performance.md``). Text cells are text, never formulas.
    """
    sheets = [Sheet(title="About", header=[], rows=[[line] for line in INSTRUCTIONS])]
    for name in SHEETS:
        choices = [_KIND_CHOICES, _STATUS_CHOICES] if name == "Activities" else [_KIND_CHOICES]
        sheets.append(
            Sheet(
                title=name,
                header=headings(name),
                rows=rows.get(name, ()),
                width=22,
                freeze_header=True,
                choices=choices,
            )
        )
    return xlsx_stream.workbook_chunks(sheets)


def workbook_bytes(rows: Mapping[str, Iterable[Sequence[Any]]]) -> bytes:
    """The whole workbook at once (see :func:`workbook_chunks`)."""
    return b"".join(workbook_chunks(rows))


def csv_text(rows: Mapping[str, Iterable[Sequence[Any]]], what: str) -> str:
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


def template_rows(*, unit: Unit, year: int, plans: QuerySet[WorkPlan]) -> dict[str, Rows]:
    """The unit's plans for the year as rows; one empty plan row if there are none."""
    rows = sheet_rows(plans)
    if not plans.exists():
        rows["Plans"] = iter([[unit.code, year, PlanKind.VIRKSOMHETSPLAN, "", ""]])
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

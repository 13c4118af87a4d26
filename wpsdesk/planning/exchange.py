"""Plans in and out of Excel and CSV.

One workbook format serves as template, export and import, so a downloaded plan can be
filled in and uploaded again: sheets *Plans*, *Goals*, *Activities*, *Indicators*,
*Values* and *Breakdown*, each row naming its plan by unit code, year and plan kind, and
its goal and indicator by title. Columns the import does not know (approval, status
dates) are ignored.

Import: every row of every sheet is checked first, without holding a write lock, and the
errors are reported by sheet and row in plain words; only a file without errors is
written, in one transaction, and if a write is refused (a breakdown that does not add up,
say) nothing is kept. On SQLite that transaction takes the write lock at its first change
(``core/write_lock.py``), so a file that changes nothing never blocks anyone's saves. Rows are
matched to what exists by their keys and written only where something differs, so the
same file imported twice changes nothing the second time.

Export: every text cell that a spreadsheet could read as a formula (starting with ``=``,
``+``, ``-``, ``@``, tab or carriage return) gets a leading apostrophe; the import takes
it off again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.catalogue.models import Item
from wpsdesk.catalogue.selectors import current_edition
from wpsdesk.core import file_safety
from wpsdesk.core.tabular import FORMULA_STARTS, neutralise, text_cells
from wpsdesk.core.write_lock import atomic_write_on_first_write, retry_when_locked
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import may_create_in, unit_access, visible_to

from . import services
from .models import (
    Activity,
    ActivityStatus,
    Breakdown,
    Category,
    Dimension,
    Goal,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    PlanKind,
    WorkPlan,
    validate_period,
)

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PLAN_KEY = [("unit", "Unit code"), ("year", "Year"), ("kind", "Plan kind")]
SHEETS: dict[str, list[tuple[str, str]]] = {
    "Plans": [*PLAN_KEY, ("title", "Title"), ("summary", "Summary")],
    "Goals": [
        *PLAN_KEY,
        ("goal", "Goal"),
        ("description", "Description"),
        ("codes", "Guideline codes"),
    ],
    "Activities": [
        *PLAN_KEY,
        ("goal", "Goal"),
        ("activity", "Activity"),
        ("owner", "Owner (user name)"),
        ("due_date", "Due date"),
        ("status", "Status"),
        ("drop_reason", "Why dropped"),
        ("notes", "Notes"),
    ],
    "Indicators": [
        *PLAN_KEY,
        ("goal", "Goal"),
        ("indicator", "Indicator"),
        ("kind", "Indicator kind"),
        ("unit_of_measure", "Unit of measure"),
        ("dimensions", "Broken down by"),
        ("description", "How it is measured"),
    ],
    "Values": [
        *PLAN_KEY,
        ("goal", "Goal"),
        ("indicator", "Indicator"),
        ("period", "Period"),
        ("baseline", "Baseline"),
        ("target", "Target"),
        ("actual", "Actual"),
        ("baseline_text", "Baseline (text)"),
        ("target_text", "Target (text)"),
        ("actual_text", "Actual (text)"),
        ("disaggregation_note", "Why the breakdown does not add up"),
    ],
    "Breakdown": [
        *PLAN_KEY,
        ("goal", "Goal"),
        ("indicator", "Indicator"),
        ("period", "Period"),
        ("dimension", "Dimension"),
        ("category", "Category"),
        ("amount", "Amount"),
    ],
}
# The plan kind column key is "kind" in PLAN_KEY; the indicator's own kind is "kind" too
# in the Indicators sheet, so that sheet's plan kind is read by position (see _rows).
EXTRA_PLAN_COLUMNS = [
    "Plan status",
    "Plan approved by",
    "Plan approved at",
    "Results status",
    "What was done and what came of it",
    "What stood in the way",
]
INSTRUCTIONS = [
    "How to fill in this workbook",
    "",
    "Each sheet is a table with its headings in the first row. Keep the headings as they are.",
    "A plan is named by its unit code, year and plan kind (virksomhetsplan or separate);",
    "goals by their title within the plan; activities and indicators by their title",
    "within the goal.",
    "Guideline codes: the codes from the guidelines, separated by commas (e.g. P1.C.5, CL.18).",
    "Status of an activity: planned, under_way, done or dropped (dropped needs 'Why dropped').",
    "Indicator kind: quantitative or qualitative. Broken down by: dimension codes separated by",
    "commas (age, disability, displacement, minority); gender is always included.",
    "Period: a year (2026), a half year (2026-H1) or a quarter (2026-Q3).",
    "Breakdown: one row per period, dimension and category, e.g. gender / women / 12.",
    "Each dimension's figures should add up to the actual, or say why not in the Values sheet.",
    "",
    "Upload the file under Plans → Excel and CSV. Nothing is imported if any row has an",
    "error; the page lists every error by sheet and row. Uploading the same file again",
    "changes nothing.",
]


def _restore(value: str) -> str:
    if len(value) > 1 and value[0] == "'" and value[1] in "".join(FORMULA_STARTS):
        return value[1:]
    return value


# --- reading what to export ------------------------------------------------------------


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


def headings(sheet: str) -> list[str]:
    names = [label for _key, label in SHEETS[sheet]]
    return names + EXTRA_PLAN_COLUMNS if sheet == "Plans" else names


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


CSV_WHAT = {"plans": "Plans", "activities": "Activities", "values": "Values"}


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


# --- import ----------------------------------------------------------------------------


@dataclass
class RowError:
    sheet: str
    row: int
    message: str

    def __str__(self) -> str:
        return _("%(sheet)s, row %(row)s: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "message": self.message,
        }


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0
    plans: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def count(self, bucket: dict[str, int], what: str) -> None:
        bucket[what] = bucket.get(what, 0) + 1

    def summary(self) -> str:
        if self.errors:
            return _("Nothing was imported: %(n)s problems.") % {"n": len(self.errors)}
        if not self.changed:
            return _("Nothing changed: everything in the file is already in wpsdesk.")
        parts = [f"{n} {what} created" for what, n in sorted(self.created.items())]
        parts += [f"{n} {what} updated" for what, n in sorted(self.updated.items())]
        return _("Imported: %(parts)s.") % {"parts": ", ".join(parts)}


@dataclass
class Row:
    sheet: str
    number: int
    values: dict[str, Any]

    def text(self, key: str) -> str:
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return _restore(str(value).strip())

    @property
    def plan_key(self) -> tuple[str, str, str]:
        return (self.text("unit"), self.text("year"), self.text("plan_kind"))


class ImportRefused(Exception):
    """The file cannot be read at all (not a workbook, too big, damaged)."""


def read_workbook(data: bytes) -> dict[str, list[Row]]:
    """The rows of each known sheet, keyed by column; headings matched by name."""
    from openpyxl import load_workbook

    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused(_("The file is larger than 5 MB."))
    try:
        file_safety.inspect_upload(data, ".xlsx")
    except file_safety.RefusedFile as exc:
        raise ImportRefused(exc.message) from exc
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportRefused(_("The file could not be read as an Excel workbook (.xlsx).")) from exc
    result: dict[str, list[Row]] = {}
    try:
        for name, columns in SHEETS.items():
            if name not in book.sheetnames:
                result[name] = []
                continue
            result[name] = list(_rows(book[name], name, columns))
    except ImportRefused:
        raise
    except Exception as exc:
        raise ImportRefused(_("The file could not be read as an Excel workbook (.xlsx).")) from exc
    finally:
        book.close()
    return result


def _rows(sheet: Any, name: str, columns: list[tuple[str, str]]) -> Iterator[Row]:
    lines = sheet.iter_rows(values_only=True)
    header = next(lines, None)
    if header is None:
        return
    labels = [str(cell).strip().lower() if cell is not None else "" for cell in header]
    index: dict[str, int] = {}
    for position, (key, label) in enumerate(columns):
        wanted = label.lower()
        if wanted not in labels:
            raise ImportRefused(
                _("The sheet %(sheet)s has no column “%(column)s”. Keep the template's headings.")
                % {"sheet": name, "column": label}
            )
        # The first three columns are the plan's key; "kind" there is the plan kind.
        index["plan_kind" if position == 2 else key] = labels.index(wanted)
    for number, line in enumerate(lines, start=2):
        if number > MAX_ROWS + 1:
            raise ImportRefused(
                _("The file has more than %(n)s rows in a sheet.") % {"n": MAX_ROWS}
            )
        if line is None or all(cell is None or str(cell).strip() == "" for cell in line):
            continue
        values = {
            key: (line[position] if position < len(line) else None)
            for key, position in index.items()
        }
        yield Row(sheet=name, number=number, values=values)


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
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
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
            from .selectors import unit_members

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


def import_workbook(data: bytes, *, actor: User, dry_run: bool = False) -> ImportReport:
    """Check the whole file, then write all of it or nothing. Logged when something changed."""
    report = ImportReport()
    try:
        sheets = read_workbook(data)
    except ImportRefused as exc:
        report.errors.append(RowError(_("File"), 1, str(exc)))
        return report
    if not unit_access(actor):
        report.errors.append(RowError(_("File"), 1, _("You are not a member of any unit.")))
        return report
    parsed, errors = check(sheets, actor=actor)
    report.errors.extend(errors)
    if report.errors:
        return report
    return retry_when_locked(lambda: _write_all(parsed, actor=actor, dry_run=dry_run))


def _write_all(parsed: Parsed, *, actor: User, dry_run: bool) -> ImportReport:
    """Write the checked file in one transaction: all of it, or nothing if a row is refused.

    On SQLite the write lock is taken at the first row that changes something, not before
    the comparing starts: a file that changes nothing never takes it, and other people's
    saves are not held up while the unchanged rows are compared.
    """
    report = ImportReport()
    with atomic_write_on_first_write():
        write(parsed, actor=actor, report=report)
        if report.errors or dry_run:
            transaction.set_rollback(True)
            return report
        if report.changed:
            record_event(
                kind="planning.imported",
                actor=actor,
                details={
                    "plans": sorted(report.plans),
                    "created": sum(report.created.values()),
                    "updated": sum(report.updated.values()),
                },
            )
    return report

"""The workbook's layout, shared by template, export and import: its sheets and headings,
the instructions sheet, a row as read, and the import's report of errors by sheet and row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from wpsdesk.core import spreadsheet
from wpsdesk.core.spreadsheet import cell_text
from wpsdesk.core.tabular import XLSX_TYPE as XLSX_TYPE  # the pages send workbooks as this

MAX_IMPORT_BYTES = spreadsheet.MAX_BYTES
MAX_ROWS = spreadsheet.MAX_ROWS

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


def headings(sheet: str) -> list[str]:
    names = [label for _key, label in SHEETS[sheet]]
    return names + EXTRA_PLAN_COLUMNS if sheet == "Plans" else names


CSV_WHAT = {"plans": "Plans", "activities": "Activities", "values": "Values"}


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
        """The cell as trimmed text, without the apostrophe the export put before a formula."""
        return cell_text(self.values.get(key), restore=True)

    @property
    def plan_key(self) -> tuple[str, str, str]:
        return (self.text("unit"), self.text("year"), self.text("plan_kind"))

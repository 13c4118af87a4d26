"""Engagements as spreadsheet rows: one layout for export and import.

An exported file can be edited and imported again: its ``reference`` column is the stable
key (``unit`` + ``reference``), so re-importing the same file changes nothing. Cells that
a spreadsheet would run as a formula are neutralised on the way out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from wpsdesk.catalogue import serving
from wpsdesk.core import tabular as core_tabular
from wpsdesk.core.tabular import neutralise

from . import figures
from .models import Engagement, Gender, Measure, Side

if TYPE_CHECKING:
    from wpsdesk.processes.selectors import VisibleProcessNames

GENDER_WORDS: dict[str, str] = {Gender.WOMAN: "women", Gender.MAN: "men", Gender.OTHER: "other"}
LEAD_WORDS: dict[str, str] = {Gender.WOMAN: "woman", Gender.MAN: "man", Gender.OTHER: "other"}

BASE_COLUMNS = [
    "reference",
    "unit",
    "date",
    "kind",
    "country",
    "forum",
    "peace_process",
    "title",
    "summary",
    "wps_on_agenda",
    "messages",
]
COUNT_COLUMNS = [
    (f"{side}_{GENDER_WORDS[g]}", side, Measure.ATTENDED, g)
    for side in Side.values
    for g in Gender.values
]
SPOKE_COLUMNS = [
    (f"{side}_{GENDER_WORDS[g]}_spoke", side, Measure.SPOKE, g)
    for side in Side.values
    for g in Gender.values
]
LEAD_COLUMNS = [(f"{side}_led_by", side) for side in Side.values]
COLUMNS = (
    BASE_COLUMNS
    + [c[0] for c in COUNT_COLUMNS]
    + [c[0] for c in LEAD_COLUMNS]
    + [c[0] for c in SPOKE_COLUMNS]
)
#: Only in exports: the issues' follow-up, and the recorded peace process (its id and name,
#: empty when the reader may not see the process). The free-text ``peace_process`` column
#: is the one an import reads.
EXPORT_ONLY = ["issues_raised", "issues_followed_up", "process_id", "process_name"]
__all__ = ["COLUMNS", "csv_bytes", "header", "iter_rows", "neutralise", "xlsx_bytes"]


def reference_of(engagement: Engagement) -> str:
    return engagement.external_ref or f"wpsdesk-{engagement.pk}"


def engagement_row(
    engagement: Engagement, processes: VisibleProcessNames | None = None
) -> list[Any]:
    """One engagement as a row of :data:`COLUMNS` plus :data:`EXPORT_ONLY`.

    Expects ``participation``, ``messages`` and ``issues`` prefetched and ``unit`` selected.
    The process is named only through ``processes`` (those the reader may see); without
    it the process columns are empty.
    """
    grid = figures.grid_from_rows(
        (p.side, p.measure, p.dimension_code, p.category_code, p.count)
        for p in engagement.participation.all()
    )
    row: list[Any] = [
        reference_of(engagement),
        engagement.unit.code,
        engagement.date.isoformat(),
        engagement.kind,
        engagement.country,
        engagement.forum,
        engagement.peace_process,
        engagement.title,
        engagement.summary,
        "yes" if engagement.wps_on_agenda else "no",
        serving.codes_cell(engagement, "messages"),
    ]
    for _name, side, measure, gender in COUNT_COLUMNS:
        counts = figures.gender_counts(grid, side, measure)
        row.append(counts.get(gender, ""))  # blank: not known
    for _name, side in LEAD_COLUMNS:
        leads = figures.gender_counts(grid, side, Measure.LED)
        row.append(" ".join(LEAD_WORDS[g] for g, n in sorted(leads.items()) if n))
    for _name, side, measure, gender in SPOKE_COLUMNS:
        counts = figures.gender_counts(grid, side, measure)
        row.append(counts.get(gender, ""))  # blank: not known
    issues = list(engagement.issues.all())
    row.append(len(issues))
    row.append(sum(1 for issue in issues if issue.status == "done"))
    name = processes.name(engagement.process_id) if processes is not None else None
    row.append(engagement.process_id if name is not None else "")
    row.append(name or "")
    return row


def header() -> list[str]:
    return COLUMNS + EXPORT_ONLY


def csv_bytes(rows: Iterable[list[Any]]) -> bytes:
    """The engagements as UTF-8 CSV with a byte-order mark."""
    return core_tabular.csv_bytes(header(), rows)


def xlsx_bytes(rows: Iterable[list[Any]], *, title: str = "Engagements") -> bytes:
    """The engagements as one Excel sheet."""
    return core_tabular.xlsx_bytes(header(), rows, title=title)


#: Engagements read from the database at a time when an export streams (with their
#: prefetched counts, messages and issues): memory stays flat however many are exported.
EXPORT_CHUNK = 500


def iter_rows(
    engagements: Iterable[Engagement], processes: VisibleProcessNames | None = None
) -> Iterator[list[Any]]:
    """One row per engagement; a queryset is read in chunks, never held whole."""
    if isinstance(engagements, QuerySet):
        engagements = engagements.iterator(chunk_size=EXPORT_CHUNK)
    for engagement in engagements:
        row = engagement_row(engagement, processes)
        # Prefetched rows point back at their engagement: a reference cycle that only the
        # rare full garbage collection frees. Dropping the cache frees each row at once.
        engagement.__dict__.pop("_prefetched_objects_cache", None)
        yield row

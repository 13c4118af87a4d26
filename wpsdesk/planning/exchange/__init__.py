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

The work is split in the order an import runs: :mod:`.reading` (the file into rows),
:mod:`.checking` (every row checked, errors collected), :mod:`.writing` (the rows written
through the services); :mod:`.export` writes workbooks and CSV and :mod:`.layout` holds the
format they share. This module joins them and is what pages and commands call.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.core.write_lock import atomic_write_on_first_write, retry_when_locked
from wpsdesk.organisation.models import User
from wpsdesk.organisation.policy import unit_access

from .checking import Parsed, check
from .export import (
    csv_text,
    plans_for_export,
    record_export,
    sheet_rows,
    template_rows,
    workbook_bytes,
    workbook_chunks,
)
from .layout import (
    CSV_WHAT,
    MAX_IMPORT_BYTES,
    MAX_ROWS,
    SHEETS,
    XLSX_TYPE,
    ImportReport,
    Row,
    RowError,
    headings,
)
from .reading import ImportRefused, read_workbook
from .writing import write

__all__ = [
    "CSV_WHAT",
    "MAX_IMPORT_BYTES",
    "MAX_ROWS",
    "SHEETS",
    "XLSX_TYPE",
    "ImportRefused",
    "ImportReport",
    "Parsed",
    "Row",
    "RowError",
    "check",
    "csv_text",
    "headings",
    "import_workbook",
    "plans_for_export",
    "read_workbook",
    "record_export",
    "sheet_rows",
    "template_rows",
    "workbook_bytes",
    "workbook_chunks",
    "write",
]


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

"""Reading an uploaded workbook into rows: each known sheet's rows keyed by column.

The file is opened by the shared spreadsheet reader (``core/spreadsheet.py``), which
refuses it as a whole (too large, too many rows, damaged, macros, outside links) before any
row is looked at; here the template's headings are found by name."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wpsdesk.core import spreadsheet
from wpsdesk.core.spreadsheet import column_name

from .layout import MAX_ROWS, SHEETS, Row

#: The file cannot be read at all (not a workbook, too big, damaged); nothing was written.
ImportRefused = spreadsheet.SpreadsheetRefused


def read_workbook(data: bytes) -> dict[str, list[Row]]:
    """The rows of each known sheet, keyed by column; headings matched by name.

    A sheet the workbook lacks, or one without even a heading row, has no rows.
    """
    tables = spreadsheet.read_sheets(data, SHEETS, max_rows=MAX_ROWS)
    result: dict[str, list[Row]] = {}
    for name, columns in SHEETS.items():
        table = tables[name]
        if table is None or not table.columns:
            result[name] = []
            continue
        index: dict[str, int] = {}
        for position, (key, label) in enumerate(columns):
            wanted = column_name(label)
            if wanted not in table.columns:
                raise ImportRefused(
                    _(
                        "The sheet %(sheet)s has no column “%(column)s”. Keep the template's "
                        "headings."
                    )
                    % {"sheet": name, "column": label}
                )
            # The first three columns are the plan's key; "kind" there is the plan kind.
            index["plan_kind" if position == 2 else key] = table.columns.index(wanted)
        result[name] = [
            Row(
                sheet=name,
                number=number,
                values={
                    key: (cells[position] if position < len(cells) else None)
                    for key, position in index.items()
                },
            )
            for number, cells in table.rows
        ]
    return result

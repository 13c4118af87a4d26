"""Uploaded spreadsheets read into rows: one reader for every import (plans, engagements, grants).

An import is all or nothing, so a file that cannot be read as a whole is refused with one
plain sentence (:class:`SpreadsheetRefused`) before any row is looked at:

* at most :data:`MAX_BYTES`, and at most :data:`MAX_ROWS` rows under the heading row (a row's
  position counts, blank or not, so a sheet padded with empty rows is refused as well);
* CSV must be UTF-8 text (a byte-order mark is taken off); the delimiter is read from the
  heading row, so the semicolons of a CSV saved by a Norwegian Excel work as commas do;
* an Excel workbook (``.xlsx``) is a zip of at most :data:`MAX_ZIP_ENTRIES` parts that unpacks to
  at most :data:`MAX_UNCOMPRESSED` bytes and no part packed more than :data:`MAX_RATIO` to one,
  and then passes :func:`wpsdesk.core.file_safety.inspect_upload`: macros, embedded objects,
  outside links and DDE formulas are refused. It is opened read-only, with the values a
  formula last had (never the formula) and without its outside links.

Dates typed into Excel arrive as dates, dates in CSV as text: :func:`cell_date` takes both.
Headings are compared as :func:`column_name` gives them (trimmed, lower case, spaces as
underscores). The reader keeps no file: the bytes are read from memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from wpsdesk.core import file_safety
from wpsdesk.core.tabular import FORMULA_STARTS

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_ZIP_ENTRIES = 200
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 100
DELIMITERS = (",", ";", "\t")
T = TypeVar("T")

#: What a damaged zip raises while its directory is read.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, ValueError, EOFError, OSError, RuntimeError)


class SpreadsheetRefused(Exception):
    """The file as a whole cannot be read; ``str()`` is one plain sentence, nothing was written."""


@dataclass
class Table:
    """One sheet: its column names (as :func:`column_name` gives them) and its rows.

    ``rows`` holds ``(row number in the file, cells)`` for every row under the heading row
    that is not blank; the heading row is row 1.
    """

    columns: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)

    def records(self) -> list[tuple[int, dict[str, Any]]]:
        """Each row as ``(row number, {column: cell})``; cells beyond the headings are left out."""
        width = len(self.columns)
        return [
            (number, {self.columns[i]: value for i, value in enumerate(cells) if i < width})
            for number, cells in self.rows
        ]


# --- cells -------------------------------------------------------------------------------


def column_name(value: Any) -> str:
    """A heading as it is compared: trimmed, lower case, spaces as underscores."""
    return str(value or "").strip().lower().replace(" ", "_")


def restore_formula_text(text: str) -> str:
    """Take off the apostrophe an export put before text a spreadsheet would run as a formula."""
    if len(text) > 1 and text[0] == "'" and text[1] in "".join(FORMULA_STARTS):
        return text[1:]
    return text


def cell_text(value: Any, *, restore: bool = False) -> str:
    """A cell as trimmed text: empty for an empty cell, ``12`` for the number 12.0.

    With ``restore``, the apostrophe :func:`wpsdesk.core.tabular.neutralise` added on export
    is taken off again, so an exported file imports as it was.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return restore_formula_text(text) if restore else text


def cell_date(value: Any) -> dt.date:
    """A date cell (Excel gives a date or a date and time) or text written as YYYY-MM-DD.

    Raises ``ValueError`` with a plain sentence when it is neither.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(cell_text(value))
    except ValueError as exc:
        raise ValueError(
            _("the date “%(value)s” is not a date; write it as YYYY-MM-DD")
            % {"value": cell_text(value)}
        ) from exc


def _blank(cells: Sequence[Any] | None) -> bool:
    return cells is None or all(cell is None or str(cell).strip() == "" for cell in cells)


# --- reading -----------------------------------------------------------------------------


def read_table(
    name: str,
    data: bytes,
    *,
    known: Collection[str] | None = None,
    required: Sequence[str] = (),
    broken: str | None = None,
    max_rows: int = MAX_ROWS,
) -> Table:
    """The one table of a CSV file or the first sheet of an Excel workbook, told by ``name``.

    With ``known``, a heading outside it refuses the file; every column in ``required`` must
    be there. ``broken`` is the sentence for a workbook that cannot be read (by default the
    file-safety check's own and :func:`unreadable`).
    """
    _check_size(data)
    lowered = name.lower()
    if lowered.endswith(".csv"):
        return _table(iter(_csv_rows(data)), known, required, max_rows)
    if lowered.endswith(".xlsx"):
        with _workbook(data, broken) as book:

            def read() -> Table:
                lines = book.worksheets[0].iter_rows(values_only=True)
                return _table(lines, known, required, max_rows)

            return _guarded(read, broken)
    raise SpreadsheetRefused(_("Use a .csv or .xlsx file."))


def read_sheets(
    data: bytes, names: Iterable[str], *, broken: str | None = None, max_rows: int = MAX_ROWS
) -> dict[str, Table | None]:
    """The named sheets of an Excel workbook; ``None`` for a sheet the workbook lacks.

    A sheet without even a heading row is a table without columns or rows.
    """
    _check_size(data)
    with _workbook(data, broken) as book:

        def read() -> dict[str, Table | None]:
            tables: dict[str, Table | None] = {}
            for name in names:
                if name not in book.sheetnames:
                    tables[name] = None
                    continue
                lines = book[name].iter_rows(values_only=True)
                head = next(lines, None)
                if head is None:
                    tables[name] = Table(columns=[])
                    continue
                message = _("The file has more than %(n)s rows in a sheet.") % {"n": max_rows}
                tables[name] = Table(
                    columns=[column_name(cell) for cell in head],
                    rows=_body(lines, max_rows, message),
                )
            return tables

        return _guarded(read, broken)


def unreadable() -> str:
    """The sentence for a workbook openpyxl cannot read, when the caller gives none."""
    return _("The file could not be read as an Excel workbook (.xlsx).")


def _check_size(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise SpreadsheetRefused(_("The file is larger than 5 MB."))


def _table(
    lines: Iterator[Sequence[Any]],
    known: Collection[str] | None,
    required: Sequence[str],
    max_rows: int,
) -> Table:
    """Heading row checked first, then the rows read up to the limit."""
    head = next(lines, None)
    if head is None:
        raise SpreadsheetRefused(_("The file is empty."))
    columns = [column_name(cell) for cell in head]
    if known is not None:
        unknown = [c for c in columns if c and c not in known]
        if unknown:
            raise SpreadsheetRefused(
                _(
                    "Unknown columns: %(columns)s. The first row must name the columns of "
                    "the template."
                )
                % {"columns": ", ".join(unknown)}
            )
    missing = [c for c in required if c not in columns]
    if missing:
        raise SpreadsheetRefused(
            _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    message = _("The file has more than %(n)d rows.") % {"n": max_rows}
    return Table(columns=columns, rows=_body(lines, max_rows, message))


def _body(
    lines: Iterable[Sequence[Any] | None], max_rows: int, too_many: str
) -> list[tuple[int, list[Any]]]:
    """The rows under the heading row with their numbers; refused past ``max_rows``."""
    rows = []
    for number, cells in enumerate(lines, start=2):
        if number > max_rows + 1:
            raise SpreadsheetRefused(too_many)
        if _blank(cells):
            continue
        rows.append((number, list(cells or ())))
    return rows


# --- CSV ---------------------------------------------------------------------------------


def _delimiter(text: str) -> str:
    """The delimiter the heading row uses most (outside quotes); a comma if none."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            break
        elif char in counts and not quoted:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])  # the first wins a tie: the comma
    return best if counts[best] else ","


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetRefused(_("The CSV file is not UTF-8 text.")) from exc
    if "\x00" in text:
        raise SpreadsheetRefused(_("The CSV file is not text."))
    try:
        return list(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))
    except csv.Error as exc:
        raise SpreadsheetRefused(_("The CSV file cannot be read: %(e)s") % {"e": exc}) from exc


# --- Excel -------------------------------------------------------------------------------


def _inspect_xlsx(data: bytes, broken: str | None) -> None:
    """Refuse a workbook that is no zip, a zip bomb, or holds active content."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries: list[zipfile.ZipInfo] | None = archive.infolist()
    except _ZIP_ERRORS as exc:
        if broken is not None:
            raise SpreadsheetRefused(broken) from exc
        entries = None  # the file-safety check below says what is wrong, in its words
    if entries is not None:
        # Stricter than the file-safety limits, and checked before any part is unpacked.
        if len(entries) > MAX_ZIP_ENTRIES:
            raise SpreadsheetRefused(_("The workbook has too many parts."))
        if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED:
            raise SpreadsheetRefused(_("The workbook is too large when unpacked."))
        for entry in entries:
            if entry.compress_size and entry.file_size / entry.compress_size > MAX_RATIO:
                raise SpreadsheetRefused(_("The workbook is packed suspiciously tightly."))
    try:
        file_safety.inspect_upload(data, ".xlsx")
    except file_safety.RefusedFile as exc:
        raise SpreadsheetRefused(exc.message) from exc


@contextmanager
def _workbook(data: bytes, broken: str | None) -> Iterator[Any]:
    """The checked workbook, open read-only with cached formula values, closed after use."""
    from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]

    _inspect_xlsx(data, broken)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise SpreadsheetRefused(broken or unreadable()) from exc
    try:
        yield book
    finally:
        book.close()


def _guarded(read: Callable[[], T], broken: str | None) -> T:
    """Run ``read``; a failure of openpyxl while reading rows is the one broken-file sentence."""
    try:
        return read()
    except SpreadsheetRefused:
        raise
    except Exception as exc:  # openpyxl reads the sheet lazily: damage shows up here too
        raise SpreadsheetRefused(broken or unreadable()) from exc

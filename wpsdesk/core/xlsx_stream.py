"""Excel workbooks (.xlsx) written as a stream of bytes while the rows are still being read.

A workbook is a zip, and a zip is normally finished before it can be sent. Written to a
sink that cannot seek, :class:`zipfile.ZipFile` puts each part's sizes after its data (a
*data descriptor*) instead, so each few hundred rows of a sheet can be compressed and
handed on at once: a download starts with the first rows and memory stays flat however
many there are (see ``docs/performance.md``).

The sheets hold values only: text as inline strings (no shared-string table to keep in
memory), numbers, booleans and dates. Text is never a formula, and text a spreadsheet
would take for one gets a leading apostrophe (:func:`wpsdesk.core.tabular.neutralise`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from django.utils import timezone

from wpsdesk.core.tabular import neutralise

#: Rows of a sheet made into XML and compressed at a time (one chunk of the download),
#: fewer if their XML reaches :data:`CHUNK_CHARS` (rows of long texts).
CHUNK_ROWS = 200
CHUNK_CHARS = 256_000

#: Characters XML 1.0 does not allow in a document; a cell holding one would break the file.
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: Characters Excel refuses in a sheet name; names are at most 31 characters long.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31

# Cell styles (indexes into cellXfs of STYLES): dates and times need a number format.
_DATE_STYLE = 1
_DATETIME_STYLE = 2
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
#: Excel counts a 29 February 1900 that never was; serial numbers below this are one off.
_FIRST_TRUE_SERIAL = 61


@dataclass(frozen=True)
class Choices:
    """A drop-down list of allowed words for a range of cells (``C2:C2000``)."""

    cells: str
    words: Sequence[str]


@dataclass(frozen=True)
class Sheet:
    """One sheet: its title, its heading row (none if empty) and its rows, read lazily.

    ``width`` sets every column's width, ``freeze_header`` keeps the heading row in view,
    ``choices`` adds drop-down lists.
    """

    title: str
    header: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    width: float | None = None
    freeze_header: bool = False
    choices: Sequence[Choices] = ()


def xlsx_chunks(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], *, title: str
) -> Iterator[bytes]:
    """One sheet named ``title`` (the header, then the rows) as .xlsx bytes, made as read."""
    return workbook_chunks([Sheet(title=title, header=header, rows=rows)])


def workbook_chunks(sheets: Sequence[Sheet]) -> Iterator[bytes]:
    """The sheets, in order, as the bytes of one .xlsx file, produced as the rows are read."""
    sink = _Sink()
    names = sheet_names([sheet.title for sheet in sheets])
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for part, text in _package_parts(names):
            package.writestr(part, text)
        yield sink.take()
        for number, sheet in enumerate(sheets, start=1):
            with package.open(f"xl/worksheets/sheet{number}.xml", "w") as part_file:
                for piece in _sheet_xml(sheet):
                    part_file.write(piece.encode("utf-8"))
                    chunk = sink.take()
                    if chunk:
                        yield chunk
    yield sink.take()  # the rest of the last part and the zip's directory


def sheet_name(title: str) -> str:
    """``title`` as Excel accepts a sheet name: no ``[]:*?/\\``, at most 31 characters."""
    name = SHEET_NAME_FORBIDDEN.sub("", ILLEGAL_XML.sub("", title)).strip().strip("'")
    return name[:SHEET_NAME_LENGTH].strip() or "Sheet"


def sheet_names(titles: Sequence[str]) -> list[str]:
    """Each title as a sheet name, made unique (Excel compares them ignoring case)."""
    names: list[str] = []
    taken: set[str] = set()
    for title in titles:
        name = base = sheet_name(title)
        number = 1
        while name.lower() in taken:
            number += 1
            suffix = f" ({number})"
            name = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
        taken.add(name.lower())
        names.append(name)
    return names


def cell_xml(reference: str, value: Any) -> str:
    """One cell as sheet XML; empty for an empty cell. Text is always text, never a formula."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{reference}"><v>{value}</v></c>'
    if isinstance(value, float) and math.isfinite(value):
        return f'<c r="{reference}"><v>{value!r}</v></c>'
    if isinstance(value, Decimal) and value.is_finite():
        return f'<c r="{reference}"><v>{value:f}</v></c>'
    if isinstance(value, dt.date):
        serial = _serial(value)
        if serial is not None:
            style = _DATETIME_STYLE if isinstance(value, dt.datetime) else _DATE_STYLE
            return f'<c r="{reference}" s="{style}"><v>{serial}</v></c>'
        value = value.isoformat()
    text = neutralise(ILLEGAL_XML.sub("", str(value)))
    if not text:
        return ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    # A carriage return as a reference: a bare one would be read back as a line feed.
    text = escape(text, {"\r": "&#13;"})
    return f'<c r="{reference}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def column_letters(index: int) -> str:
    """The letters of a column counted from 0: A, …, Z, AA, …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _serial(value: dt.date) -> int | float | None:
    """Excel's serial number for a date or time; ``None`` before 1900 (Excel has none)."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):  # Excel has no time zones: the time as read here
            value = timezone.make_naive(value)
        days = (value - _EXCEL_EPOCH).total_seconds() / 86_400
        whole = math.floor(days)
    else:
        days = whole = (value - _EXCEL_EPOCH.date()).days
    if whole < 1:
        return None
    return days - 1 if whole < _FIRST_TRUE_SERIAL else days


class _Sink:
    """Where the zip is written: collects bytes until taken. It cannot seek, so the zip
    writes data descriptors and never goes back to a part it has written."""

    def __init__(self) -> None:
        self._pieces: list[bytes] = []

    def write(self, data: bytes, /) -> int:
        self._pieces.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the bytes are handed on by :meth:`take`."""

    def close(self) -> None:
        """Nothing to close: the bytes are handed on by :meth:`take`."""

    def take(self) -> bytes:
        data = b"".join(self._pieces)
        self._pieces.clear()
        return data


def _sheet_xml(sheet: Sheet) -> Iterator[str]:
    """The sheet's XML in pieces of :data:`CHUNK_ROWS` rows (or :data:`CHUNK_CHARS`)."""
    head = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
    ]
    if sheet.freeze_header:
        head.append(
            '<sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            "</sheetView></sheetViews>"
        )
    if sheet.width is not None and sheet.header:
        head.append(
            f'<cols><col min="1" max="{len(sheet.header)}" width="{sheet.width}" '
            'customWidth="1"/></cols>'
        )
    head.append("<sheetData>")
    yield "".join(head)
    letters: list[str] = []
    pieces: list[str] = []
    size = 0
    lines = itertools.chain([sheet.header] if sheet.header else [], sheet.rows)
    for number, row in enumerate(lines, start=1):
        while len(letters) < len(row):
            letters.append(column_letters(len(letters)))
        cells = "".join(cell_xml(f"{letters[i]}{number}", v) for i, v in enumerate(row))
        pieces.append(f'<row r="{number}">{cells}</row>')
        size += len(cells)
        if len(pieces) >= CHUNK_ROWS or size >= CHUNK_CHARS:
            yield "".join(pieces)
            pieces.clear()
            size = 0
    pieces.append("</sheetData>")
    if sheet.choices:
        pieces.append(f'<dataValidations count="{len(sheet.choices)}">')
        for choice in sheet.choices:
            words = escape('"' + ",".join(choice.words) + '"')
            pieces.append(
                '<dataValidation type="list" allowBlank="1" showErrorMessage="1" '
                f"sqref={quoteattr(choice.cells)}><formula1>{words}</formula1></dataValidation>"
            )
        pieces.append("</dataValidations>")
    pieces.append("</worksheet>")
    yield "".join(pieces)


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

STYLES = (
    _XML_HEAD + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2">'
    '<numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/>'
    "</numFmts>"
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _package_parts(names: Sequence[str]) -> list[tuple[str, str]]:
    """The small parts around the sheets: content types, relationships, workbook, styles."""
    numbers = range(1, len(names) + 1)
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    content_types = (
        _XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{sheet_type}"/>'
            for n in numbers
        )
        + "</Types>"
    )
    root_rels = (
        _XML_HEAD + f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    )
    workbook = (
        _XML_HEAD
        + f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}"><sheets>'
        + "".join(
            f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
            for n, name in zip(numbers, names, strict=True)
        )
        + "</sheets></workbook>"
    )
    workbook_rels = (
        _XML_HEAD
        + f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
        + "".join(
            f'<Relationship Id="rId{n}" Target="worksheets/sheet{n}.xml" '
            f'Type="{_RELATIONSHIPS}/worksheet"/>'
            for n in numbers
        )
        + f'<Relationship Id="rId{len(names) + 1}" Target="styles.xml" '
        f'Type="{_RELATIONSHIPS}/styles"/>'
        "</Relationships>"
    )
    return [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", root_rels),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
        ("xl/styles.xml", STYLES),
    ]

"""Rows out as CSV or Excel, with every cell a spreadsheet could run as a formula neutralised.

Exports are read by people in spreadsheets; a text cell starting with ``=``, ``+``, ``-``,
``@`` or a control character would be taken for a formula, so it gets a leading apostrophe,
and in Excel files text cells are written as text whatever they hold.

Exports of many rows stream: :func:`csv_chunks` yields the CSV a few rows at a time (for a
``StreamingHttpResponse`` or a file), :func:`write_xlsx` writes a write-only workbook whose
rows go to disk as they come, and :func:`streamed_export` answers a request with either —
memory stays flat however many rows there are (see ``docs/performance.md``).
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from django.http import FileResponse, StreamingHttpResponse

from wpsdesk.organisation import readlog

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Rows written per chunk of a streamed CSV (one chunk is one write to the network or file).
CSV_CHUNK_ROWS = 200

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would take for a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so spreadsheets read the letters right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The same CSV as :func:`csv_bytes`, as UTF-8 chunks of a few rows, produced as read."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    pending = 0
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
        pending += 1
        if pending >= CSV_CHUNK_ROWS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue().encode("utf-8")


def write_csv(out: IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write the CSV to a binary file as the rows come."""
    for chunk in csv_chunks(header, rows):
        out.write(chunk)


def text_cells(sheet: Any, row: Sequence[Any]) -> list[Any]:
    """A row of write-only cells: values neutralised, text cells typed as text."""
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped,unused-ignore]

    cells = []
    for value in row:
        cell = WriteOnlyCell(sheet, value=neutralise(value))
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text
        cells.append(cell)
    return cells


def write_xlsx(
    out: IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str
) -> None:
    """One sheet named ``title`` written to ``out`` with a constant-memory (write-only)
    workbook: the rows go to a temporary file as they come, then into the zip."""
    from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append(text_cells(sheet, row))
    workbook.save(out)


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    """One sheet named ``title``: the header, then the rows, text cells never formulas."""
    out = io.BytesIO()
    write_xlsx(out, header, rows, title=title)
    return out.getvalue()


def _reads_logged(
    rows: Iterable[Sequence[Any]], request_reads: readlog.ReadLog | None
) -> Iterator[Sequence[Any]]:
    """The rows, with the restricted records read for them logged as the request's would be.

    A streamed CSV is read after the request has ended and its read log has been written,
    so the rows carry a collector of their own (same person and address), written when the
    last row has gone or the download was cut off.
    """
    if request_reads is None:  # a command: its own collector is still active, if any
        yield from rows
        return
    with readlog.collecting(ip_address=request_reads.ip_address, actor=request_reads.actor):
        yield from rows


def streamed_export(
    fmt: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    filename: str,
    title: str,
) -> StreamingHttpResponse | FileResponse:
    """A download of many rows that never holds them all.

    CSV starts sending with the first rows; Excel is written to a temporary file (a zip
    cannot be sent before it is finished) and sent from there. Restricted records read for
    the rows are logged either way (``organisation.readlog``).
    """
    response: StreamingHttpResponse | FileResponse
    request_reads = readlog.current()
    if fmt == "xlsx":
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        write_xlsx(spool, header, rows, title=title)
        spool.seek(0)
        response = FileResponse(spool, content_type=XLSX_TYPE)
    else:
        rows = _reads_logged(rows, request_reads)
        response = StreamingHttpResponse(csv_chunks(header, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""Rows out as CSV or Excel, with every cell a spreadsheet could run as a formula neutralised.

Exports are read by people in spreadsheets; a text cell starting with ``=``, ``+``, ``-``,
``@`` or a control character would be taken for a formula, so it gets a leading apostrophe,
and in Excel files text cells are written as text whatever they hold.

Exports of many rows stream: :func:`csv_chunks` yields the CSV a few rows at a time (for a
``StreamingHttpResponse`` or a file), ``core/xlsx_stream.py`` does the same for an Excel
file (:func:`write_xlsx` writes it to a file as it comes), and :func:`streamed_export`
answers a request with either — memory stays flat however many rows there are (see
``docs/performance.md``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, TypeVar

from django.http import StreamingHttpResponse

from wpsdesk.organisation import readlog

T = TypeVar("T")

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


def neutralise_row(row: Iterable[Any]) -> list[Any]:
    """:func:`neutralise` for every cell of a row, written for speed: a whole-service
    export neutralises millions of cells, most of them numbers or empty."""
    return [
        "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
        for value in row
    ]


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so spreadsheets read the letters right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(neutralise_row(row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The same CSV as :func:`csv_bytes`, as UTF-8 chunks of a few rows, produced as read."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    pending = 0
    for row in rows:
        writer.writerow(neutralise_row(row))
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


def write_xlsx(
    out: IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str
) -> None:
    """One sheet named ``title`` written to ``out`` as the rows come (memory stays flat)."""
    from wpsdesk.core.xlsx_stream import xlsx_chunks  # it uses neutralise() from here

    for chunk in xlsx_chunks(header, rows, title=title):
        out.write(chunk)


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    """One sheet named ``title``: the header, then the rows, text cells never formulas."""
    from wpsdesk.core.xlsx_stream import xlsx_chunks

    return b"".join(xlsx_chunks(header, rows, title=title))


def streamed_with_reads_logged(items: Iterable[T]) -> Iterator[T]:
    """``items`` for a streamed response, with the restricted records read while they are
    produced logged as the request's reads are. Call it while the request is handled."""
    return _reads_logged(items, readlog.current())


def _reads_logged(items: Iterable[T], request_reads: readlog.ReadLog | None) -> Iterator[T]:
    """The rows, with the restricted records read for them logged as the request's would be.

    A streamed file is read after the request has ended and its read log has been written,
    so the rows carry a collector of their own (same person and address), written when the
    last row has gone or the download was cut off.
    """
    if request_reads is None:  # a command: its own collector is still active, if any
        yield from items
        return
    with readlog.collecting(ip_address=request_reads.ip_address, actor=request_reads.actor):
        yield from items


def streamed_export(
    fmt: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    filename: str,
    title: str,
) -> StreamingHttpResponse:
    """A download of many rows that never holds them all.

    CSV and Excel alike start sending with the first rows (an Excel file is a zip written
    part by part, see ``core/xlsx_stream.py``). Restricted records read for the rows are
    logged either way (``organisation.readlog``).
    """
    from wpsdesk.core.xlsx_stream import xlsx_chunks

    rows = _reads_logged(rows, readlog.current())
    chunks = xlsx_chunks(header, rows, title=title) if fmt == "xlsx" else csv_chunks(header, rows)
    response = StreamingHttpResponse(chunks, content_type=XLSX_TYPE if fmt == "xlsx" else CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""Exports stream: memory stays flat whatever the number of rows; formulas stay neutralised."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Iterator
from typing import Any

from openpyxl import load_workbook

from wpsdesk.core import tabular
from wpsdesk.core.xlsx_stream import xlsx_chunks

HEADER = ["reference", "title", "summary", "count"]


def rows(n: int) -> Iterator[list[Any]]:
    for i in range(n):
        yield [f"ref-{i}", "=HYPERLINK(1)" if i == 0 else f"Meeting {i}", "x" * 200, i]


def peak_bytes(write: Any, n: int) -> int:
    tracemalloc.start()
    try:
        write(n)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def csv_to_nowhere(n: int) -> None:
    for _chunk in tabular.csv_chunks(HEADER, rows(n)):
        pass


def xlsx_to_nowhere(n: int) -> None:
    with open("/dev/null", "wb") as out:
        tabular.write_xlsx(out, HEADER, rows(n), title="Rows")


def test_a_streamed_csv_holds_memory_flat() -> None:
    small = peak_bytes(csv_to_nowhere, 5_000)
    large = peak_bytes(csv_to_nowhere, 50_000)
    assert large < small * 1.5 + 64_000


def xlsx_chunks_to_nowhere(n: int) -> None:
    for _chunk in xlsx_chunks(HEADER, rows(n), title="Rows"):
        pass


def test_a_streamed_excel_file_holds_memory_flat() -> None:
    small = peak_bytes(xlsx_to_nowhere, 2_000)
    large = peak_bytes(xlsx_to_nowhere, 20_000)
    assert large < small * 1.5 + 256_000


def test_streamed_excel_chunks_hold_memory_flat() -> None:
    """Ten times the rows, about the same peak: no row, cell or sheet is held."""
    small = peak_bytes(xlsx_chunks_to_nowhere, 2_000)
    large = peak_bytes(xlsx_chunks_to_nowhere, 20_000)
    assert large < small * 1.3 + 64_000


def test_streamed_csv_is_the_same_file_as_the_whole_one() -> None:
    whole = tabular.csv_bytes(HEADER, rows(450))
    assert b"".join(tabular.csv_chunks(HEADER, rows(450))) == whole
    assert whole.startswith("\ufeff".encode())
    assert b"'=HYPERLINK(1)" in whole


def test_the_streamed_excel_sheet_keeps_formulas_as_text() -> None:
    out = io.BytesIO()
    tabular.write_xlsx(out, HEADER, rows(3), title="Rows")
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == tuple(HEADER)
    assert values[1][1] == "'=HYPERLINK(1)"
    assert values[3][3] == 2


def test_a_streamed_excel_download_sends_as_it_is_made() -> None:
    response = tabular.streamed_export("xlsx", HEADER, rows(450), filename="r.xlsx", title="Rows")
    assert response.streaming
    assert response["Content-Type"] == tabular.XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="r.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.max_row == 451
    assert sheet["B2"].value == "'=HYPERLINK(1)"

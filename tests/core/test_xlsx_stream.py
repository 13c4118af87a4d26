"""The streamed Excel writer: a valid workbook, made while the rows are still being read."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

from wpsdesk.core import xlsx_stream
from wpsdesk.core.spreadsheet import read_sheets
from wpsdesk.core.xlsx_stream import Choices, Sheet, workbook_chunks, xlsx_chunks

HEADER = ["title", "count", "share", "amount", "done", "empty", "blank", "on", "at", "note"]
ROW = [
    "=SUM(A1)",
    12,
    0.25,
    Decimal("1E+2"),
    True,
    None,
    "",
    dt.date(2026, 3, 1),
    dt.datetime(2026, 3, 1, 14, 30),
    "bokmål æøå\x01 — ok",
]


def book(chunks: Iterator[bytes]) -> Any:
    return load_workbook(io.BytesIO(b"".join(chunks)))


def test_cells_come_back_with_their_values_and_types() -> None:
    sheet = book(xlsx_chunks(HEADER, [ROW], title="Rows")).active
    assert [cell.value for cell in sheet[1]] == HEADER
    cells = sheet[2]
    assert [cell.value for cell in cells] == [
        "'=SUM(A1)",
        12,
        0.25,
        100,
        True,
        None,
        None,
        dt.datetime(2026, 3, 1),
        dt.datetime(2026, 3, 1, 14, 30),
        "bokmål æøå — ok",  # the control character XML forbids is dropped
    ]
    assert [cell.data_type for cell in cells[:5]] == ["s", "n", "n", "n", "b"]
    assert cells[0].data_type == "s"  # text, never a formula
    assert cells[7].is_date and cells[8].is_date


def test_every_text_a_spreadsheet_would_run_is_neutralised() -> None:
    starts = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]
    sheet = book(xlsx_chunks(["text"], [[s] for s in starts], title="Rows")).active
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == ["'" + s for s in starts]


def test_a_long_title_with_forbidden_characters_makes_a_sheet_name_excel_accepts() -> None:
    title = "=SUM(A1) [engagements]: all/some? of *Norway* \\ 2026"
    workbook = book(xlsx_chunks(["a"], [], title=title))
    (name,) = workbook.sheetnames
    assert len(name) <= 31
    assert not set(name) & set("[]:*?/\\")
    assert name.startswith("=SUM(A1) engagements")


def test_sheet_names_are_unique_ignoring_case() -> None:
    assert xlsx_stream.sheet_names(["Rows", "rows", "x" * 40, "x" * 40]) == [
        "Rows",
        "rows (2)",
        "x" * 31,
        "x" * 27 + " (2)",
    ]


def test_a_workbook_of_several_sheets_keeps_its_order_lists_and_frozen_heading() -> None:
    sheets = [
        Sheet(title="About", header=[], rows=[["How to"], [""], ["Upload it"]]),
        Sheet(
            title="Plans",
            header=["Unit", "Year", "Kind"],
            rows=iter([["NOR", 2026, "separate"]]),
            width=22,
            freeze_header=True,
            choices=[Choices("C2:C2000", ["virksomhetsplan", "separate"])],
        ),
    ]
    workbook = book(workbook_chunks(sheets))
    assert workbook.sheetnames == ["About", "Plans"]
    assert [row[0] for row in workbook["About"].iter_rows(values_only=True)] == [
        "How to",
        None,
        "Upload it",
    ]
    plans = workbook["Plans"]
    assert list(plans.iter_rows(values_only=True)) == [
        ("Unit", "Year", "Kind"),
        ("NOR", 2026, "separate"),
    ]
    assert plans.freeze_panes == "A2"
    assert plans.column_dimensions["A"].width == 22
    (choice,) = plans.data_validations.dataValidation
    assert choice.formula1 == '"virksomhetsplan,separate"'
    assert str(choice.sqref) == "C2:C2000"


def test_the_streamed_workbook_passes_the_import_checks() -> None:
    """Our own reader (zip limits, file-safety, read-only openpyxl) takes it as it is."""
    rows = ([f"ref-{i}", i, f"Meeting {i}"] for i in range(3000))
    data = b"".join(xlsx_chunks(["ref", "n", "title"], rows, title="Rows"))
    table = read_sheets(data, ["Rows"], max_rows=5000)["Rows"]
    assert table is not None
    assert table.columns == ["ref", "n", "title"]
    assert table.rows[-1] == (3001, ["ref-2999", 2999, "Meeting 2999"])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None


def test_the_first_bytes_come_before_the_rows_are_all_read() -> None:
    """A download starts at once: chunks come out while the rows are still being read."""
    read = 0

    def rows() -> Iterator[list[Any]]:
        nonlocal read
        for i in range(5000):
            read += 1
            yield [f"ref-{i}", i, f"Meeting number {i} about something else " * 3]

    seen = []
    for chunk in xlsx_chunks(["ref", "n", "title"], rows(), title="Rows"):
        if chunk:
            seen.append(read)
    assert seen[0] < xlsx_stream.CHUNK_ROWS  # the first bytes go before the first rows
    during = [n for n in seen if 0 < n < 5000]
    assert len(during) >= 3  # and the sheet goes out in pieces as it is read
    assert b"".join(xlsx_chunks(["a"], [], title="Rows"))  # an empty sheet is still a file

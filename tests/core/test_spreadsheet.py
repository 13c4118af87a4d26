"""The one spreadsheet reader every import uses: real workbooks and CSV files, whole or refused."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook

from tests.core import upload_files as make
from wpsdesk.core import spreadsheet
from wpsdesk.core.spreadsheet import (
    SpreadsheetRefused,
    Table,
    cell_date,
    cell_text,
    read_sheets,
    read_table,
)

BROKEN = "The file is not an Excel workbook."


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def xlsx(**sheets: list[list[Any]]) -> bytes:
    """A real workbook written by openpyxl, one sheet per keyword, rows as given."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_with(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


def refusal(name: str, data: bytes, **options: Any) -> str:
    with pytest.raises(SpreadsheetRefused) as refused:
        read_table(name, data, **options)
    return str(refused.value)


# --- Excel -------------------------------------------------------------------------------


def test_a_real_workbook_gives_its_first_sheet_with_row_numbers_as_in_the_file() -> None:
    data = xlsx(
        Engagements=[
            [" Reference ", "Due Date", "Women"],
            ["r1", dt.datetime(2026, 3, 1), 12.0],
            [None, None, None],  # a blank row: skipped, but the numbering goes on
            ["r2", "2026-03-02", 3],
        ],
        Other=[["not", "read"]],
    )
    table = read_table("e.xlsx", data, broken=BROKEN)
    assert table.columns == ["reference", "due_date", "women"]
    assert [number for number, _cells in table.rows] == [2, 4]
    records = dict(table.records())
    assert cell_date(records[2]["due_date"]) == dt.date(2026, 3, 1)
    assert cell_date(records[4]["due_date"]) == dt.date(2026, 3, 2)
    assert cell_text(records[2]["women"]) == "12"


def test_a_formula_arrives_as_its_last_value_never_as_the_formula() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["title", "count"])
    sheet.append(["typed", "=1+1"])  # openpyxl stores no computed value for it
    out = io.BytesIO()
    book.save(out)
    [(_number, cells)] = read_table("f.xlsx", out.getvalue()).rows
    assert cells == ["typed", None]


def test_named_sheets_are_read_and_a_missing_one_is_none() -> None:
    data = xlsx(Plans=[["Unit code", "Year"], ["hq", 2026]], Goals=[])
    tables = read_sheets(data, ["Plans", "Goals", "Values"])
    assert tables["Plans"] == Table(columns=["unit_code", "year"], rows=[(2, ["hq", 2026])])
    assert tables["Goals"] == Table(columns=[])
    assert tables["Values"] is None


def test_a_broken_zip_is_one_plain_error_in_the_callers_words() -> None:
    assert refusal("e.xlsx", b"PK\x03\x04garbage", broken=BROKEN) == BROKEN
    assert refusal("e.xlsx", b"not a zip at all", broken=BROKEN) == BROKEN


def test_without_the_callers_words_the_file_safety_check_says_what_is_wrong() -> None:
    with pytest.raises(SpreadsheetRefused, match="damaged and cannot be read"):
        read_sheets(b"PK\x03\x04garbage", ["Plans"])
    with pytest.raises(SpreadsheetRefused, match="not an Office file"):
        read_sheets(b"not a zip at all", ["Plans"])


def test_a_zip_that_openpyxl_cannot_read_is_the_broken_file_sentence() -> None:
    # A clean Office package (passes the safety check) whose workbook part is not one.
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": b"<nothing/>",
    }
    assert refusal("e.xlsx", zip_with(parts), broken=BROKEN) == BROKEN
    assert refusal("e.xlsx", zip_with(parts)) == spreadsheet.unreadable()


def test_macros_and_dde_are_refused() -> None:
    book = zipfile.ZipFile(io.BytesIO(xlsx(Sheet=[["a"], [1]])))
    parts = {info.filename: book.read(info) for info in book.infolist()}
    parts["xl/vbaProject.bin"] = b"\x00macro"
    assert "macros" in refusal("m.xlsx", zip_with(parts), broken=BROKEN)
    assert "DDE" in refusal("d.xlsx", make.xlsx_with_dde_formula(), broken=BROKEN)


def test_zip_bombs_are_refused_before_anything_is_unpacked() -> None:
    tight = zip_with({"[Content_Types].xml": b"<Types/>", "xl/zeros.xml": b"0" * 2_000_000})
    assert refusal("b.xlsx", tight) == "The workbook is packed suspiciously tightly."
    many = zip_with({f"xl/part{i}.xml": b"<x/>" for i in range(spreadsheet.MAX_ZIP_ENTRIES + 1)})
    assert refusal("b.xlsx", many) == "The workbook has too many parts."


def test_too_many_rows_in_a_workbook_sheet_is_refused() -> None:
    rows: list[list[Any]] = [["a"], [1], [2], [3]]
    assert read_sheets(xlsx(S=rows), ["S"], max_rows=3)["S"] == Table(
        columns=["a"], rows=[(2, [1]), (3, [2]), (4, [3])]
    )
    with pytest.raises(SpreadsheetRefused, match="more than 2 rows in a sheet"):
        read_sheets(xlsx(S=rows), ["S"], max_rows=2)


# --- CSV ---------------------------------------------------------------------------------


def test_csv_with_a_byte_order_mark_and_semicolons() -> None:
    data = "\ufeffReference;Amount;Title\nr1;1,5;Møte i Bogotá\n".encode()
    table = read_table("e.csv", data)
    assert table.columns == ["reference", "amount", "title"]
    assert table.rows == [(2, ["r1", "1,5", "Møte i Bogotá"])]


def test_csv_with_commas_keeps_a_quoted_semicolon_in_its_heading() -> None:
    table = read_table("e.csv", b'reference,"a;b"\nr1,2\n')
    assert table.columns == ["reference", "a;b"]
    assert table.rows == [(2, ["r1", "2"])]


def test_csv_that_is_not_utf8_text_is_refused() -> None:
    assert refusal("e.csv", b"\xff\xfe\x00bad") == "The CSV file is not UTF-8 text."
    assert refusal("e.csv", b"a,b\n1,\x00\n") == "The CSV file is not text."


def test_too_many_rows_counts_blank_ones_too() -> None:
    assert len(read_table("e.csv", b"a\n1\n2\n3\n", max_rows=3).rows) == 3
    assert refusal("e.csv", b"a\n1\n2\n3\n4\n", max_rows=3) == "The file has more than 3 rows."
    assert refusal("e.csv", b"a\n1\n\n\n4\n", max_rows=3) == "The file has more than 3 rows."


def test_an_oversized_file_is_refused_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheet, "MAX_BYTES", 10)
    assert read_table("e.csv", b"a,b\n1,2\n34").columns == ["a", "b"]  # exactly 10 bytes
    assert refusal("e.csv", b"a,b\n1,2\n345") == "The file is larger than 5 MB."
    with pytest.raises(SpreadsheetRefused, match="larger than 5 MB"):
        read_sheets(b"PK" + b"x" * 20, ["Plans"])


# --- headings, kinds and cells -----------------------------------------------------------


def test_headings_are_checked_against_the_template() -> None:
    known = {"reference", "title", "date"}
    data = b"Reference,Title,Colour\nr1,t,blue\n"
    assert refusal("e.csv", data, known=known).startswith("Unknown columns: colour.")
    assert refusal("e.csv", data, required=("reference", "date")) == "Missing columns: date."
    assert read_table("e.csv", b"Reference,Title\n", known=known, required=("title",)).rows == []


def test_an_empty_file_or_another_kind_is_refused() -> None:
    assert refusal("e.csv", b"") == "The file is empty."
    assert refusal("e.txt", b"a,b\n") == "Use a .csv or .xlsx file."


def test_cells_as_text_and_dates() -> None:
    assert cell_text(None) == ""
    assert cell_text(" x ") == "x"
    assert cell_text("'=SUM(A1)", restore=True) == "=SUM(A1)"
    assert cell_text("'=SUM(A1)") == "'=SUM(A1)"
    assert cell_text("'quoted", restore=True) == "'quoted"
    assert cell_date(dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)
    assert cell_date(" 2026-01-02 ") == dt.date(2026, 1, 2)
    with pytest.raises(ValueError, match="write it as YYYY-MM-DD"):
        cell_date("02.01.2026")

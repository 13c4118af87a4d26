"""Importing grants from a grant-management system's CSV or Excel export (all or nothing,
idempotent by agreement number) and exporting them (streamed, formula-neutralised)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.civil_society.factories import make_organisation
from tests.grants.factories import make_grant
from tests.personas import Cast, reauthenticated_client
from tests.refusals import every_row
from wpsdesk.grants import importer, tabular
from wpsdesk.grants.models import Grant

pytestmark = pytest.mark.django_db

HEAD = [
    "agreement_number", "title", "unit", "partner", "multilateral_partner", "channel",
    "start_date", "end_date", "country", "priority", "gender_marker", "humanitarian",
    "age_marker", "wps_relevant", "year", "amount", "currency", "nok",
]  # fmt: skip
GOOD = [
    ["COL-26/1", "Peace committees", "test-bogota", "Colombian Women's Network", "", "mission",
     "2026-01-01", "2027-12-31", "CO", "1", "2", "no", "", "yes", "2026", "1000000", "NOK", ""],
    ["COL-26/1", "Peace committees", "test-bogota", "Colombian Women's Network", "", "mission",
     "2026-01-01", "2027-12-31", "CO", "1", "2", "no", "", "yes", "2027", "100000", "USD",
     "1050000"],
    ["COL-26/2", "Shelters", "", "", "UNFPA", "norad",
     "2026-01-01", "2026-12-31", "CO", "3", "1", "yes", "4", "yes", "2026", "500000", "NOK", ""],
]  # fmt: skip


def csv_bytes(rows: list[list[str]], head: list[str] = HEAD) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(head)
    writer.writerows(rows)
    return out.getvalue().encode()


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEAD)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def partner(cast: Cast):
    return make_organisation(cast.bogota, "Colombian Women's Network")


def grant_rows() -> dict[str, list[dict[str, object]]]:
    """Every row of the grants app's tables (the security log records each import)."""
    return {k: v for k, v in every_row("grants").items() if k.startswith("grants.")}


def run(cast: Cast, name: str, data: bytes) -> importer.ImportResult:
    return importer.import_grants(user=cast.officer, default_unit=cast.bogota, name=name, data=data)


def test_a_csv_export_is_imported_and_importing_it_again_changes_nothing(
    cast: Cast, partner
) -> None:
    result = run(cast, "grants.csv", csv_bytes(GOOD))
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    first = Grant.objects.get(agreement_number="COL-26/1")
    assert first.partner == partner
    assert [(a.year, a.currency, a.nok) for a in first.amounts.all()] == [
        (2026, "NOK", Decimal("1000000.00")),
        (2027, "USD", Decimal("1050000.00")),
    ]
    shelters = Grant.objects.get(agreement_number="COL-26/2")
    assert (shelters.unit, shelters.humanitarian, shelters.age_marker) == (cast.bogota, True, 4)
    before = grant_rows()
    again = run(cast, "grants.csv", csv_bytes(GOOD))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert grant_rows() == before


def test_a_changed_row_updates_its_grant_by_agreement_number(cast: Cast, partner) -> None:
    run(cast, "grants.csv", csv_bytes(GOOD))
    changed = [list(r) for r in GOOD]
    changed[2][10] = "2"
    result = run(cast, "grants.csv", csv_bytes(changed))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert Grant.objects.get(agreement_number="COL-26/2").gender_marker == 2


def test_a_real_xlsx_workbook_is_imported(cast: Cast, partner) -> None:
    rows: list[list[object]] = [list(r) for r in GOOD]
    rows[0][14] = 2026  # numbers and dates as Excel keeps them
    rows[0][15] = 1000000
    result = run(cast, "grants.xlsx", xlsx_bytes(rows))
    assert result.errors == []
    assert Grant.objects.count() == 2


def test_broken_rows_change_nothing_and_are_listed_in_plain_words(cast: Cast, partner) -> None:
    make_grant(cast.bogota, "COL-26/2", title="Stored before")
    before = grant_rows()
    broken = [list(r) for r in GOOD]
    broken[0][10] = "5"
    broken[1][1] = "Another title"
    broken[2][6] = "next year"
    result = run(cast, "grants.csv", csv_bytes(broken))
    assert result.errors == [
        "Row 2: gender_marker must be one of 0, 1, 2, not “5”.",
        "Row 4: the date “next year” is not a date; write it as YYYY-MM-DD.",
    ]
    assert grant_rows() == before
    one_bad = [list(r) for r in GOOD]
    one_bad[2][3] = "Unknown Organisation"
    result = run(cast, "grants.csv", csv_bytes(one_bad))
    assert result.errors == [
        "Row 4: the partner “Unknown Organisation” is not on the civil-society map as you may "
        "see it."
    ]
    assert grant_rows() == before


def test_rows_of_one_agreement_must_agree(cast: Cast, partner) -> None:
    rows = [list(r) for r in GOOD]
    rows[1][1] = "Another title"
    result = run(cast, "grants.csv", csv_bytes(rows))
    assert result.errors == ["Row 3: the agreement COL-26/1 has other details than on row 2."]
    assert not Grant.objects.exists()


def test_another_units_grant_cannot_be_overwritten(cast: Cast, partner) -> None:
    make_grant(cast.amman, "COL-26/2", country="JO")
    result = run(cast, "grants.csv", csv_bytes(GOOD))
    assert result.errors == [
        "Row 4: the agreement number COL-26/2 belongs to a grant you may not change."
    ]
    assert Grant.objects.count() == 1


def test_a_file_that_is_not_a_spreadsheet_changes_nothing(cast: Cast) -> None:
    assert run(cast, "grants.xlsx", b"not a zip").errors == ["The file is not an Excel workbook."]
    assert (
        run(cast, "grants.csv", csv_bytes([], head=["name"]))
        .errors[0]
        .startswith("Unknown columns: name.")
    )
    assert not Grant.objects.exists()


def test_the_import_page_lists_the_errors_and_the_template_downloads(
    cast: Cast, as_officer: Client, partner, guidelines: None
) -> None:
    broken = [list(r) for r in GOOD]
    broken[0][9] = "7"
    response = as_officer.post(
        reverse("grants:import"),
        {"file": SimpleUploadedFile("g.csv", csv_bytes(broken), content_type="text/csv")},
    )
    assert response.status_code == 400
    assert "Row 2: priority must be one of 1, 2, 3, not “7”." in response.content.decode()
    template = as_officer.get(reverse("grants:import_template"))
    sheet = load_workbook(io.BytesIO(template.content)).active
    assert [c.value for c in sheet[1]] == tabular.HEADER
    # The template's example row imports as it stands.
    data = template.content
    result = importer.import_grants(
        user=cast.officer, default_unit=cast.bogota, name="t.xlsx", data=data
    )
    assert result.errors == [] and result.created == 1


def test_the_export_streams_neutralised_rows_that_import_again(
    cast: Cast, as_officer: Client, partner
) -> None:
    run(cast, "grants.csv", csv_bytes(GOOD))
    Grant.objects.filter(agreement_number="COL-26/2").update(title="=HYPERLINK(1)")
    reauthenticated_client(cast.officer, as_officer)
    response = as_officer.get(reverse("grants:export", args=["csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == tabular.EXPORT_HEADER
    assert len(rows) == 4  # two amounts of one grant, one of the other
    assert "'=HYPERLINK(1)" in body
    Grant.objects.filter(agreement_number="COL-26/2").update(title="Shelters")
    again = importer.import_grants(
        user=cast.officer,
        default_unit=cast.bogota,
        name="export.csv",
        data=body.replace("'=HYPERLINK(1)", "Shelters").encode(),
    )
    assert again.errors == [] and (again.created, again.updated) == (0, 0)

"""Findings downloads: CSV, Excel and JSON, formula-safe, logged, after re-authentication."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]

from tests.personas import Cast, reauthenticated_client, verified_client
from tests.screening import docs
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.screening import exports, services
from wpsdesk.screening.models import ScreenedDocument, Source, Status

pytestmark = pytest.mark.django_db

# A provision whose sentence starts like a spreadsheet formula: the export must not run it.
FORMULA = '=HYPERLINK("http://example.invalid/x","Women shall participate in the commission.")'
HOSTILE = docs.AGREEMENT + "\nArticle 9\n\n" + FORMULA + "\n"


def screened(cast: Cast, text: str = docs.AGREEMENT) -> ScreenedDocument:
    return services.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="Agreement",
        classification="internal",
        text=text,
    )


def url(document: ScreenedDocument, fmt: str) -> str:
    return reverse("screening:export", kwargs={"pk": document.pk, "fmt": fmt})


def test_csv_has_one_row_per_finding_in_the_documented_columns(cast: Cast) -> None:
    document = screened(cast)
    response = reauthenticated_client(cast.reader).get(url(document, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="findings-{document.pk}-'
        f"{response['Content-Disposition'].split('-', 2)[2]}"
    )
    assert response["Content-Disposition"].endswith('.csv"')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == [
        "Provision",
        "Page",
        "Theme",
        "Theme label",
        "Weight",
        "Matched text",
        "Sentence",
        "Reason",
        "Term",
        "Language",
    ]
    findings = document.result_data()["findings"]
    assert len(rows) == 1 + len(findings)
    rape = next(row for row in rows[1:] if row[5].lower() == "rape")
    finding = next(f for f in findings if f["text"].lower() == "rape")
    assert rape[0] == finding["provision"] and rape[0].startswith("Article 2")
    assert rape[1] == str(finding["page"])
    assert rape[2] == finding["theme"] and rape[3] == exports.theme_labels()[finding["theme"]]
    assert rape[4] == finding["weight"] == "substantive"
    assert "rape" in rape[6] and rape[7] and rape[8] == finding["term"] and rape[9] == "en"
    event = SecurityEvent.objects.get(kind="screening.exported")
    assert event.actor == cast.reader
    assert event.details == {"format": "csv", "rows": len(findings)}


def test_excel_cells_hold_the_findings_and_never_a_formula(cast: Cast) -> None:
    document = screened(cast, HOSTILE)
    response = reauthenticated_client(cast.officer).get(url(document, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows: list[tuple[Any, ...]] = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("Provision", "Page", "Theme", "Theme label", "Weight", "Matched text")
    assert len(rows) == 1 + len(document.result_data()["findings"])
    hostile = [row for row in rows[1:] if row[0] and row[0].startswith("Article 9")]
    assert hostile, "the hostile provision has findings"
    assert all(row[6].startswith("'=HYPERLINK") for row in hostile)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
            assert not (isinstance(cell.value, str) and cell.value.startswith("="))
    pages = {row[1] for row in rows[1:]}
    assert pages == {1}  # numbers stay numbers


def test_csv_neutralises_formula_text_too(cast: Cast) -> None:
    document = screened(cast, HOSTILE)
    text = reauthenticated_client(cast.officer).get(url(document, "csv")).content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text[1:])))
    sentences = [row[6] for row in rows[1:] if row[0].startswith("Article 9")]
    assert sentences and all(s.startswith("'=HYPERLINK") for s in sentences)
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_json_holds_the_rows_and_the_whole_result(cast: Cast) -> None:
    document = screened(cast)
    response = reauthenticated_client(cast.officer).get(url(document, "json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = json.loads(response.content)
    assert body["document"]["id"] == document.pk
    assert body["document"]["unit"] == "test-bogota"
    assert body["result"] == document.result_data()
    assert len(body["findings"]) == len(body["result"]["findings"])
    assert list(body["findings"][0]) == list(exports.COLUMNS)


def test_theme_labels_follow_the_language(cast: Cast) -> None:
    english = exports.theme_labels()
    with translation.override("nb"):
        bokmal = exports.theme_labels()
    assert set(english) == set(bokmal)
    assert any(english[key] != bokmal[key] for key in english)


def test_without_a_recent_code_the_person_is_asked_for_one(cast: Cast) -> None:
    document = screened(cast)
    response = verified_client(cast.officer).get(url(document, "xlsx"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert f"next=%2Fscreening%2F{document.pk}%2Ffindings.xlsx" in response["Location"]
    assert not SecurityEvent.objects.filter(kind="screening.exported").exists()


def test_what_one_may_not_read_or_what_is_not_screened_is_404(cast: Cast) -> None:
    document = screened(cast)
    assert reauthenticated_client(cast.outsider).get(url(document, "csv")).status_code == 404
    assert reauthenticated_client(cast.auditor).get(url(document, "csv")).status_code == 404
    officer = reauthenticated_client(cast.officer)
    assert officer.get(url(document, "pdf")).status_code == 404
    assert officer.get(f"/screening/{document.pk}/findings.").status_code == 404
    for status in (Status.QUEUED, Status.RUNNING, Status.FAILED):
        waiting = ScreenedDocument.objects.create(
            unit=cast.bogota, title="Waiting", source=Source.PASTE, status=status
        )
        assert officer.get(url(waiting, "csv")).status_code == 404
    assert officer.post(url(document, "csv")).status_code == 405
    assert not SecurityEvent.objects.filter(kind="screening.exported").exists()


def test_a_restricted_document_is_exported_to_the_cleared_only(cast: Cast) -> None:
    document = services.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="Restricted draft",
        classification="restricted",
        text=docs.AGREEMENT,
    )
    assert reauthenticated_client(cast.reader).get(url(document, "csv")).status_code == 404
    assert reauthenticated_client(cast.coordinator).get(url(document, "csv")).status_code == 404
    assert reauthenticated_client(cast.lead).get(url(document, "csv")).status_code == 200
    assert SecurityEvent.objects.filter(kind="restricted.read", actor=cast.lead).exists()


def test_the_export_costs_a_fixed_number_of_queries(
    cast: Cast, django_assert_num_queries: Any
) -> None:
    document = screened(cast)
    client = reauthenticated_client(cast.officer)
    client.get(url(document, "csv"))  # content types cached, as in a running server
    with django_assert_num_queries(QUERIES_EXPORT):
        assert client.get(url(document, "csv")).status_code == 200


# Session, person, second factor, unit roles, the document with its unit, and the
# security log entry in its savepoint (the chain's head, read, written, the entry itself).
QUERIES_EXPORT = 10

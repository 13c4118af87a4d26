"""The findings of one screened document as rows: for CSV, Excel and JSON downloads.

One row per finding, in the order of the text. Spreadsheet cells go through
:mod:`wpsdesk.core.tabular`, which neutralises anything a spreadsheet would run as a
formula: the matched text and the sentence are quoted from an untrusted document.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wpsdesk.core import tabular
from wpsdesk.screening.engine import load_taxonomy

from .models import ScreenedDocument

FORMATS = ("csv", "xlsx", "json")

# (key in the engine's finding, or a name of our own) in the order of the columns.
COLUMNS = (
    "provision",
    "page",
    "theme",
    "theme_label",
    "weight",
    "text",
    "sentence",
    "reason",
    "term",
    "language",
)


def _language() -> str:
    return "nb" if (get_language() or "").lower().startswith("nb") else "en"


def theme_labels() -> dict[str, str]:
    """Theme id → label in the active language (bokmål when it is active, else English)."""
    lang = _language()
    return {
        theme.id: theme.label.get(lang) or theme.label.get("en") or theme.id
        for theme in load_taxonomy().themes
    }


def header() -> list[str]:
    """The column headings, in the active language."""
    return [
        _("Provision"),
        _("Page"),
        _("Theme"),
        _("Theme label"),
        _("Weight"),
        _("Matched text"),
        _("Sentence"),
        _("Reason"),
        _("Term"),
        _("Language"),
    ]


def finding_records(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The findings of an engine result, each with its theme's label, in column order."""
    labels = theme_labels()
    records = []
    for finding in result.get("findings") or []:
        record = {key: finding.get(key, "") for key in COLUMNS if key != "theme_label"}
        record["theme_label"] = labels.get(finding.get("theme", ""), finding.get("theme", ""))
        records.append({key: record[key] for key in COLUMNS})
    return records


def finding_rows(result: dict[str, Any]) -> list[Sequence[Any]]:
    """The findings as spreadsheet rows (see :data:`COLUMNS`)."""
    return [[record[key] for key in COLUMNS] for record in finding_records(result)]


def findings_file(document: ScreenedDocument, fmt: str) -> tuple[bytes, str, int]:
    """The document's findings as ``fmt`` (csv, xlsx or json): body, media type, row count."""
    result = document.result_data()
    if fmt == "json":
        records = finding_records(result)
        body = {
            "document": {
                "id": document.pk,
                "title": document.title,
                "unit": document.unit.code,
                "classification": document.classification,
                "document_type": document.detected_type,
                "screened_at": document.screened_at.isoformat() if document.screened_at else None,
            },
            "findings": records,
            "result": result,
        }
        data = json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")
        return data, "application/json; charset=utf-8", len(records)
    rows = finding_rows(result)
    if fmt == "xlsx":
        return tabular.xlsx_bytes(header(), rows, title=_("Findings")), tabular.XLSX_TYPE, len(rows)
    if fmt == "csv":
        return tabular.csv_bytes(header(), rows), tabular.CSV_TYPE, len(rows)
    raise ValueError(f"unknown export format {fmt!r}")

"""Exports: JSON that loads back into the same tree, a safe CSV, a readable Markdown document."""

from __future__ import annotations

import csv
import io
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from wpsdesk.catalogue.datafile import parse_data, read_data_file
from wpsdesk.catalogue.exports import edition_data, export_csv, export_json, neutralise_formula
from wpsdesk.catalogue.models import Edition, Item, ItemLink
from wpsdesk.catalogue.services import catalogue_load


def run_export(fmt: str, *args: str) -> str:
    out = StringIO()
    call_command("catalogue", "export", "--format", fmt, *args, stdout=out)
    return out.getvalue()


def strip_empty(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The data file's items with defaults filled in, as the export writes them."""
    return [
        {
            "code": item["code"],
            "kind": item["kind"],
            "title": item.get("title", ""),
            "text": item["text"],
            "related": item.get("related", []),
            "added": item.get("added", False),
            "children": strip_empty(item.get("children") or []),
        }
        for item in items
    ]


def test_the_json_export_is_the_whole_tree_of_the_data_file(
    guidelines: Edition, guidelines_data: dict[str, Any]
) -> None:
    exported = json.loads(run_export("json"))
    assert exported["catalogue"] == "no-mfa-wps-guidelines"
    assert exported["edition"] == "2023–2030"
    assert exported["items"] == strip_empty(guidelines_data["items"])


def test_json_exported_and_loaded_back_gives_the_same_tree(
    guidelines: Edition, tmp_path: Path
) -> None:
    first = run_export("json")
    copy = json.loads(first)
    copy["edition"] = "copy"
    path = tmp_path / "copy.json"
    path.write_text(json.dumps(copy, ensure_ascii=False), encoding="utf-8")

    call_command("catalogue", "load", "--file", str(path), "--not-current", stdout=StringIO())

    assert Edition.objects.get(name="copy").items.count() == guidelines.items.count()
    again = json.loads(run_export("json", "--edition", "copy"))
    assert again == copy


def test_json_exported_and_loaded_again_changes_nothing(guidelines: Edition) -> None:
    report = catalogue_load(spec=parse_data(json.loads(run_export("json"))))
    assert not report.changed


def test_a_json_export_is_a_data_file_the_loader_reads(guidelines: Edition, tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(run_export("json"), encoding="utf-8")
    assert len(read_data_file(path).items) == Item.objects.count()


def test_the_json_export_leaves_retired_items_and_their_links_out(guidelines: Edition) -> None:
    Item.objects.filter(code="FN.9").update(retired_at="2025-01-01T00:00:00Z")
    codes = json.dumps(edition_data(guidelines))
    assert '"FN.9"' not in codes


def test_the_csv_export_has_one_row_per_item_with_parent_and_related_codes(
    guidelines: Edition,
) -> None:
    rows = list(csv.DictReader(io.StringIO(run_export("csv"))))
    assert len(rows) == Item.objects.count()
    by_code = {row["code"]: row for row in rows}
    assert by_code["P1.C.5.a"]["parent"] == "P1.C.5"
    assert by_code["P1.C.5"]["related"] == "SCR.1325 SCR.2122 SCR.2493"
    assert by_code["SCR.2467"]["added"] == "yes"
    assert [row["code"] for row in rows][:2] == ["INTRO", "INTRO.1"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_gets_an_apostrophe(start: str) -> None:
    assert neutralise_formula(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"
    assert neutralise_formula("plain – text") == "plain – text"


def test_the_csv_export_neutralises_formulas_in_item_texts(guidelines: Edition) -> None:
    Item.objects.filter(code="CL.8").update(text='=HYPERLINK("http://evil.example")')
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(export_csv(guidelines)))}
    assert rows["CL.8"]["text"] == '\'=HYPERLINK("http://evil.example")'


def test_the_markdown_export_reads_as_a_document(guidelines: Edition) -> None:
    text = run_export("md")
    assert text.startswith(f"# {guidelines.title}\n")
    assert "## Peace processes and implementation of peace agreements `P1`" in text
    assert "### The Norwegian Network of Women Mediators `P1.BOX.MEDIATORS`" in text
    assert "- `P1.C.5.a` emphasising the importance" in text
    assert "**SCR 2467 (2019)**" in text and "_(added: not in the document)_" in text


def test_exporting_without_a_catalogue_says_how_to_load_one(db: None) -> None:
    with pytest.raises(CommandError, match="wpsdesk catalogue load"):
        run_export("json")


def test_exporting_runs_two_queries(guidelines: Edition, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(2):
        export_json(guidelines)
    assert ItemLink.objects.exists()

"""``wpsdesk report annual``: Word, PDF and HTML files that open, for a person or for HQ."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command

from tests.personas import Cast
from tests.planning.factories import YEAR
from tests.reports.factories import RESTRICTED_GOAL, year_of_work
from wpsdesk.audit.models import SecurityEvent

pytestmark = pytest.mark.usefixtures("guidelines")


def headings(path: Path) -> list[str]:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def test_a_units_report_as_word_has_the_priorities_and_the_three_parts(
    cast: Cast, tmp_path: Path
) -> None:
    year_of_work(cast)
    out = tmp_path / "bogota.docx"
    call_command(
        "report",
        "annual",
        "--year",
        str(YEAR),
        "--unit",
        "test-bogota",
        "--format",
        "docx",
        "--output",
        str(out),
        "--as",
        "lead",
    )
    found = headings(out)
    assert any(h.startswith("Thematic priority 1") for h in found)
    assert any(h.startswith("Thematic priority 2") for h in found)
    for part in ("Efforts", "Results", "Problems"):
        assert part in found
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    tables = "\n".join(
        cell.text for t in docx.Document(str(out)).tables for row in t.rows for cell in row.cells
    )
    assert RESTRICTED_GOAL in text + tables  # the cleared lead reads it
    assert SecurityEvent.objects.filter(kind="reports.written").count() == 1


def test_without_as_it_writes_what_goes_to_hq(cast: Cast, tmp_path: Path) -> None:
    year_of_work(cast)
    out = tmp_path / "bogota.html"
    call_command(
        "report",
        "annual",
        "--year",
        str(YEAR),
        "--unit",
        "test-bogota",
        "--format",
        "html",
        "--output",
        str(out),
    )
    html = out.read_text(encoding="utf-8")
    assert RESTRICTED_GOAL not in html
    assert "More women in the local peace talks" in html


def test_the_service_wide_report_in_bokmal(cast: Cast, tmp_path: Path) -> None:
    out = tmp_path / "service.docx"
    call_command(
        "report",
        "annual",
        "--year",
        str(YEAR),
        "--format",
        "docx",
        "--language",
        "nb",
        "--output",
        str(out),
        "--as",
        "coordinator",
    )
    found = headings(out)
    assert "Rapporterende enheter" in found
    assert "Innsats" in found and "Resultater" in found and "Problemer" in found


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_a_pdf_that_pdftotext_reads(cast: Cast, tmp_path: Path) -> None:
    year_of_work(cast)
    out = tmp_path / "bogota.pdf"
    try:
        call_command(
            "report",
            "annual",
            "--year",
            str(YEAR),
            "--unit",
            "test-bogota",
            "--format",
            "pdf",
            "--output",
            str(out),
            "--as",
            "lead",
        )
    except AttributeError:
        pytest.skip("the PDF renderer is not there yet")
    text = subprocess.run(
        ["pdftotext", str(out), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Thematic priority 1" in text
    assert "Efforts" in text and "Results" in text and "Problems" in text


def test_the_command_refuses_who_may_not_read(cast: Cast, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="may not read"):
        call_command(
            "report",
            "annual",
            "--year",
            str(YEAR),
            "--unit",
            "test-bogota",
            "--output",
            str(tmp_path / "x.docx"),
            "--as",
            "outsider",
        )
    assert not (tmp_path / "x.docx").exists()
    call_command(
        "report",
        "annual",
        "--year",
        str(YEAR),
        "--unit",
        "test-bogota",
        "--output",
        str(tmp_path / "y.docx"),
        "--as",
        "reader",
    )
    assert (tmp_path / "y.docx").exists()

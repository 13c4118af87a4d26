"""``wpsdesk screen`` end to end: real files in every format, broken files, drafts, passages."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parents[2]


def screen(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "WPSDESK_DEV": "1", "DJANGO_SETTINGS_MODULE": "wpsdesk.settings"}
    return subprocess.run(
        [sys.executable, "-m", "wpsdesk", "screen", *args],
        input=stdin,
        capture_output=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )


def run(*args: str) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("screen", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return out.getvalue(), err.getvalue(), int(exc.code or 0)
    return out.getvalue(), err.getvalue(), 0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("agreement.txt", "sexual violence"),
        ("agreement.pdf", "women"),
        ("agreement.docx", "Widows"),
        ("points.html", "women"),
        ("latin1.txt", "femmes"),
    ],
)
def test_each_format_is_screened_end_to_end(
    files: dict[str, Path], name: str, expected: str
) -> None:
    out, err, code = run(str(files[name]), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert expected in {f["text"] for f in data["findings"]}
    assert all(
        {"theme", "start", "end", "page", "provision", "weight"} <= set(f) for f in data["findings"]
    )


def test_non_utf8_text_is_read_with_a_warning(files: dict[str, Path]) -> None:
    out, _err, _code = run(str(files["latin1.txt"]), "--format", "json")
    assert "Windows-1252" in json.loads(out)["document"]["warnings"][0]


def test_word_numbering_becomes_provision_ids(files: dict[str, Path]) -> None:
    data = json.loads(run(str(files["agreement.docx"]), "--format", "json")[0])
    assert {f["provision"] for f in data["findings"]} == {"1", "2"}


def test_script_content_of_html_is_not_screened(files: dict[str, Path]) -> None:
    data = json.loads(run(str(files["points.html"]), "--format", "json")[0])
    assert data["document_type"] == "speaking_points"
    assert all("alert" not in f["sentence"] for f in data["findings"])


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("truncated.pdf", "damaged"),
        ("encrypted.pdf", "password"),
        ("script.pdf", "JavaScript"),
        ("scan.pdf", "no text layer"),
        ("bomb.docx", "zip bomb"),
        ("macro.docx", "macros"),
        ("binary.txt", "binary"),
    ],
)
def test_broken_files_get_one_plain_line_and_exit_2(
    files: dict[str, Path], name: str, message: str
) -> None:
    out, err, code = run(str(files[name]))
    assert code == 2
    assert out == ""
    assert message in err and err.count("\n") <= 1


def test_a_missing_file_is_a_plain_message() -> None:
    _out, err, code = run("/no/such/file.pdf")
    assert code == 2 and "Cannot read /no/such/file.pdf" in err


def test_text_and_html_reports(files: dict[str, Path]) -> None:
    text = run(str(files["agreement.txt"]))[0]
    assert "Gap list" in text and "Strongest provisions" in text
    page = run(str(files["agreement.txt"]), "--format", "html")[0]
    assert page.startswith("<!doctype html>") and "<mark" in page and "<script" not in page


def test_compare_shows_wps_language_added_removed_and_changed(files: dict[str, Path]) -> None:
    out = run(
        "--compare", str(files["agreement.txt"]), str(files["draft2.txt"]), "--format", "json"
    )[0]
    data = json.loads(out)
    statuses = {(c["status"], c["new_id"] or c["old_id"]) for c in data["changes"]}
    assert ("added", "Article 4") in statuses
    assert ("changed", "Article 2") in statuses
    assert ("changed", "Article 1 › 1.1") in statuses
    text = run("--compare", str(files["agreement.txt"]), str(files["draft2.txt"]))[0]
    assert "[-thirty-]{+forty+}" in text


def test_passages_batch_writes_id_label_score_themes(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    with source.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text"])
        writer.writerow(
            ["p1", "The Parties shall ensure the participation of women in the commission."]
        )
        writer.writerow(["p2", "The ceasefire shall enter into force at midnight."])
        writer.writerow(
            [
                "p3",
                "No one shall be discriminated against on grounds of race, colour, sex or "
                "religion.",
            ]
        )
    out, _err, code = run("--passages", str(source))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["label"] for r in rows] == ["1", "0", "1"]
    assert rows[0]["themes"] == "participation"
    assert "equality" in rows[2]["themes"].split(";")


def test_passages_without_the_columns_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("name,body\nx,y\n", encoding="utf-8")
    _out, err, code = run("--passages", str(source))
    assert code == 2 and "id and text" in err


def test_the_real_command_reads_stdin_and_touches_no_database(tmp_path: Path) -> None:
    done = screen("-", "--format", "json", stdin=b"Women shall take part in the talks.")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["findings"][0]["text"] == "Women"
    bad = screen(str(tmp_path / "missing.txt"))
    assert bad.returncode == 2 and bad.stderr.decode().count("\n") <= 1

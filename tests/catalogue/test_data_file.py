"""Checks of the WPS guidelines data file against its source text (no Django needed)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from wpsdesk.catalogue.sentences import (
    clean_reference_text,
    extract_footnotes,
    missing_sentences,
    normalise_whitespace,
    reference_sentences,
)

DATA_DIR = Path(__file__).resolve().parents[2] / "wpsdesk" / "catalogue" / "data"
DATA_FILE = DATA_DIR / "wps-guidelines-2023-2030.yaml"
SOURCE_FILE = DATA_DIR / "wps-guidelines-2023-2030.source.txt"
SOURCE_SHA256 = "729eaed7e26cf4f269854dded9144ccd3f5c4f97a1f89a6fffe89126cc6dfab1"

ALLOWED_KINDS = {
    "thematic_priority",
    "section",
    "section_text",
    "action_point",
    "commitment",
    "sub_point",
    "question",
    "box",
    "checklist_item",
    "resolution",
    "resource_group",
    "resource",
    "footnote",
    "definition",
}
ITEM_KEYS = {"code", "kind", "title", "text", "related", "added", "children"}
CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*(\.[A-Za-z0-9]+)*$")

PRIORITY_COUNTRIES = [
    "Afghanistan",
    "Colombia",
    "Iraq",
    "Jordan",
    "Mali",
    "Mozambique",
    "Myanmar",
    "Nigeria",
    "Palestine",
    "the Philippines",
    "Somalia",
    "South Africa",
    "South Sudan",
    "Sudan",
    "Syria",
    "Ukraine",
    "Venezuela",
    "Yemen",
]
PRIORITY_FORUMS = [
    "NATO",
    "the Organization for Security and Co-operation in Europe (OSCE)",
    "the EU",
    "the Council of Europe",
    "the African Union",
    "the Association of Southeast Asian Nations (ASEAN)",
    "the UN",
]
ADDED_RESOLUTIONS = {"SCR.2467": "SCR 2467 (2019)", "SCR.2493": "SCR 2493 (2019)"}
BOXES = {
    "P1.BOX.ANALYSIS": "Gender-sensitive conflict analyses, including actor analyses",
    "P1.BOX.MEDIATORS": "The Norwegian Network of Women Mediators",
    "P1.BOX.REPRESENT": "No one represents everyone",
    "P2.BOX.SGREPORT": "The UN Secretary-General’s annual report to the Security Council",
    "P2.BOX.EXTREMISM": "Women, gender and violent extremism",
}
DEFINITIONS = {"FN.4", "FN.5", "FN.8"}


@pytest.fixture(scope="module")
def raw() -> str:
    return SOURCE_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    assert isinstance(loaded, dict)
    return loaded


def walk(
    items: list[dict[str, Any]], parent: dict[str, Any] | None = None
) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Yield ``(item, parent)`` pairs in document (pre-)order."""
    for item in items:
        yield item, parent
        yield from walk(item.get("children") or [], item)


@pytest.fixture(scope="module")
def pairs(data: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    return list(walk(data["items"]))


@pytest.fixture(scope="module")
def by_code(
    pairs: list[tuple[dict[str, Any], dict[str, Any] | None]],
) -> dict[str, dict[str, Any]]:
    return {item["code"]: item for item, _ in pairs}


# --- the sentence helpers ---------------------------------------------------------------


def test_broken_lines_are_joined(raw: str) -> None:
    joined = (
        "promote inclusive peace processes and work systematically to encourage more women "
        "to take part in peace processes, dialogue initiatives and work on de-escalation and "
        "ceasefire agreements, both at grassroots level and in formal processes;"
    )
    assert joined in reference_sentences(raw)


def test_sub_list_lead_ins_are_not_joined(raw: str) -> None:
    lines = clean_reference_text(raw).split("\n")
    lead_in = (
        "Advance women’s influence in early dialogue initiatives, negotiations and "
        "decision-making processes by"
    )
    assert lead_in in lines
    assert lines[lines.index(lead_in) + 1].startswith("emphasising the importance")


def test_footnotes_are_separated_from_the_body(raw: str) -> None:
    body = clean_reference_text(raw)
    assert "footnoteRef" not in body
    assert "[1:" not in body
    assert "Women, Peace and Security sets out the government’s policy" in body
    footnotes = extract_footnotes(raw)
    assert list(footnotes) == list(range(1, 10))
    assert footnotes[7] == "Norway — Nordic Women Mediators"
    assert "Norway — Nordic Women Mediators" in reference_sentences(raw)


def test_missing_sentences_reports_what_is_absent() -> None:
    raw = "Heading\r\nFirst sentence. Second  sentence.[footnoteRef:1] [1: \tA note.]\r\n"
    assert missing_sentences(raw, ["Heading", "First sentence. Second sentence."]) == ["A note."]
    assert missing_sentences(raw, ["Heading First sentence.", "A note."]) == ["Second sentence."]


# --- provenance and header --------------------------------------------------------------


def test_source_copy_is_the_pinned_reference_text() -> None:
    assert hashlib.sha256(SOURCE_FILE.read_bytes()).hexdigest() == SOURCE_SHA256


def test_header(data: dict[str, Any]) -> None:
    assert data["catalogue"] == "no-mfa-wps-guidelines"
    assert data["edition"] == "2023–2030"
    assert data["language"] == "en"
    assert data["title"] == (
        "Women, Peace and Security — Guidelines for the Norwegian Foreign Service (2023–2030)"
    )
    assert data["source"]
    assert isinstance(data["items"], list)
    assert data["items"]


# --- items ------------------------------------------------------------------------------


def test_items_are_well_formed(pairs: list[tuple[dict[str, Any], dict[str, Any] | None]]) -> None:
    for item, _ in pairs:
        assert set(item) <= ITEM_KEYS, item["code"]
        assert CODE_RE.match(item["code"]), item["code"]
        assert isinstance(item["text"], str), item["code"]
        assert isinstance(item.get("title", ""), str), item["code"]
        assert item["text"] or item.get("title") or item.get("children"), item["code"]
        for value in (item["text"], item.get("title", "")):
            assert value == normalise_whitespace(value), item["code"]
            assert "footnoteRef" not in value, item["code"]
        assert item.get("added", False) in (True, False), item["code"]
        if "children" in item:
            assert isinstance(item["children"], list), item["code"]
            assert item["children"], item["code"]


def test_codes_are_unique(pairs: list[tuple[dict[str, Any], dict[str, Any] | None]]) -> None:
    codes = [item["code"] for item, _ in pairs]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    assert duplicates == []


def test_kinds_are_allowed(pairs: list[tuple[dict[str, Any], dict[str, Any] | None]]) -> None:
    unknown = sorted({item["kind"] for item, _ in pairs} - ALLOWED_KINDS)
    assert unknown == []


def test_nested_codes_extend_their_parent_code(
    pairs: list[tuple[dict[str, Any], dict[str, Any] | None]],
    by_code: dict[str, dict[str, Any]],
) -> None:
    for item, parent in pairs:
        if parent is None:
            continue
        assert parent["code"] in by_code
        assert item["code"].startswith(parent["code"] + "."), item["code"]


def test_related_codes_exist(
    pairs: list[tuple[dict[str, Any], dict[str, Any] | None]],
    by_code: dict[str, dict[str, Any]],
) -> None:
    for item, _ in pairs:
        related = item.get("related", [])
        assert isinstance(related, list), item["code"]
        assert len(related) == len(set(related)), item["code"]
        assert item["code"] not in related, item["code"]
        dangling = [code for code in related if code not in by_code]
        assert dangling == [], item["code"]


def test_kinds_sit_under_the_right_parents(
    pairs: list[tuple[dict[str, Any], dict[str, Any] | None]],
) -> None:
    allowed_parents = {
        "thematic_priority": {None},
        "action_point": {"thematic_priority", "section"},
        "commitment": {"thematic_priority"},
        "sub_point": {"action_point", "commitment", "checklist_item"},
        "question": {"box", "checklist_item"},
        "checklist_item": {"section"},
        "resolution": {"section"},
        "resource_group": {"section"},
        "resource": {"resource_group"},
        "footnote": {None},
        "definition": {None},
    }
    for item, parent in pairs:
        if item["kind"] in allowed_parents:
            parent_kind = parent["kind"] if parent else None
            assert parent_kind in allowed_parents[item["kind"]], item["code"]


def test_order_follows_the_document(
    raw: str, pairs: list[tuple[dict[str, Any], dict[str, Any] | None]]
) -> None:
    """Titles and texts of the body items appear in the source in list order."""
    body = clean_reference_text(raw).replace("\n", " ")
    position = 0
    for item, _ in pairs:
        if item.get("added") or item["kind"] in {"footnote", "definition"}:
            continue
        for value in (item.get("title", ""), item["text"]):
            if not value:
                continue
            found = body.find(value, position)
            assert found >= 0, f"{item['code']} is out of order or not in the source: {value!r}"
            position = found + len(value)


def test_each_source_line_is_exactly_one_title_or_text(
    raw: str, data: dict[str, Any], pairs: list[tuple[dict[str, Any], dict[str, Any] | None]]
) -> None:
    """Stricter than the sentence check: it also catches a line repeated inside another."""
    lines = clean_reference_text(raw).split("\n")
    title_lines, body_lines = lines[:2], lines[2:]
    assert " — ".join(title_lines) == data["title"]
    values = [
        value
        for item, _ in pairs
        if not item.get("added") and item["kind"] not in {"footnote", "definition"}
        for value in (item.get("title", ""), item["text"])
        if value
    ]
    assert values == body_lines


def test_thematic_priorities(by_code: dict[str, dict[str, Any]]) -> None:
    assert by_code["P1"]["title"] == "Peace processes and implementation of peace agreements"
    assert by_code["P2"]["title"] == "Security policy and operations"
    assert by_code["P3"]["title"] == (
        "Humanitarian efforts, protection of civilians and protection of human rights"
    )
    for code in ("P1", "P2", "P3"):
        assert by_code[code]["kind"] == "thematic_priority"


def test_boxes(pairs: list[tuple[dict[str, Any], dict[str, Any] | None]]) -> None:
    boxes = {item["code"]: item["title"] for item, _ in pairs if item["kind"] == "box"}
    assert boxes == BOXES


def test_general_mfa_action_points(by_code: dict[str, dict[str, Any]]) -> None:
    for number in range(1, 5):
        assert by_code[f"INTRO.MFA.{number}"]["kind"] == "action_point"
    assert "INTRO.MFA.5" not in by_code


def test_every_resolution_is_listed(raw: str, by_code: dict[str, dict[str, Any]]) -> None:
    lines = clean_reference_text(raw).split("\n")
    table = [
        (index, match)
        for index, line in enumerate(lines)
        if (match := re.fullmatch(r"SCR (\d{4}) \((\d{4})\)", line))
    ]
    assert len(table) == 8
    for index, match in table:
        item = by_code[f"SCR.{match.group(1)}"]
        assert item["kind"] == "resolution"
        assert item["title"] == lines[index]
        assert item["text"] == lines[index + 1]
        assert not item.get("added", False)
    mentioned = set(re.findall(r"Resolution (\d{4})", raw))
    assert mentioned <= {match.group(1) for _, match in table}
    for code, title in ADDED_RESOLUTIONS.items():
        item = by_code[code]
        assert item["kind"] == "resolution"
        assert item["title"] == title
        assert item["added"] is True
        assert item["text"]


def test_only_the_extra_resolutions_are_added(
    pairs: list[tuple[dict[str, Any], dict[str, Any] | None]],
) -> None:
    added = {item["code"] for item, _ in pairs if item.get("added")}
    assert added == set(ADDED_RESOLUTIONS)


def test_footnotes(raw: str, data: dict[str, Any], by_code: dict[str, dict[str, Any]]) -> None:
    footnotes = extract_footnotes(raw)
    top_level = [item for item in data["items"] if item["code"].startswith("FN.")]
    assert [item["code"] for item in top_level] == [f"FN.{n}" for n in footnotes]
    for number, text in footnotes.items():
        item = by_code[f"FN.{number}"]
        assert item["text"] == text
        expected_kind = "definition" if item["code"] in DEFINITIONS else "footnote"
        assert item["kind"] == expected_kind, item["code"]


def test_items_citing_a_footnote_relate_to_it(
    raw: str, pairs: list[tuple[dict[str, Any], dict[str, Any] | None]]
) -> None:
    body_items = [item for item, _ in pairs if item["kind"] not in {"footnote", "definition"}]
    for raw_line in raw.splitlines():
        numbers = re.findall(r"\[footnoteRef:(\d+)\]", raw_line)
        if not numbers:
            continue
        cited = clean_reference_text(raw_line)
        citing = [item for item in body_items if cited in item["text"]]
        assert citing, cited
        citing_item = min(citing, key=lambda item: len(item["text"]))
        for number in numbers:
            assert f"FN.{number}" in citing_item.get("related", []), citing_item["code"]


def test_priority_countries_and_forums(by_code: dict[str, dict[str, Any]]) -> None:
    text = by_code["FN.2"]["text"]
    countries = re.search(r"the list was as follows: (.+?)\.", text)
    assert countries
    assert re.split(r", | and ", countries.group(1)) == PRIORITY_COUNTRIES
    assert len(PRIORITY_COUNTRIES) == 18
    forums = re.search(r"These include (.+)\.$", text)
    assert forums
    assert re.split(r", | and (?=the )", forums.group(1)) == PRIORITY_FORUMS
    assert len(PRIORITY_FORUMS) == 7
    assert "INTRO.3" in by_code["FN.2"].get("related", [])


def test_nothing_of_the_document_is_missing(
    raw: str,
    data: dict[str, Any],
    pairs: list[tuple[dict[str, Any], dict[str, Any] | None]],
) -> None:
    texts = [data["title"]]
    for item, _ in pairs:
        texts.append(item["text"])
        texts.append(item.get("title", ""))
    missing = missing_sentences(raw, texts)
    for sentence in missing:
        print("MISSING:", sentence)
    assert missing == []

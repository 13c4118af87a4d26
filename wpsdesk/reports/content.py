"""Building blocks of a report's content (the shared schema, ``docs/reports.md``).

Content is one plain JSON-serialisable dict; every renderer takes it as it is. These
helpers only make the dicts, so that assembly reads as what it says.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

SCHEMA = 1

Block = dict[str, Any]
Section = dict[str, Any]
Cell = str | int | float | None

#: The small-cell rule: a count below this is never shown outside its unit.
SMALL_CELL = 5


def section(
    id: str,
    heading: str,
    level: int = 1,
    blocks: Iterable[Block] = (),
    sections: Iterable[Section] = (),
) -> Section:
    """A section with its blocks and nested sections."""
    return {
        "id": id,
        "heading": str(heading),
        "level": level,
        "blocks": list(blocks),
        "sections": list(sections),
    }


def paragraph(text: str) -> Block:
    return {"kind": "paragraph", "text": str(text)}


def bullets(items: Iterable[str]) -> Block:
    return {"kind": "list", "items": [str(item) for item in items]}


def note(text: str) -> Block:
    return {"kind": "note", "text": str(text)}


def table(
    id: str,
    caption: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    numeric: Sequence[bool],
) -> Block:
    return {
        "kind": "table",
        "id": id,
        "caption": str(caption),
        "columns": [str(c) for c in columns],
        "rows": [list(row) for row in rows],
        "numeric": list(numeric),
    }


def chart(
    id: str,
    caption: str,
    alt: str,
    kind: str,
    categories: Sequence[Any],
    series: Sequence[tuple[str, Sequence[Any]]],
    *,
    unit: str = "",
    parity: bool = False,
) -> Block:
    return {
        "kind": "chart",
        "id": id,
        "caption": str(caption),
        "alt": str(alt),
        "chart": kind,
        "categories": [str(c) for c in categories],
        "series": [{"name": str(name), "values": list(values)} for name, values in series],
        "unit": unit,
        "parity": parity,
    }


def narrative(id: str, label: str, text: str) -> Block:
    return {"kind": "narrative", "id": id, "label": str(label), "text": str(text)}


def percent(value: float | None) -> float | None:
    """A 0..1 share as a percentage with one decimal (None stays None)."""
    return None if value is None else round(value * 100, 1)


def walk(sections: Iterable[Section]) -> Iterable[Section]:
    """Every section and subsection, depth first, in document order."""
    for entry in sections:
        yield entry
        yield from walk(entry["sections"])


def blocks_of(content: dict[str, Any], kind: str) -> list[Block]:
    """Every block of one kind in the content, in document order."""
    return [b for s in walk(content["sections"]) for b in s["blocks"] if b["kind"] == kind]


def with_narrative(content: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    """The content with the written narrative in place of the assembled text (in place)."""
    for block in blocks_of(content, "narrative"):
        if block["id"] in texts:
            block["text"] = texts[block["id"]]
    return content


def canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def checksum(content: dict[str, Any]) -> str:
    """The SHA-256 of the content's canonical JSON."""
    return hashlib.sha256(canonical(content)).hexdigest()

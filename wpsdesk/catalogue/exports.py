"""An edition written out as JSON (the data-file format), CSV or Markdown.

The JSON export is a data file itself: loading it gives the same items and links, and
exporting again gives the same JSON. Retired items are left out.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from .models import Edition, ItemKind
from .selectors import Node, edition_items

FORMATS = ("json", "csv", "md")
CSV_COLUMNS = ["code", "kind", "parent", "depth", "title", "text", "related", "added"]
#: A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def edition_data(edition: Edition) -> dict[str, Any]:
    """The edition as the data-file structure (see ``docs/catalogue.md``)."""
    tree, related = edition_items(edition)

    def node_data(node: Node) -> dict[str, Any]:
        item = node.item
        return {
            "code": item.code,
            "kind": item.kind,
            "title": item.title,
            "text": item.text,
            "related": related.get(item.pk, []),
            "added": item.added,
            "children": [node_data(child) for child in node.children],
        }

    return {
        "catalogue": edition.catalogue.key,
        "edition": edition.name,
        "title": edition.title,
        "source": edition.source,
        "language": edition.language,
        "items": [node_data(node) for node in tree],
    }


def export_json(edition: Edition) -> str:
    """The whole tree: code, kind, title, text, related codes, added, children."""
    return json.dumps(edition_data(edition), ensure_ascii=False, indent=2) + "\n"


def neutralise_formula(value: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def export_csv(edition: Edition) -> str:
    """One row per item in document order; formula characters neutralised."""
    tree, related = edition_items(edition)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)

    def write(node: Node, parent_code: str) -> None:
        item = node.item
        row = [
            item.code,
            item.kind,
            parent_code,
            str(item.depth),
            item.title,
            item.text,
            " ".join(related.get(item.pk, [])),
            "yes" if item.added else "no",
        ]
        writer.writerow([neutralise_formula(cell) for cell in row])
        for child in node.children:
            write(child, item.code)

    for node in tree:
        write(node, "")
    return out.getvalue()


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


HEADED_KINDS = {ItemKind.SECTION, ItemKind.THEMATIC_PRIORITY, ItemKind.BOX}


def export_md(edition: Edition) -> str:
    """A readable document: headings for sections, priorities and boxes, lists for the rest."""
    tree, related = edition_items(edition)
    lines = [
        f"# {_md(edition.title)}",
        "",
        f"Edition {_md(edition.name)}. {_md(edition.source)}".strip(),
        "",
    ]

    def write(node: Node, level: int, indent: int) -> None:
        item = node.item
        codes = related.get(item.pk, [])
        see = f" _(see {', '.join(codes)})_" if codes else ""
        added = " _(added: not in the document)_" if item.added else ""
        if item.kind in HEADED_KINDS and item.title and indent == 0:
            lines.append(f"{'#' * min(level, 6)} {_md(item.title)} `{item.code}`")
            lines.append("")
            if item.text:
                lines.extend([_md(item.text) + see, ""])
            elif see:
                lines.extend([see.strip(), ""])
            for child in node.children:
                write(child, level + 1, 0)
            return
        label = f"**{_md(item.title)}** " if item.title else ""
        prefix = "  " * (indent - 1) + "- " if indent else ""
        lines.append(f"{prefix}`{item.code}` {label}{_md(item.text)}{added}{see}".rstrip())
        if not indent:
            lines.append("")
        for child in node.children:
            write(child, level + 1, indent + 1)
        if node.children and not indent:
            lines.append("")

    for node in tree:
        write(node, 2, 0)
    return "\n".join(lines).rstrip() + "\n"


def export(edition: Edition, fmt: str) -> str:
    """The edition in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return export_json(edition)
    if fmt == "csv":
        return export_csv(edition)
    if fmt == "md":
        return export_md(edition)
    raise ValueError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")

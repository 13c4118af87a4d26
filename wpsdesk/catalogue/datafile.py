"""Reading a catalogue data file (the format in ``docs/catalogue.md``) into plain values.

Everything is checked before the database is touched, and every problem is reported in
plain words at once, so a broken file changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .models import ItemKind
from .sentences import normalise_whitespace

DATA_DIR = Path(__file__).resolve().parent / "data"
BUNDLED_FILE = DATA_DIR / "wps-guidelines-2023-2030.yaml"
PRIORITY_SEED_FILE = DATA_DIR / "priority-lists-2023.yaml"

CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*(\.[A-Za-z0-9]+)*$")
HEADER_KEYS = {"catalogue", "edition", "title", "source", "language", "items"}
ITEM_KEYS = {"code", "kind", "title", "text", "related", "added", "children"}
KINDS = {choice.value for choice in ItemKind}
MAX_PROBLEMS = 20
#: libyaml's safe loader when PyYAML was built with it: several times faster.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataFileError(ValueError):
    """The file cannot be loaded; ``problems`` says why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        text = "\n".join(shown) + (f"\n… and {more} more." if more else "")
        super().__init__(text)


@dataclass(frozen=True)
class ItemSpec:
    """One item as the file gives it, with its place in the tree worked out."""

    code: str
    kind: str
    title: str
    text: str
    related: tuple[str, ...]
    added: bool
    parent_code: str | None
    position: int
    depth: int


@dataclass(frozen=True)
class CatalogueSpec:
    """A whole data file: the catalogue, the edition and its items in document order."""

    key: str
    edition: str
    title: str
    source: str
    language: str
    items: tuple[ItemSpec, ...]


def read_data_file(path: Path | str) -> CatalogueSpec:
    """Read and check a YAML (or JSON) data file."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=SafeLoader)  # noqa: S506 - the safe loader
    except OSError as exc:
        raise DataFileError([f"Cannot read {path}: {exc.strerror or exc}."]) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataFileError([f"{path.name} is not valid YAML or JSON: {exc}"]) from exc
    return parse_data(data)


def _text(value: Any, where: str, field: str, problems: list[str]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(f"{where}: '{field}' must be text.")
        return ""
    return normalise_whitespace(value)


def _walk(
    items: Any, parent: str | None, depth: int, where: str, problems: list[str]
) -> Iterator[tuple[dict[str, Any], str | None, int]]:
    if not isinstance(items, list):
        problems.append(f"{where}: 'items' and 'children' must be lists.")
        return
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(f"{where}: entry {number} is not an item (code, kind, text…).")
            continue
        yield item, parent, depth
        if item.get("children") is not None:
            code = item.get("code")
            yield from _walk(
                item["children"],
                code if isinstance(code, str) else None,
                depth + 1,
                str(code),
                problems,
            )


def parse_data(data: Any) -> CatalogueSpec:
    """Check a parsed data file and return it as a :class:`CatalogueSpec`."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise DataFileError(["The file must hold a mapping with catalogue, edition, title, items."])
    unknown = sorted(set(data) - HEADER_KEYS)
    if unknown:
        problems.append(f"Unknown top-level keys: {', '.join(map(str, unknown))}.")
    header: dict[str, str] = {}
    for field in ("catalogue", "edition", "title", "source", "language"):
        header[field] = _text(data.get(field), "The file", field, problems)
    for field in ("catalogue", "edition", "title"):
        if not header[field]:
            problems.append(f"The file needs a '{field}'.")
    if not data.get("items"):
        problems.append("The file has no items.")

    specs: list[ItemSpec] = []
    seen: dict[str, int] = {}
    for position, (item, parent, depth) in enumerate(
        _walk(data.get("items") or [], None, 0, "items", problems), start=1
    ):
        code = item.get("code")
        where = f"Item {code!r}" if code else f"Item number {position}"
        if not isinstance(code, str) or not CODE_RE.match(code) or len(code) > 64:
            problems.append(f"{where}: the code must be upper-case segments joined by dots.")
            continue
        if code in seen:
            problems.append(f"{where}: the code is used twice.")
        seen[code] = position
        unknown_keys = sorted(set(item) - ITEM_KEYS)
        if unknown_keys:
            problems.append(f"{where}: unknown keys {', '.join(map(str, unknown_keys))}.")
        kind = item.get("kind")
        if kind not in KINDS:
            problems.append(f"{where}: unknown kind {kind!r}.")
        if "text" not in item:
            problems.append(f"{where}: 'text' is required (it may be empty).")
        if parent is not None and not code.startswith(parent + "."):
            problems.append(f"{where}: the code must extend its parent's code {parent!r}.")
        related = item.get("related") or []
        if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
            problems.append(f"{where}: 'related' must be a list of codes.")
            related = []
        if len(set(related)) != len(related):
            problems.append(f"{where}: a related code is listed twice.")
        if code in related:
            problems.append(f"{where}: an item cannot be related to itself.")
        added = item.get("added", False)
        if added not in (True, False):
            problems.append(f"{where}: 'added' must be true or false.")
        specs.append(
            ItemSpec(
                code=code,
                kind=str(kind),
                title=_text(item.get("title"), where, "title", problems),
                text=_text(item.get("text"), where, "text", problems),
                related=tuple(related),
                added=bool(added),
                parent_code=parent,
                position=position,
                depth=depth,
            )
        )
    for spec in specs:
        dangling = [code for code in spec.related if code not in seen]
        if dangling:
            problems.append(
                f"Item {spec.code!r}: related codes not in the file: {', '.join(dangling)}."
            )
    if problems:
        raise DataFileError(problems)
    return CatalogueSpec(
        key=header["catalogue"],
        edition=header["edition"],
        title=header["title"],
        source=header["source"],
        language=header["language"] or "en",
        items=tuple(specs),
    )

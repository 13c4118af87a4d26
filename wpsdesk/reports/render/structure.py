"""What every renderer reads the same way from a report's content (SCHEMA.md).

Numbering of tables and figures, the headings for a table of contents, paragraphs split
out of a text, and the date line: kept here so the HTML, the PDF and the Word file number
and word them identically.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

Content = dict[str, Any]
Section = dict[str, Any]
Block = dict[str, Any]

MAX_LEVEL = 3
# Characters XML 1.0 cannot hold: a stray one pasted into a text would make a Word file
# or an SVG unreadable, so they are dropped on the way out.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: object) -> str:
    """``text`` without the characters XML cannot hold."""
    return _NOT_XML.sub("", str(text))


@dataclass(frozen=True)
class Heading:
    """A section's heading as a table of contents lists it."""

    id: str
    text: str
    level: int


def level_of(section: Section, parent_level: int = 0) -> int:
    """A section's level (1–3): as given, but never above its parent's next one."""
    given = int(section.get("level") or parent_level + 1)
    return max(1, min(MAX_LEVEL, given, parent_level + 1))


def walk(sections: list[Section], parent_level: int = 0) -> Iterator[tuple[Section, int]]:
    """Every section in reading order with its level."""
    for section in sections:
        level = level_of(section, parent_level)
        yield section, level
        yield from walk(section.get("sections") or [], level)


def headings(content: Content) -> list[Heading]:
    """The headings a table of contents lists (levels 1–3), in reading order."""
    return [
        Heading(str(s["id"]), str(s["heading"]), level) for s, level in walk(content["sections"])
    ]


class Counter:
    """Numbers tables and figures in reading order ("Table 3", "Figure 2")."""

    def __init__(self) -> None:
        self.tables = 0
        self.figures = 0

    def table(self) -> int:
        self.tables += 1
        return self.tables

    def figure(self) -> int:
        self.figures += 1
        return self.figures


def table_word() -> str:
    """The word before a table's number (Word numbers captions with a SEQ field of it)."""
    return pgettext("report caption", "Table")


def figure_word() -> str:
    """The word before a figure's number."""
    return pgettext("report caption", "Figure")


def table_label(number: int) -> str:
    return f"{table_word()} {number}:"


def figure_label(number: int) -> str:
    return f"{figure_word()} {number}:"


def paragraphs(text: str) -> list[list[str]]:
    """A text's paragraphs (split at blank lines), each as its lines."""
    blocks = [part.strip("\n") for part in str(text or "").replace("\r\n", "\n").split("\n\n")]
    return [block.split("\n") for block in blocks if block.strip()]


def generated_on(content: Content) -> str:
    """The day the content was assembled, written in the report's (active) language."""
    raw = str(content.get("generated_at") or "")
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return raw
    # Month names come from the active translation: "6 December 2026", "6. desember 2026".
    return dateformat.format(moment, pgettext("report date", "j F Y"))


def generated_line(content: Content) -> str:
    return _("Generated %(date)s") % {"date": generated_on(content)}


def language_tag(content: Content) -> str:
    """The language as a document tags it (BCP 47)."""
    return "nb-NO" if content.get("language") == "nb" else "en-GB"


def language_code(content: Content) -> str:
    """The Django language to render in (the report's own, not the request's)."""
    return "nb" if content.get("language") == "nb" else "en"

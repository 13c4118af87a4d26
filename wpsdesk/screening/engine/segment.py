"""Split a document into provisions: articles, numbered paragraphs, list items.

Agreements and UN texts number their provisions in many styles: "Article 12",
"ARTICLE XXVII", "Chapter two, Section one", "12.", "12.3", "(b)", "b)", "iv.",
"Second:", bullets, and PA-X excerpts add "Page 4,". Each line that opens with such
markers starts a provision; lines without one continue the provision above (hard-wrapped
text, a heading's body) or, after a finished sentence, start an unnumbered paragraph.
A provision's id is its path: ``Chapter 2 › Article 12 › 3 › (b)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from wpsdesk.screening.engine.extract import Document
from wpsdesk.screening.engine.limits import Deadline

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20,
}  # fmt: skip
_ORDINALS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    "firstly|secondly|thirdly|fourthly|fifthly|lastly|finally|"
    "primero|segundo|tercero|cuarto|quinto|premièrement|deuxièmement|troisièmement"
)
# Heading keywords and their rank: a heading closes every open heading of equal or
# lower rank and every list item.
_HEADINGS = {
    "part": 0, "partie": 0, "parte": 0, "del": 0, "title": 0, "titre": 0, "título": 0,
    "titulo": 0, "annex": 0, "annexe": 0, "anexo": 0, "vedlegg": 0, "protocol": 0,
    "protocole": 0, "protocolo": 0,
    "chapter": 1, "chapitre": 1, "capítulo": 1, "capitulo": 1, "kapittel": 1,
    "section": 2, "sección": 2, "seccion": 2, "avsnitt": 2,
    "article": 3, "art": 3, "artículo": 3, "articulo": 3, "artikkel": 3, "paragraph": 3,
    "paragraphe": 3, "párrafo": 3, "parrafo": 3, "punkt": 3, "rule": 3, "§": 3,
}  # fmt: skip
_PREAMBLE_HEADINGS = ("preamble", "préambule", "preámbulo", "preambulo", "fortale", "innledning")
_NUM = r"(?:\d{1,4}[A-Za-z]?(?:\.\d{1,3})*|[IVXLC]{1,7}|" + "|".join(_WORD_NUMBERS) + ")"

_PAGE = re.compile(r"Pages?\s+(\d{1,5})(?:\s*[-–]\s*\d{1,5})?\s*,\s*", re.I)
_HEADING = re.compile(
    r"(?P<kw>" + "|".join(sorted((re.escape(k) for k in _HEADINGS), key=len, reverse=True)) + r")"
    r"(?:\.)?\s*\(?(?P<num>" + _NUM + r")\)?(?![\w])\s*(?:[:.\-–—,]\s*)?",
    re.I,
)
_PREAMBLE_HEADING = re.compile(r"(?:" + "|".join(_PREAMBLE_HEADINGS) + r")\b\s*[:.\-–—,]?\s*", re.I)
_NUMBERED = re.compile(r"(?P<num>\d{1,3}(?:\.\d{1,3})+)\.?\s+|(?P<one>\d{1,3})[.)](?!\d)\s*-?\s*")
_PAREN = re.compile(r"\((?P<label>[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3})\)\s+", re.I)
_LETTER = re.compile(r"(?P<label>[a-z]|[ivxlc]{1,6})[.)]\s+|(?P<upper>[A-Z])[.)]\s+")
_ORDINAL = re.compile(r"(?P<ord>" + _ORDINALS + r")\s*[:.,\-–—]\s*", re.I)
_BULLET = re.compile(r"[•▪●○◦·∙*\-–—]\s+")
_ROMAN = re.compile(r"[ivxlc]+", re.I)
_LINE = re.compile(r"[^\n]*\n?")
_SENTENCE_END = re.compile(r"[.!?;:,”\"')\]]\s*$")
# "The Parties," / "The Security Council," / "Les Parties," : who speaks, before the
# recitals. A short line that ends with a comma.
_OPENER = re.compile(r"[^\n.;:]{2,80},\s*$")
# The words that end a preamble and lead in to the operative part.
_LEAD_IN = re.compile(
    r"\b(?:ha(?:ve|s)\s+agreed|hereby\s+agree|agree[sd]?\s+as\s+follows|(?:have\s+)?decided?\s+as\s+"
    r"follows|ont\s+convenu|sont\s+convenu|conviennent|han\s+acordado|acuerdan|convienen|"
    r"er\s+enige\s+om|blitt\s+enige\s+om)\b",
    re.I,
)


@dataclass
class Provision:
    """A unit of the text that a finding can point to."""

    id: str
    kind: str  # heading, article, paragraph, item, bullet, text
    start: int
    end: int
    page: int
    paragraph: int
    title: str = ""
    preamble: bool = False
    path: tuple[str, ...] = field(default_factory=tuple)


@dataclass
class _Marker:
    kind: str  # heading, numbered, letter, roman, ordinal, bullet
    label: str
    rank: int


def _heading_label(kw: str, num: str) -> str:
    kw_norm = kw.lower().rstrip(".")
    word = {"art": "Article"}.get(kw_norm, kw_norm.capitalize() if kw != "§" else "§")
    value = _WORD_NUMBERS.get(num.lower())
    return f"{word} {value if value is not None else num.upper() if _ROMAN.fullmatch(num) else num}"


def parse_markers(line: str) -> tuple[list[_Marker], int, int | None]:
    """The provision markers at the start of ``line``: (markers, length consumed, page)."""
    markers: list[_Marker] = []
    pos = 0
    page = None
    while pos < len(line):
        rest = line[pos:]
        m = _PAGE.match(rest)
        if m and not markers:
            page = int(m.group(1))
            pos += m.end()
            continue
        m = _HEADING.match(rest)
        if m:
            kw = m.group("kw")
            markers.append(
                _Marker(
                    "heading", _heading_label(kw, m.group("num")), _HEADINGS[kw.lower().rstrip(".")]
                )
            )
            pos += m.end()
            continue
        m = _PREAMBLE_HEADING.match(rest)
        if m and not markers:
            markers.append(_Marker("preamble", "Preamble", 0))
            pos += m.end()
            continue
        m = _NUMBERED.match(rest)
        if m:
            markers.append(_Marker("numbered", m.group("num") or m.group("one"), 4))
            pos += m.end()
            continue
        m = _PAREN.match(rest)
        if m:
            label = m.group("label")
            kind = (
                "number"
                if label.isdigit()
                else "roman"
                if re.fullmatch(r"[ivx]+", label)
                else "paren"
            )
            markers.append(_Marker(kind, f"({label})", 5))
            pos += m.end()
            continue
        m = _LETTER.match(rest)
        if m:
            label = m.group("label") or m.group("upper")
            markers.append(
                _Marker("letter", f"{label})" if m.group("upper") is None else f"{label}.", 5)
            )
            pos += m.end()
            continue
        m = _ORDINAL.match(rest)
        if m:
            markers.append(_Marker("ordinal", m.group("ord").capitalize(), 4))
            pos += m.end()
            continue
        m = _BULLET.match(rest)
        if m and not markers:
            markers.append(_Marker("bullet", "•", 6))
            pos += m.end()
        break
    return markers, pos, page


class _Stack:
    """The open headings and list levels, to build provision paths."""

    def __init__(self) -> None:
        self.items: list[_Marker] = []
        self.bullets = 0

    def push(self, marker: _Marker) -> None:
        if marker.kind in ("heading", "preamble"):
            # Any heading ends the preamble; otherwise a heading closes those of its rank.
            self.items = [m for m in self.items if m.kind == "heading" and m.rank < marker.rank]
            self.items.append(marker)
            self.bullets = 0
            return
        if marker.kind == "bullet":
            self.bullets += 1
            marker = _Marker("bullet", f"•{self.bullets}", 6)
        # Same kind as an open level: close it and everything below, else nest deeper.
        for i, open_marker in enumerate(self.items):
            if open_marker.kind == marker.kind and open_marker.kind != "heading":
                del self.items[i:]
                break
        if marker.kind != "bullet":
            self.bullets = 0
        self.items.append(marker)

    def path(self) -> tuple[str, ...]:
        return tuple(m.label for m in self.items)

    @property
    def in_preamble(self) -> bool:
        return any(m.kind == "preamble" for m in self.items)


def segment(
    doc: Document,
    *,
    is_recital: Callable[[int], bool] | None = None,
    is_operative: Callable[[int, int], bool] | None = None,
    deadline: Deadline | None = None,
) -> list[Provision]:
    """The provisions of ``doc`` in text order, covering every paragraph.

    With ``is_recital``, recitals and the opening before the operative part are
    preamble (see :func:`mark_opening`).
    """
    text = doc.text
    provisions: list[Provision] = []
    stack = _Stack()
    current: Provision | None = None
    for n, block in enumerate(doc.blocks):
        if deadline is not None and n % 256 == 0:
            deadline.check()
        for line in _LINE.finditer(text, block.start, block.end):
            if not line.group().strip():
                continue
            line_start, line_end = line.start(), line.start() + len(line.group().rstrip())
            lead = len(line.group()) - len(line.group().lstrip())
            markers, consumed, page_label = parse_markers(text[line_start + lead : line_end])
            body_start = line_start + lead + consumed
            page = page_label if page_label is not None and doc.pages == 1 else block.page
            first_line = line_start == block.start
            if markers:
                for marker in markers:
                    stack.push(marker)
                path = stack.path()
                kind = _kind(markers[-1])
                title = text[body_start:line_end].strip() if markers[-1].kind == "heading" else ""
                recital = is_recital(body_start) if is_recital else False
                current = Provision(
                    id=" › ".join(path),
                    kind=kind,
                    start=line_start + lead,
                    end=line_end,
                    page=page,
                    paragraph=block.paragraph,
                    title=title[:200] if kind == "heading" else "",
                    preamble=stack.in_preamble or recital,
                    path=path,
                )
                provisions.append(current)
                continue
            continues = current is not None and (
                not first_line
                or current.kind in ("heading", "article")
                or not _SENTENCE_END.search(text[current.start : current.end])
            )
            if continues and current is not None:
                current.end = line_end
                if (
                    current.kind == "heading"
                    and is_recital
                    and first_line
                    and is_recital(line_start + lead)
                ):
                    current.preamble = True
                continue
            recital = is_recital(line_start + lead) if is_recital else False
            # A plain paragraph ends any open list.
            stack.items = [
                m for m in stack.items if m.kind in ("heading", "preamble", "numbered", "ordinal")
            ]
            stack.bullets = 0
            path = (*stack.path(), f"¶{block.paragraph}")
            current = Provision(
                id=" › ".join(path),
                kind="text",
                start=line_start + lead,
                end=line_end,
                page=page,
                paragraph=block.paragraph,
                preamble=stack.in_preamble or recital,
                path=path,
            )
            provisions.append(current)
    if is_recital is not None:
        mark_opening(text, provisions, is_recital, is_operative)
    return provisions


def mark_opening(
    text: str,
    provisions: list[Provision],
    is_recital: Callable[[int], bool],
    is_operative: Callable[[int, int], bool] | None = None,
) -> None:
    """Mark the preamble that opens a text: the recitals before the operative part.

    An agreement or resolution opens with who speaks ("The Parties,") and recitals
    ("Recalling resolution 1325 …", "Noting …"), often unnumbered and run together with
    the opener, before its first article or numbered paragraph. From the first opener
    or recital line until the operative part begins (the first numbered or headed
    provision, a lead-in such as "have agreed as follows", or an unnumbered paragraph
    that opens with an operative sentence rather than a recital), every paragraph is
    preamble: a recital weighs nothing, however strong its verbs ("commitments").
    """
    in_opening = False
    for provision in provisions:
        if provision.kind != "text":
            return  # the first article, chapter or numbered paragraph
        # Where each non-empty line's words begin.
        lines = [
            (m.start() + len(m.group()) - len(m.group().lstrip()), m.group().strip())
            for m in _LINE.finditer(text, provision.start, provision.end)
            if m.group().strip()
        ]
        # A recital opens the paragraph, or a line after a finished clause (a hard-wrapped
        # sentence that happens to go on with "concerned" is not one).
        recital = any(
            is_recital(pos) and (n == 0 or lines[n - 1][1][-1:] in ",;:")
            for n, (pos, _) in enumerate(lines)
        )
        opener = (
            bool(lines)
            and _OPENER.match(lines[0][1]) is not None
            and not (
                is_operative is not None
                and is_operative(lines[0][0], lines[0][0] + len(lines[0][1]))
            )
        )
        body = text[provision.start : provision.end]
        if _LEAD_IN.search(body) and not recital:
            return
        if recital or opener:
            in_opening = True
        elif (
            in_opening and is_operative is not None and is_operative(provision.start, provision.end)
        ):
            return
        if in_opening:
            provision.preamble = True


def _kind(marker: _Marker) -> str:
    if marker.kind in ("heading", "preamble"):
        return "heading" if marker.rank < 3 or marker.kind == "preamble" else "article"
    if marker.kind in ("numbered", "ordinal"):
        return "paragraph"
    if marker.kind == "bullet":
        return "bullet"
    return "item"

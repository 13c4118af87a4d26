"""Turn a file into text with positions: page, paragraph and character offsets.

Every extractor returns a :class:`Document` whose ``text`` is the text that all
offsets refer to. Pages are separated by a form feed (``\\f``) and paragraphs by a
blank line, so positions can be recovered from the text alone.

Formats: plain text (UTF-8, UTF-16 with a byte-order mark, or Windows-1252 as a
fallback), PDF with a text layer (pypdf, in a child process by default), Word .docx
(zipfile + defusedxml, sizes checked before anything is unpacked) and HTML
(the standard library's parser; scripts and styles are dropped, never run).
"""

from __future__ import annotations

import bisect
import io
import json
import re
import subprocess
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from wpsdesk.core.file_safety import RefusedFile, inspect_ooxml_parts
from wpsdesk.screening.engine import pdfworker
from wpsdesk.screening.engine.errors import (
    ActiveContent,
    ArchiveBomb,
    Corrupt,
    EmptyDocument,
    Encrypted,
    NoTextLayer,
    NotText,
    ScreeningError,
    TimeLimitExceeded,
    TooManyPages,
    UnsupportedFormat,
)
from wpsdesk.screening.engine.limits import Deadline, Limits

FORMATS = ("text", "pdf", "docx", "html")


@dataclass(frozen=True)
class Block:
    """A paragraph of the extracted text: ``text[start:end]``, on ``page`` (1-based)."""

    start: int
    end: int
    page: int
    paragraph: int


@dataclass
class Document:
    """Extracted text with where each paragraph sits."""

    text: str
    format: str
    blocks: list[Block]
    pages: int
    warnings: list[str] = field(default_factory=list)
    filename: str | None = None
    _starts: list[int] = field(default_factory=list, repr=False)

    def locate(self, offset: int) -> Block | None:
        """The paragraph that contains (or, between paragraphs, precedes) ``offset``."""
        if not self.blocks:
            return None
        if not self._starts:
            self._starts = [b.start for b in self.blocks]
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.blocks[max(i, 0)]

    def page_at(self, offset: int) -> int:
        """The 1-based page of ``offset``."""
        block = self.locate(offset)
        return block.page if block else 1


# --- detection ---------------------------------------------------------------

_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".pdf": "pdf",
    ".docx": "docx",
    ".htm": "html",
    ".html": "html",
    ".xhtml": "html",
}
_MACRO_EXTENSIONS = (".docm", ".dotm", ".xlsm", ".pptm")
_OTHER_OFFICE = (".doc", ".dot", ".rtf", ".odt", ".xls", ".xlsx", ".ppt", ".pptx", ".pages")
_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_format(data: bytes, filename: str | None = None, media_type: str | None = None) -> str:
    """Decide how to read ``data``: by its first bytes, then its name, then its media type."""
    suffix = Path(filename).suffix.lower() if filename else ""
    media = (media_type or "").split(";")[0].strip().lower()
    if suffix in _MACRO_EXTENSIONS or "macroenabled" in media:
        raise ActiveContent(
            "Macro-enabled Office files are refused. Save the document as .docx and try again."
        )
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(_OLE_MAGIC):
        # Password-protected .docx files are stored in this old container too.
        if "EncryptedPackage".encode("utf-16-le") in data[:65536] or b"EncryptedPackage" in data:
            raise Encrypted()
        raise UnsupportedFormat(
            "This is an old-format Office file (.doc). Save it as .docx or PDF and try again."
        )
    if suffix == ".pdf" or media == "application/pdf":
        raise Corrupt("The file is named as a PDF but is not one (it has no PDF header).")
    if suffix == ".docx" or "wordprocessingml" in media:
        raise Corrupt("The file is named as a Word document but is not one (not a .docx archive).")
    if suffix in _OTHER_OFFICE:
        raise UnsupportedFormat()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if media in ("text/html", "application/xhtml+xml") or _HTML_START.match(_strip_bom(head)):
        return "html"
    return "text"


def _strip_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


# --- plain text ----------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode text bytes: BOM, then UTF-8, then Windows-1252; refuse binary data."""
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), warnings
        except UnicodeDecodeError as exc:
            raise NotText("The file says it is UTF-16 text but is not valid UTF-16.") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if b"\x00" in data:
            raise NotText() from None
        text = data.decode("cp1252", errors="replace")
        warnings.append(
            "The text was not in UTF-8; it was read as Windows-1252 (Western European). "
            "Check that accented letters look right."
        )
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(8, len(text) // 50):
        raise NotText()
    return text, warnings


def normalise(text: str) -> str:
    """One newline convention, NFC, and no stray control characters (tab and \\f stay)."""
    text = _NEWLINES.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    return _CONTROL.sub(" ", text)


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*|\f\s*")


def blocks_of(text: str, deadline: Deadline | None = None) -> list[Block]:
    """Split ``text`` into paragraphs (blank lines) on pages (form feeds)."""
    blocks: list[Block] = []
    page = 1
    start = 0
    paragraph = 0
    for n, brk in enumerate(_PARAGRAPH_BREAK.finditer(text)):
        if deadline is not None and n % 512 == 0:
            deadline.check()
        if text[start : brk.start()].strip():
            paragraph += 1
            blocks.append(Block(_lstrip(text, start), brk.start(), page, paragraph))
        page += brk.group().count("\f")
        start = brk.end()
    if text[start:].strip():
        paragraph += 1
        blocks.append(Block(_lstrip(text, start), len(text.rstrip()), page, paragraph))
    return blocks


def _lstrip(text: str, start: int) -> int:
    while start < len(text) and text[start] in " \t\n":
        start += 1
    return start


def _document(text: str, fmt: str, limits: Limits, deadline: Deadline, **kw: Any) -> Document:
    limits.check_chars(len(text))
    if not text.strip():
        raise EmptyDocument()
    blocks = blocks_of(text, deadline)
    pages = text.count("\f") + 1
    return Document(text=text, format=fmt, blocks=blocks, pages=pages, **kw)


# --- PDF -----------------------------------------------------------------------

_PDF_PROBLEMS: dict[str, type[ScreeningError]] = {
    "encrypted": Encrypted,
    "javascript": ActiveContent,
    "corrupt": Corrupt,
    "too_many_pages": TooManyPages,
    "time": TimeLimitExceeded,
    "memory": Corrupt,
}
_PDF_MESSAGES = {
    "javascript": "The PDF contains JavaScript or launch actions and was refused.",
    "memory": "The PDF is too complex to read within the memory limit (it may be damaged).",
}


def _pdf_error(kind: str, detail: str, limits: Limits) -> ScreeningError:
    cls = _PDF_PROBLEMS.get(kind, Corrupt)
    if kind == "too_many_pages":
        return TooManyPages(
            f"The PDF has {detail} pages; the limit is {limits.max_pages}. Split it into parts."
        )
    if kind == "time":
        return TimeLimitExceeded()
    if kind == "corrupt":
        return Corrupt("The PDF is damaged or incomplete and could not be read.")
    return cls(_PDF_MESSAGES.get(kind))


def _read_pdf_isolated(data: bytes, limits: Limits, deadline: Deadline) -> dict[str, Any]:
    seconds = deadline.remaining()
    args = [str(limits.max_pages), f"{seconds:.3f}", str(limits.pdf_memory)]
    try:
        done = subprocess.run(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-I", pdfworker.__file__, *args],
            input=data,
            capture_output=True,
            timeout=seconds + 1.0,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise TimeLimitExceeded() from exc
    try:
        answer: dict[str, Any] = json.loads(done.stdout)
    except ValueError:
        # The child died (memory cap, signal) before answering.
        answer = {
            "ok": False,
            "kind": "memory",
            "detail": done.stderr[-300:].decode(errors="replace"),
        }
    return answer


def extract_pdf(
    data: bytes, limits: Limits, deadline: Deadline, *, isolate: bool = True
) -> Document:
    """Text of each page, pages separated by form feeds."""
    if isolate:
        answer = _read_pdf_isolated(data, limits, deadline)
    else:
        try:
            answer = pdfworker.read_pdf(
                data, max_pages=limits.max_pages, seconds=deadline.remaining()
            )
        except pdfworker.PdfProblem as problem:
            answer = {"ok": False, "kind": problem.kind, "detail": problem.detail}
    if not answer.get("ok"):
        raise _pdf_error(str(answer.get("kind")), str(answer.get("detail", "")), limits)
    deadline.check()
    pages = [normalise(p).replace("\f", " ").strip("\n") for p in answer["pages"]]
    if not any(p.strip() for p in pages):
        raise NoTextLayer()
    warnings = []
    blank = answer.get("blank_pages") or []
    if blank:
        shown = ", ".join(str(n) for n in blank[:10]) + (" …" if len(blank) > 10 else "")
        warnings.append(
            f"{len(blank)} page(s) have no text layer and were not screened (pages {shown}); "
            "they may be scanned images."
        )
    return _document("\f".join(pages), "pdf", limits, deadline, warnings=warnings)


# --- DOCX ----------------------------------------------------------------------

_W_MAIN = "wordprocessingml.document.main+xml"
_NUMBER_FORMATS = ("decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman", "bullet")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(el: Element, name: str) -> str | None:
    for key, value in el.attrib.items():
        if _local(key) == name:
            return value
    return None


def _children(el: Element, name: str) -> Iterator[Element]:
    return (c for c in el if _local(c.tag) == name)


def _child(el: Element | None, name: str) -> Element | None:
    if el is None:
        return None
    return next(_children(el, name), None)


def _val(el: Element | None, name: str) -> str | None:
    """The ``w:val`` of the child ``name`` (Elements without children are falsy: test None)."""
    child = _child(el, name)
    return None if child is None else _attr(child, "val")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> bytes:
    """Read one entry, counting real unpacked bytes against the shared budget."""
    out = bytearray()
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 16):
            out += chunk
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise ArchiveBomb()
    return bytes(out)


def _parse_xml(data: bytes, what: str) -> Element:
    try:
        return fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise Corrupt(f"The Word file is damaged: its {what} cannot be read.") from exc


def extract_docx(data: bytes, limits: Limits, deadline: Deadline) -> Document:
    """Paragraphs of the main document part, with list numbers written out."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (
        zipfile.BadZipFile,
        zlib.error,
        ValueError,
        EOFError,
        OSError,
        NotImplementedError,  # an archive made by a newer zip version, or a damaged header
        UnicodeDecodeError,
    ) as exc:
        raise Corrupt(
            "The Word file is damaged or incomplete (not a readable .docx archive)."
        ) from exc
    with zf:
        infos = zf.infolist()
        # Everything below is decided from the archive's directory, before unpacking.
        if len(infos) > limits.max_entries:
            raise ArchiveBomb(
                f"The Word file holds {len(infos):,} parts; a normal document has a few dozen."
            )
        if sum(i.file_size for i in infos) > limits.max_decompressed:
            raise ArchiveBomb()
        for info in infos:
            if info.file_size > 1_000_000 and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                raise ArchiveBomb()
            if info.flag_bits & 0x1:
                raise Encrypted()
        names = {i.filename.lower(): i for i in infos}
        if any(n.endswith(("vbaproject.bin", "vbadata.xml")) for n in names):
            raise ActiveContent(
                "The Word file contains macros and was refused. Save it as .docx without macros."
            )
        budget = [limits.max_decompressed]
        try:
            types = (
                _read_member(zf, names["[content_types].xml"], budget)
                if "[content_types].xml" in names
                else b""
            )
            if b"macroEnabled" in types:
                raise ActiveContent(
                    "The Word file is macro-enabled and was refused. Save it as .docx."
                )
            # The package as a whole: outside templates, OLE/ActiveX objects, DDE fields.
            inspect_budget = [limits.max_decompressed]
            parts = {info.filename: _read_member(zf, info, inspect_budget) for info in infos}
            try:
                inspect_ooxml_parts(parts)
            except RefusedFile as refused:
                if refused.code == "active_content":
                    raise ActiveContent(refused.message) from refused
                raise Corrupt(refused.message) from refused
            main = _main_part(types) or "word/document.xml"
            if main.lower() not in names:
                raise Corrupt("The Word file has no document body.")
            body = _parse_xml(_read_member(zf, names[main.lower()], budget), "document body")
            numbering = None
            if "word/numbering.xml" in names:
                numbering = _parse_xml(
                    _read_member(zf, names["word/numbering.xml"], budget), "numbering"
                )
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            RuntimeError,
            NotImplementedError,
            UnicodeDecodeError,  # a damaged entry name in a local header
            ValueError,  # a header offset pointing before the file ("negative seek value")
        ) as exc:
            raise Corrupt(
                "The Word file is damaged or incomplete and could not be unpacked."
            ) from exc
    paragraphs = list(_docx_paragraphs(body, _Numbering(numbering), deadline))
    text = normalise("".join(paragraphs)).strip()
    return _document(text, "docx", limits, deadline)


def _main_part(types: bytes) -> str | None:
    if not types:
        return None
    root = _parse_xml(types, "content list")
    for el in root:
        if _local(el.tag) == "Override" and _W_MAIN in (_attr(el, "ContentType") or ""):
            return (_attr(el, "PartName") or "").lstrip("/") or None
    return None


class _Numbering:
    """Writes out Word's automatic list numbers ("1.", "(a)", "iii.") as the text shows them."""

    def __init__(self, root: Element | None) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in _children(root, "abstractNum"):
            levels = {}
            for lvl in _children(an, "lvl"):
                fmt = _val(lvl, "numFmt") or "decimal"
                text = _val(lvl, "lvlText") or ""
                start = _val(lvl, "start") or "1"
                levels[int(_attr(lvl, "ilvl") or 0)] = (
                    fmt,
                    text,
                    int(start) if start.isdigit() else 1,
                )
            abstract[_attr(an, "abstractNumId") or ""] = levels
        for num in _children(root, "num"):
            ref = _val(num, "abstractNumId") or ""
            self.levels[_attr(num, "numId") or ""] = abstract.get(ref, {})

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or ilvl > 8:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        fmt, pattern, _start = levels[ilvl]
        if fmt == "bullet":
            return "•"
        if fmt == "none":
            return ""

        def value(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            if not 0 <= k <= ilvl:
                return ""
            lfmt, _t, lstart = levels.get(k, ("decimal", "", 1))
            return _format_number(max(counters[k], 1) + lstart - 1, lfmt)

        return re.sub(r"%([1-9])", value, pattern)


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            letters = chr(97 + r) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.upper() if fmt == "upperRoman" else roman
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out += numeral
            n -= value
    return out


def _docx_paragraphs(body: Element, numbering: _Numbering, deadline: Deadline) -> Iterator[str]:
    for count, p in enumerate(el for el in body.iter() if _local(el.tag) == "p"):
        if count % 256 == 0:
            deadline.check()
        parts: list[str] = []
        page_break = False
        for el in p.iter():
            name = _local(el.tag)
            if name == "t" and el.text:
                parts.append(el.text)
            elif name == "tab":
                parts.append("\t")
            elif name in ("br", "cr"):
                if _attr(el, "type") == "page":
                    page_break = True
                else:
                    parts.append("\n")
            elif name == "lastRenderedPageBreak":
                page_break = True
            elif name == "txbxContent":
                break  # text boxes are paragraphs of their own, reached by body.iter()
        num_pr = _child(_child(p, "pPr"), "numPr")
        label = ""
        if num_pr is not None:
            num_id = _val(num_pr, "numId") or ""
            ilvl = _val(num_pr, "ilvl") or "0"
            label = numbering.label(num_id, int(ilvl) if ilvl.isdigit() else 0)
        text = "".join(parts).strip()
        if page_break:
            yield "\f"
        if text:
            yield (f"{label} {text}" if label else text) + "\n\n"


# --- HTML ----------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
_SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "select",
    ]
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class _TextParser(HTMLParser):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__(convert_charrefs=True)
        self.deadline = deadline
        self.out: list[str] = []
        self.skip = 0
        self.pre = 0
        self.lists: list[list[Any]] = []  # [kind, next number, type]
        self.calls = 0

    def _block(self) -> None:
        self.out.append("\n\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
            return
        if tag == "br":
            self.out.append("\n")
        if tag in _BLOCK_TAGS:
            self._block()
        if tag == "pre":
            self.pre += 1
        if tag in ("ol", "ul"):
            a = dict(attrs)
            start = a.get("start") or "1"
            self.lists.append([tag, int(start) if start.isdigit() else 1, a.get("type") or "1"])
        elif tag == "li" and self.lists and not self.skip:
            kind, number, style = self.lists[-1]
            if kind == "ol":
                fmt = {"a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}
                self.out.append(_format_number(number, fmt.get(style, "decimal")) + ". ")
                self.lists[-1][1] += 1
            else:
                self.out.append("• ")
        elif tag in ("td", "th"):
            self.out.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.out.append("\n")
        elif tag in _BLOCK_TAGS:
            self._block()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if tag in _BLOCK_TAGS:
            self._block()
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()

    def handle_data(self, data: str) -> None:
        self.calls += 1
        if self.calls % 1024 == 0:
            self.deadline.check()
        if self.skip:
            return
        self.out.append(data if self.pre else re.sub(r"\s+", " ", data))


def decode_html(data: bytes) -> tuple[str, list[str]]:
    """Decode HTML bytes by BOM, then the declared charset, then like plain text."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = _CHARSET.search(data[:4096])
        if declared:
            name = declared.group(1).decode("ascii", "replace").lower()
            if name not in ("utf-8", "utf8"):
                try:
                    return data.decode(name), []
                except (LookupError, UnicodeDecodeError):
                    pass
    return decode_text(data)


def extract_html(data: bytes, limits: Limits, deadline: Deadline) -> Document:
    """The visible text of an HTML page, one paragraph per block element."""
    text, warnings = decode_html(data)
    parser = _TextParser(deadline)
    try:
        for i in range(0, len(text), 65536):
            deadline.check()
            parser.feed(text[i : i + 65536])
        parser.close()
    except (AssertionError, ValueError) as exc:  # old parser versions assert on bad markup
        raise Corrupt("The HTML could not be read.") from exc
    raw = "".join(parser.out)
    paragraphs = [
        " ".join(p.split()) if "\n" not in p.strip() else p.strip()
        for p in re.split(r"\n\s*\n", raw)
    ]
    text = normalise("\n\n".join(p.strip() for p in paragraphs if p.strip()))
    return _document(text, "html", limits, deadline, warnings=warnings)


def extract_plain(data: bytes, limits: Limits, deadline: Deadline) -> Document:
    """Plain text as it is, with form feeds as page breaks."""
    text, warnings = decode_text(data)
    return _document(normalise(text), "text", limits, deadline, warnings=warnings)


def extract(
    data: bytes,
    *,
    filename: str | None = None,
    media_type: str | None = None,
    limits: Limits | None = None,
    deadline: Deadline | None = None,
    isolate_pdf: bool = True,
) -> Document:
    """Read any supported file into a :class:`Document`, or raise a ``ScreeningError``."""
    limits = limits or Limits()
    deadline = deadline or Deadline(limits.seconds)
    limits.check_size(len(data))
    if not data.strip():
        raise EmptyDocument()
    fmt = detect_format(data, filename, media_type)
    if fmt == "pdf":
        doc = extract_pdf(data, limits, deadline, isolate=isolate_pdf)
    elif fmt == "docx":
        doc = extract_docx(data, limits, deadline)
    elif fmt == "html":
        doc = extract_html(data, limits, deadline)
    else:
        doc = extract_plain(data, limits, deadline)
    doc.filename = filename
    return doc


def from_text(
    text: str, *, limits: Limits | None = None, deadline: Deadline | None = None
) -> Document:
    """A :class:`Document` for text already in memory (pasted text, a passage)."""
    limits = limits or Limits()
    return _document(normalise(text), "text", limits, deadline or Deadline(limits.seconds))

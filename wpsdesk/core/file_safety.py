"""Uploaded files parsed, not grepped: active content refused, metadata stripped.

Every upload that is kept (planning and checklist evidence, screened documents) passes
through two functions here:

* :func:`inspect_upload` parses the file with a real parser and refuses, in plain words,
  anything that can act by itself or reach outside the file. PDFs are opened with pikepdf
  (qpdf), which reads every object, including those packed in object streams, and decodes
  escaped names (``/J#61vaScript`` *is* ``/JavaScript``); every object is then walked.
  Office files (OOXML) are read as the package they are: content types, every
  relationship and every part.
* :func:`strip_metadata` returns the bytes to store: images re-encoded without
  EXIF/XMP/GPS, Office document properties emptied and comment and revision authors
  blanked, the PDF Info dictionary and XMP metadata removed. For people at risk a
  forgotten author name or GPS position is a way to find them.

This module does not depend on Django settings at import time, so the isolated PDF reader
of screening (a child process) can use :func:`pdf_active_content` too.
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse

# --- limits ------------------------------------------------------------------------------

MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 100 * 1024 * 1024
MAX_ZIP_RATIO = 100
#: A PDF with more objects than this is refused as too complex to check.
MAX_PDF_OBJECTS = 500_000
#: Images larger than this (width × height) are refused before they are decoded.
MAX_IMAGE_PIXELS = 60_000_000

PDF_EXTENSIONS = {".pdf"}
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg"}
OOXML_EXTENSIONS = {".docx", ".xlsx", ".pptx"}
TEXT_EXTENSIONS = {".txt", ".csv"}
OOXML_MAIN_PART = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
}


class RefusedFile(ValueError):
    """The file is refused; ``str()`` is a plain sentence for the person who uploaded it."""

    def __init__(self, message: str, code: str = "file") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _(message: str) -> str:
    """Translate at the moment of refusal (settings are loaded by then)."""
    from django.utils.translation import gettext

    return gettext(message)


# --- PDF ---------------------------------------------------------------------------------

#: Keys whose presence makes a dictionary an active or embedding one.
PDF_ACTIVE_KEYS = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/AA",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMediaContent",
        "/RichMediaSettings",
        "/XFA",
    }
)
#: Names that, as any value (an action's /S, a stream's /Type, an annotation's /Subtype),
#: mark active content: scripts, launching programs, attachments, rich media, form posts.
PDF_ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/FileAttachment",
        "/RichMedia",
        "/XFA",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
    }
)


def _pdf_children(obj: Any) -> Iterator[tuple[str | None, Any]]:
    """Direct children of a dictionary, stream or array as (key or None, value)."""
    import pikepdf

    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Dictionary):
        for key in obj:
            yield str(key), obj.get(str(key))
    elif isinstance(obj, pikepdf.Array):
        for item in obj:
            yield None, item


def pdf_active_content(pdf: Any) -> str | None:
    """The first active name found in any object of an open pikepdf ``Pdf``, or None.

    Walks the trailer and every object of the file (qpdf has unpacked object streams and
    decoded ``#xx`` escapes); each object's direct children are walked too, indirect ones
    are reached as objects of their own. ``/OpenAction`` is refused when it is an action
    (a dictionary); a plain destination (an array: open at page N) is harmless.
    """
    import pikepdf

    roots: list[Any] = [pdf.trailer]
    for count, obj in enumerate(pdf.objects, start=1):
        if count > MAX_PDF_OBJECTS:
            return "/TooManyObjects"
        roots.append(obj)
    for root in roots:
        stack: list[Any] = [root]
        while stack:
            obj = stack.pop()
            for key, value in _pdf_children(obj):
                if key is not None:
                    if key in PDF_ACTIVE_KEYS:
                        return key
                    if key == "/OpenAction" and isinstance(value, pikepdf.Dictionary):
                        return key
                if isinstance(value, pikepdf.Name) and str(value) in PDF_ACTIVE_NAMES:
                    return str(value)
                if (
                    isinstance(value, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream)
                    and not value.is_indirect
                ):
                    stack.append(value)
    return None


def _open_pdf(data: bytes) -> Any:
    import pikepdf

    if not data.startswith(b"%PDF-"):
        raise RefusedFile(_("This is not a PDF file, though its name says so."))
    try:
        return pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as exc:
        raise RefusedFile(
            _("This PDF is protected by a password. Upload it without the password.")
        ) from exc
    except Exception as exc:  # any parser failure is damage: qpdf gave up on it
        raise RefusedFile(_("This PDF is damaged and cannot be read.")) from exc


def _inspect_pdf(data: bytes) -> None:
    with _open_pdf(data) as pdf:
        try:
            found = pdf_active_content(pdf)
        except Exception as exc:  # a damaged object that qpdf cannot resolve
            raise RefusedFile(_("This PDF is damaged and cannot be read.")) from exc
    if found == "/TooManyObjects":
        raise RefusedFile(_("This PDF holds too many parts to check."))
    if found:
        raise RefusedFile(
            _(
                "This PDF contains scripts, attachments or forms that run by themselves. "
                "Print it to a new PDF and upload that instead."
            ),
            code="active_content",
        )


def _strip_pdf(data: bytes) -> bytes:
    import pikepdf

    with _open_pdf(data) as pdf:
        try:
            if "/Info" in pdf.trailer:
                del pdf.trailer["/Info"]
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                    for key in ("/Metadata", "/PieceInfo"):
                        if key in obj:
                            del obj[key]
            out = io.BytesIO()
            # Saving writes only the objects still reachable, so the removed ones are gone;
            # encryption with an empty password is removed too. Streams are copied as they
            # are, never inflated: a compressed bomb costs no time or memory here.
            pdf.save(
                out,
                fix_metadata_version=False,
                deterministic_id=True,
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
            )
        except Exception as exc:  # qpdf cannot write back what it read: damage
            raise RefusedFile(_("This PDF is damaged and cannot be read.")) from exc
    return out.getvalue()


# --- images ------------------------------------------------------------------------------


def _open_image(data: bytes, kind: str) -> Any:
    from PIL import Image

    magic = {"PNG": b"\x89PNG\r\n\x1a\n", "JPEG": b"\xff\xd8\xff"}[kind]
    if not data.startswith(magic):
        if kind == "PNG":
            raise RefusedFile(_("This is not a PNG image, though its name says so."))
        raise RefusedFile(_("This is not a JPEG image, though its name says so."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind])
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise RefusedFile(_("This image is too large to check."))
            image.load()
    except RefusedFile:
        raise
    except Exception as exc:  # Pillow's errors for damaged or bomb images
        raise RefusedFile(_("This image is damaged and cannot be read.")) from exc
    return image


def _strip_image(data: bytes, ext: str) -> bytes:
    """Re-encode the pixels only: no EXIF (GPS, camera, owner), no XMP, no text chunks."""
    from PIL import ImageOps
    from PIL.JpegImagePlugin import get_sampling

    kind = "PNG" if ext == ".png" else "JPEG"
    image = _open_image(data, kind)
    icc = image.info.get("icc_profile")
    options: dict[str, Any] = {}
    if icc:
        options["icc_profile"] = icc  # colour, not a person: kept so colours stay right
    if kind == "JPEG":
        tables = getattr(image, "quantization", None)
        sampling = get_sampling(image)
        if tables and sampling != -1:
            # The original's own tables: re-encoding does not lower the quality further.
            options.update(qtables=tables, subsampling=sampling)
        else:
            options["quality"] = 90
    elif "transparency" in image.info:
        options["transparency"] = image.info["transparency"]
    out = io.BytesIO()
    try:
        # Turn the picture as the EXIF orientation says, since that tag goes with the rest.
        upright = ImageOps.exif_transpose(image)
        upright.save(out, kind, **options)
    except Exception as exc:  # damaged EXIF or tables that Pillow cannot write back
        raise RefusedFile(_("This image is damaged and cannot be read.")) from exc
    return out.getvalue()


# --- Office (OOXML) ----------------------------------------------------------------------

_MACRO_CONTENT_TYPES = (
    "macroenabled",
    "vbaproject",
    "vbadata",
    "macrosheet",
    "attachedtoolbars",
    "activex",
    "oleobject",
)
#: Relationship types refused wherever they point: macros, OLE objects, ActiveX, packages.
_REFUSED_RELATIONSHIPS = (
    "/vbaproject",
    "/wordvbadata",
    "/attachedtoolbars",
    "/oleobject",
    "/control",
    "/activexcontrolbinary",
)
#: Office packages embedded in a package (a chart's data workbook) are checked as packages
#: of their own, one level deep; any other embedded object (OLE, .bin) is refused.
_EMBEDDED_PACKAGES = (".xlsx", ".docx", ".pptx")
#: Fields that run or fetch something when the document is opened or updated.
_ACTIVE_FIELDS = frozenset({"DDE", "DDEAUTO", "INCLUDETEXT", "LINK", "IMPORT"})
_DDE_FORMULA = re.compile(r"^\s*[=+\-@]?\s*'?[A-Za-z0-9_.\-]+'?\s*\|")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(el: Element, name: str) -> str:
    for key, value in el.attrib.items():
        if _local(key) == name:
            return value
    return ""


def _xml(data: bytes) -> Element:
    try:
        return fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise RefusedFile(_("This Office file is damaged and cannot be read.")) from exc


#: What a damaged zip raises while its directory or a part is read (RuntimeError: an
#: encrypted part; zlib.error: damaged compressed data; UnicodeDecodeError: a bad name).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    ValueError,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
)


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if not data.startswith(b"PK\x03\x04"):
        raise RefusedFile(_("This is not an Office file, though its name says so."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except _ZIP_ERRORS as exc:
        raise RefusedFile(_("This Office file is damaged and cannot be read.")) from exc
    if len(entries) > MAX_ZIP_ENTRIES:
        raise RefusedFile(_("This file holds too many parts to check."))
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.compress_size and entry.file_size / entry.compress_size > MAX_ZIP_RATIO:
            raise RefusedFile(_("This file unpacks to far more than its size; it was refused."))
        if entry.filename.startswith("/") or ".." in entry.filename.split("/"):
            raise RefusedFile(_("This file has parts with unsafe names; it was refused."))
        if entry.flag_bits & 0x1:
            raise RefusedFile(
                _("This Office file is protected by a password. Upload it without the password.")
            )
    if total > MAX_ZIP_UNCOMPRESSED:
        raise RefusedFile(_("This file unpacks to too much data; it was refused."))
    return archive


def _read_parts(archive: zipfile.ZipFile) -> dict[str, bytes]:
    try:
        return {info.filename: archive.read(info) for info in archive.infolist()}
    except _ZIP_ERRORS as exc:
        raise RefusedFile(_("This Office file is damaged and cannot be read.")) from exc


def _macros() -> RefusedFile:
    return RefusedFile(
        _("Files with macros are not accepted. Save it without macros first."),
        code="active_content",
    )


def _embedded() -> RefusedFile:
    return RefusedFile(
        _(
            "This Office file contains embedded objects or controls (OLE, ActiveX). "
            "Remove them, or save the file as PDF, and upload it again."
        ),
        code="active_content",
    )


#: Stands for a field whose name is itself made by a nested field ({ {QUOTE 68 68 69} … }),
#: a way to hide DDE from a reader that looks at the words.
COMPUTED_FIELD = "<computed>"


def _events(data: bytes) -> Iterator[tuple[str, Element]]:
    """Start and end events of an XML part, parsed as a stream (no whole tree in memory)."""
    try:
        for event, el in iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True):
            yield event, el
            if event == "end":
                el.clear()  # what has been looked at is not kept
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise RefusedFile(_("This Office file is damaged and cannot be read.")) from exc


def _field_instructions(data: bytes) -> Iterator[str]:
    """Each field's instruction: simple fields, and complex ones split over runs and nested."""
    # One entry per open complex field: its instruction so far, and whether it is still
    # being written (before its "separate" mark).
    stack: list[tuple[list[str], list[bool]]] = []
    for event, el in _events(data):
        name = _local(el.tag)
        if event == "start" and name == "fldSimple":
            yield _attr(el, "instr")
        elif event == "start" and name == "fldChar":
            kind = _attr(el, "fldCharType")
            if kind == "begin":
                if stack and stack[-1][1][0] and not "".join(stack[-1][0]).strip():
                    yield COMPUTED_FIELD
                stack.append(([], [True]))
            elif kind == "separate" and stack and stack[-1][1][0]:
                stack[-1][1][0] = False
                yield "".join(stack[-1][0])
            elif kind == "end" and stack:
                text, writing = stack.pop()
                if writing[0]:
                    yield "".join(text)
        elif event == "end" and name == "instrText" and stack and stack[-1][1][0]:
            stack[-1][0].append(el.text or "")
    for text, writing in stack:  # a field never closed is still read
        if writing[0]:
            yield "".join(text)


def inspect_ooxml_parts(parts: dict[str, bytes], ext: str | None = None, depth: int = 0) -> None:
    """Refuse an unpacked Office package with macros, embedded objects, outside links or DDE.

    ``parts`` maps each part's name to its bytes. With ``ext`` the package must also hold
    the main part that kind of file has (``word/document.xml`` for ``.docx``).
    """
    lowered = {name.lower(): name for name in parts}
    if "[content_types].xml" not in lowered or (
        ext is not None and OOXML_MAIN_PART[ext] not in lowered
    ):
        raise RefusedFile(_("This is not an Office file of the kind its name says."))
    types = _xml(parts[lowered["[content_types].xml"]])
    for el in types:
        content_type = _attr(el, "ContentType").lower()
        if any(marker in content_type for marker in _MACRO_CONTENT_TYPES):
            if "activex" in content_type or "oleobject" in content_type:
                raise _embedded()
            raise _macros()
    for name in lowered:
        segments = name.split("/")
        if name.endswith(("vbaproject.bin", "vbadata.xml")) or "macrosheets" in segments:
            raise _macros()
        if "activex" in segments:
            raise _embedded()
        if "embeddings" in segments and (depth > 0 or not name.endswith(_EMBEDDED_PACKAGES)):
            raise _embedded()
    for name, data in parts.items():
        lower = name.lower()
        if "embeddings" in lower.split("/"):
            with _open_zip(data) as archive:
                inspect_ooxml_parts(_read_parts(archive), None, depth + 1)
        elif lower.endswith(".rels"):
            for rel in _xml(data):
                kind = _attr(rel, "Type").lower()
                if kind.endswith(_REFUSED_RELATIONSHIPS):
                    if kind.endswith(("/vbaproject", "/wordvbadata", "/attachedtoolbars")):
                        raise _macros()
                    raise _embedded()
                external = _attr(rel, "TargetMode").lower() == "external"
                if external and not kind.endswith("/hyperlink"):
                    raise RefusedFile(
                        _(
                            "This Office file fetches a template, data or other content "
                            "from outside the file when it is opened. Save a copy without "
                            "the link (or as PDF) and upload that."
                        ),
                        code="active_content",
                    )
        elif lower.startswith("word/") and lower.endswith(".xml"):
            for instruction in _field_instructions(data):
                words = instruction.split()
                if instruction == COMPUTED_FIELD or (words and words[0].upper() in _ACTIVE_FIELDS):
                    raise RefusedFile(
                        _(
                            "This Word file contains fields that run programs or fetch "
                            "other files (DDE, DDEAUTO, INCLUDETEXT, LINK). Turn the "
                            "fields into plain text and upload it again."
                        ),
                        code="active_content",
                    )
        elif lower.endswith(".xml") and lower.startswith(("xl/worksheets/", "xl/externallinks/")):
            for event, el in _events(data):
                name_ = _local(el.tag)
                if (event == "start" and name_ in {"ddeLink", "oleLink"}) or (
                    event == "end" and name_ == "f" and _DDE_FORMULA.match(el.text or "")
                ):
                    raise RefusedFile(
                        _(
                            "This workbook contains formulas or links that run programs "
                            "(DDE). Remove them and upload it again."
                        ),
                        code="active_content",
                    )


_EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b"<cp:coreProperties"
    b' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    b' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    b' xmlns:dcterms="http://purl.org/dc/terms/"'
    b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)
_EMPTY_APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b"<Properties"
    b' xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>'
)
_EMPTY_CUSTOM = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b"<Properties"
    b' xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>'
)
#: Attributes naming a person: revision and comment authors (w:author, w15:author),
#: initials, and the account behind a comment (userId, providerId, displayName).
_PERSON_ATTRIBUTE = re.compile(
    rb"""(\s(?:[\w.\-]+:)?(?:author|initials|userId|providerId|displayName))\s*=\s*("[^"]*"|'[^']*')"""
)
#: ``<author>Name</author>`` (Excel comments' author list).
_AUTHOR_ELEMENT = re.compile(rb"(<((?:[\w.\-]+:)?author)\b[^>/]*>)[^<]*(</\2\s*>)")
#: PowerPoint's comment authors carry the name in ``name``.
_NAME_ATTRIBUTE = re.compile(rb"""(\sname)\s*=\s*("[^"]*"|'[^']*')""")


def _blank_people(name: str, data: bytes) -> bytes:
    # Text-level edits keep every namespace prefix and declaration as it was; Office
    # refuses files whose mc:Ignorable prefixes a re-serialising parser has renamed.
    data = _PERSON_ATTRIBUTE.sub(rb'\1=""', data)
    data = _AUTHOR_ELEMENT.sub(rb"\1\3", data)
    base = name.lower().rsplit("/", 1)[-1]
    if name.lower().startswith("ppt/") and base in {"commentauthors.xml", "authors.xml"}:
        data = _NAME_ATTRIBUTE.sub(rb'\1=""', data)
    return data


def _strip_ooxml(data: bytes, ext: str) -> bytes:
    with _open_zip(data) as archive:
        infos = archive.infolist()
        parts = _read_parts(archive)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in infos:
            name = info.filename
            lower = name.lower()
            body = parts[name]
            if lower == "docprops/core.xml":
                body = _EMPTY_CORE
            elif lower == "docprops/app.xml":
                body = _EMPTY_APP
            elif lower == "docprops/custom.xml":
                body = _EMPTY_CUSTOM
            elif lower.endswith(".xml"):
                body = _blank_people(name, body)
            elif "embeddings" in lower.split("/") and lower.endswith(_EMBEDDED_PACKAGES):
                body = _strip_ooxml(body, lower[lower.rindex(".") :])  # its own authors too
            elif lower.endswith((".png", ".jpg", ".jpeg")):
                # A picture Pillow cannot read is left as it is; the document still opens.
                with contextlib.suppress(RefusedFile):
                    body = _strip_image(body, ".png" if lower.endswith(".png") else ".jpg")
            # A fixed date: the zip's own timestamps say when and where it was saved.
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, body)
    return out.getvalue()


def _inspect_ooxml(data: bytes, ext: str) -> None:
    with _open_zip(data) as archive:
        parts = _read_parts(archive)
    inspect_ooxml_parts(parts, ext)


# --- text --------------------------------------------------------------------------------


def _inspect_text(data: bytes) -> None:
    if b"\x00" in data:
        raise RefusedFile(_("This is not a plain-text file."))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RefusedFile(_("Save the text file as UTF-8 and upload it again.")) from exc


# --- the two entry points ----------------------------------------------------------------

_INSPECTORS: dict[str, Callable[[bytes], None]] = {
    ".pdf": _inspect_pdf,
    ".png": lambda data: _open_image(data, "PNG").close(),
    ".jpg": lambda data: _open_image(data, "JPEG").close(),
    ".jpeg": lambda data: _open_image(data, "JPEG").close(),
    ".txt": _inspect_text,
    ".csv": _inspect_text,
}


def inspect_upload(data: bytes, ext: str) -> None:
    """Parse ``data`` as the kind ``ext`` names; raise :class:`RefusedFile` if it is refused.

    ``ext`` is the lower-case extension with its dot (``".pdf"``). Unknown kinds are
    refused; the caller decides which kinds it accepts at all.
    """
    if not data:
        raise RefusedFile(_("The file is empty."))
    if ext in OOXML_EXTENSIONS:
        _inspect_ooxml(data, ext)
        return
    inspector = _INSPECTORS.get(ext)
    if inspector is None:
        raise RefusedFile(_("Files of this type are not accepted."))
    inspector(data)


def strip_metadata(data: bytes, ext: str) -> bytes:
    """The bytes to store: the same content without the metadata that names people or places.

    Call after :func:`inspect_upload`; plain text and CSV carry no metadata and come back
    as they are.
    """
    if ext in PDF_EXTENSIONS:
        return _strip_pdf(data)
    if ext in IMAGE_EXTENSIONS:
        return _strip_image(data, ext)
    if ext in OOXML_EXTENSIONS:
        return _strip_ooxml(data, ext)
    return data


def safe_upload(data: bytes, ext: str) -> bytes:
    """Inspect, then strip: the clean bytes to store, or :class:`RefusedFile`."""
    inspect_upload(data, ext)
    return strip_metadata(data, ext)

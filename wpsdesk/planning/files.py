"""Uploaded evidence files: checked, encrypted, stored under random names, read back.

A file is accepted only if its name ends in an allowed extension *and* its bytes look
like that type: PDF without active content, PNG, JPEG, plain text or CSV in UTF-8, and
Word, Excel or PowerPoint files (Office Open XML) without macros whose zip container stays
within the limits below. Everything else gets a plain-words refusal and nothing is stored.

Stored files are sealed with AES-256-GCM using the application's key ring (never
``SECRET_KEY``) and saved through Django's default storage under
``planning/evidence/<random hex>``: no extension, no original name, nothing a web server
could serve as a page. The original name is kept on the :class:`~.models.Evidence` row.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from wpsdesk.core import sealed_files
from wpsdesk.core.sealed_files import clean_name, discard, load, seal, unseal

STORAGE_DIR = "planning/evidence"
__all__ = [
    "CheckedFile",
    "check_upload",
    "clean_name",
    "discard",
    "load",
    "seal",
    "store",
    "unseal",
]


def max_bytes() -> int:
    return int(getattr(settings, "PLANNING_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 100 * 1024 * 1024
MAX_ZIP_RATIO = 100
#: Inflated PDF streams scanned for active content, at most this much in all.
MAX_PDF_INFLATE = 50 * 1024 * 1024

OOXML_MAIN_PART = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
ALLOWED_LIST = "PDF, PNG, JPEG, TXT, CSV, DOCX, XLSX, PPTX"
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm)\b")
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="file")


def _check_pdf(data: bytes) -> None:
    if not data.startswith(b"%PDF-"):
        raise _refuse(_("This is not a PDF file, though its name says so."))
    if PDF_ACTIVE.search(data):
        raise _refuse(
            _(
                "This PDF contains scripts, attachments or forms that run by themselves. "
                "Print it to a new PDF and upload that instead."
            )
        )
    budget = MAX_PDF_INFLATE
    for match in PDF_STREAM.finditer(data):
        try:
            inflater = zlib.decompressobj()
            inflated = inflater.decompress(match.group(1), budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        if PDF_ACTIVE.search(inflated):
            raise _refuse(
                _(
                    "This PDF contains scripts, attachments or forms that run by themselves. "
                    "Print it to a new PDF and upload that instead."
                )
            )
        if budget <= 0:
            raise _refuse(_("This PDF unpacks to too much data to check."))


def _check_ooxml(data: bytes, ext: str) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise _refuse(_("This is not an Office file, though its name says so."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise _refuse(_("This file holds too many parts to check."))
            total = 0
            names = set()
            for entry in entries:
                total += entry.file_size
                names.add(entry.filename)
                if entry.compress_size and entry.file_size / entry.compress_size > MAX_ZIP_RATIO:
                    raise _refuse(_("This file unpacks to far more than its size; it was refused."))
                if entry.filename.startswith("/") or ".." in entry.filename.split("/"):
                    raise _refuse(_("This file has parts with unsafe names; it was refused."))
            if total > MAX_ZIP_UNCOMPRESSED:
                raise _refuse(_("This file unpacks to too much data; it was refused."))
    except zipfile.BadZipFile as exc:
        raise _refuse(_("This Office file is damaged and cannot be read.")) from exc
    if "[Content_Types].xml" not in names or OOXML_MAIN_PART[ext] not in names:
        raise _refuse(_("This is not an Office file of the kind its name says."))
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise _refuse(_("Files with macros are not accepted. Save it without macros first."))


def _check_text(data: bytes) -> None:
    if b"\x00" in data:
        raise _refuse(_("This is not a plain-text file."))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse(_("Save the text file as UTF-8 and upload it again.")) from exc


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Read and check an upload; raise a ValidationError in plain words if it is refused."""
    limit = max_bytes()
    if upload.size is None or upload.size > limit:
        raise _refuse(
            _("The file is larger than %(mb)s MB. Upload a smaller file.")
            % {"mb": limit // (1024 * 1024) or 1}
        )
    name = clean_name(upload.name or "")
    ext = os.path.splitext(name)[1].lower()
    if ext not in CONTENT_TYPES:
        raise _refuse(
            _("Files of this type are not accepted. Accepted: %(types)s.") % {"types": ALLOWED_LIST}
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _refuse(
            _("The file is larger than %(mb)s MB. Upload a smaller file.")
            % {"mb": limit // (1024 * 1024) or 1}
        )
    if not data:
        raise _refuse(_("The file is empty."))
    if ext == ".pdf":
        _check_pdf(data)
    elif ext == ".png":
        if not data.startswith(b"\x89PNG\r\n\x1a\n"):
            raise _refuse(_("This is not a PNG image, though its name says so."))
    elif ext in {".jpg", ".jpeg"}:
        if not data.startswith(b"\xff\xd8\xff"):
            raise _refuse(_("This is not a JPEG image, though its name says so."))
    elif ext in {".txt", ".csv"}:
        _check_text(data)
    else:
        _check_ooxml(data, ext)
    return CheckedFile(name=name, content_type=CONTENT_TYPES[ext], data=data)


def store(data: bytes) -> str:
    """Seal and save; return the storage key (a random name)."""
    return sealed_files.store(data, STORAGE_DIR)

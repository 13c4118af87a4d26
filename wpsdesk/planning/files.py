"""Uploaded evidence files: checked, encrypted, stored under random names, read back.

A file is accepted only if its name ends in an allowed extension *and* its bytes parse as
that type without active content (PDF, PNG, JPEG, plain text or CSV in UTF-8, Word, Excel
or PowerPoint files); see :mod:`wpsdesk.core.file_safety`. Everything else gets a
plain-words refusal and nothing is stored. What is stored is stripped of its metadata
(EXIF/GPS, document authors, PDF Info and XMP).

Stored files are sealed with AES-256-GCM using the application's key ring (never
``SECRET_KEY``) and saved through Django's default storage under
``planning/evidence/<random hex>``: no extension, no original name, nothing a web server
could serve as a page. The original name is kept on the :class:`~.models.Evidence` row.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from wpsdesk.core import file_safety, sealed_files
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


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes
    # Bytes that arrived, before metadata was stripped from ``data``: what the service
    # compares with the upload's declared size.
    received: int = 0


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="file")


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
    try:
        clean = file_safety.safe_upload(data, ext)
    except file_safety.RefusedFile as refused:
        raise _refuse(refused.message) from refused
    return CheckedFile(name=name, content_type=CONTENT_TYPES[ext], data=clean, received=len(data))


def store(data: bytes) -> str:
    """Seal and save; return the storage key (a random name)."""
    return sealed_files.store(data, STORAGE_DIR)

"""What people do with screened documents: add, screen, re-screen, edit, delete, compare.

Every function takes the acting person and checks the policy layer itself, so views, the
API and commands cannot forget to. Small inputs are screened while the person waits; larger
ones are queued for a worker (``jobs.screen_in_background``) once the row is committed, and
the row shows the stage and per cent done. An upload is kept sealed only until its text is
read; then only the text stays.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.core import sealed_files
from wpsdesk.core.concurrency import ensure_current
from wpsdesk.core.sealed_files import clean_name
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import may_create_in, may_edit, may_read
from wpsdesk.organisation.reclassification import reclassify
from wpsdesk.processes.models import PeaceProcess
from wpsdesk.screening.engine import Comparison, Limits, ScreeningError, compare, screen_text
from wpsdesk.screening.engine.errors import EmptyDocument
from wpsdesk.screening.engine.extract import detect_format, extract, from_text
from wpsdesk.screening.engine.limits import Deadline
from wpsdesk.screening.engine.screen import Screening, screen_document

from .models import ScreenedDocument, Source, Stage, Status

log = logging.getLogger(__name__)

UPLOAD_DIR = "screening/uploads"
TITLE_MAX = 200


def limits() -> Limits:
    """The engine's limits for documents screened here."""
    return Limits()


def inline_bytes() -> int:
    """Inputs up to this many bytes are screened during the request."""
    return int(getattr(settings, "SCREENING_INLINE_BYTES", 200_000))


def _read_upload(upload: UploadedFile) -> bytes:
    """The uploaded bytes, refused without reading on if over the size limit."""
    cap = limits().max_bytes
    if upload.size is not None and upload.size > cap:
        raise ValidationError(
            _("The file is %(size).1f MB; the limit is %(limit)d MB.")
            % {"size": upload.size / 1024 / 1024, "limit": cap // 1024 // 1024},
            code="too_large",
        )
    chunks: list[bytes] = []
    total = 0
    for chunk in upload.chunks():
        total += len(chunk)
        if total > cap:
            raise ValidationError(
                _("The file is larger than %(limit)d MB.") % {"limit": cap // 1024 // 1024},
                code="too_large",
            )
        chunks.append(chunk)
    return b"".join(chunks)


def add_document(
    *,
    actor: User,
    unit: Unit,
    title: str,
    classification: str,
    chosen_type: str = "",
    upload: UploadedFile | None = None,
    text: str | None = None,
    process: PeaceProcess | None = None,
) -> ScreenedDocument:
    """Add a document from an upload or pasted text and screen it (now or in the background).

    Raises ``PermissionDenied`` if the person may not add records to ``unit`` or may not
    read the peace ``process`` it is linked to, and ``ValidationError`` (nothing stored) for
    an empty, oversized or unsupported input.
    """
    if not may_create_in(actor, unit):
        raise PermissionDenied
    if process is not None and not may_read(actor, process):
        raise PermissionDenied
    if (upload is None) == (text is None):
        raise ValidationError(_("Upload a file or paste a text, not both."), code="source")
    title = " ".join((title or "").split())[:TITLE_MAX]
    if text is None and upload is not None:
        data = _read_upload(upload)
        name = clean_name(upload.name or "")
        if not data.strip():
            raise ValidationError(_("The file is empty."), code="empty")
        try:
            fmt = detect_format(data, name, upload.content_type)
        except ScreeningError as exc:
            raise ValidationError(str(exc), code=exc.code) from exc
        size = len(data)
        fields: dict[str, Any] = {
            "source": Source.UPLOAD,
            "file_name": name,
            "file_format": fmt,
            "title": title or name,
        }
    elif text is not None:
        if not text.strip():
            raise ValidationError(_("The text is empty."), code="empty")
        if len(text) > limits().max_chars:
            raise ValidationError(
                _("The text holds %(count)s characters; the limit is %(limit)s.")
                % {"count": f"{len(text):,}", "limit": f"{limits().max_chars:,}"},
                code="too_large",
            )
        data = b""
        size = len(text.encode("utf-8"))
        fields = {
            "source": Source.PASTE,
            "file_format": "text",
            "title": title or text.strip().splitlines()[0][:80],
        }
    key = sealed_files.store(data, UPLOAD_DIR) if data else ""
    try:
        with transaction.atomic():
            document = ScreenedDocument.objects.create(
                unit=unit,
                classification=classification,
                chosen_type=chosen_type or "",
                size=size,
                upload_key=key,
                text=text if text is not None else "",
                process=process,
                added_by=actor,
                **fields,
            )
            record_event(
                kind="screening.document_added",
                actor=actor,
                target=document,
                details={"source": document.source, "format": document.file_format},
            )
            if size > inline_bytes():
                transaction.on_commit(lambda: queue(document.pk))
    except BaseException:
        sealed_files.discard(key)
        raise
    if size <= inline_bytes():
        run_screening(document.pk, in_request=True)
        document.refresh_from_db()
    return document


def queue(document_id: int, *, attempt: int = 1) -> None:
    """Put a document on the background queue; the document remembers its job and run."""
    from .jobs import screen_in_background
    from .recovery import task_key

    with transaction.atomic():
        result = screen_in_background.enqueue(document_id)
        ScreenedDocument.objects.filter(pk=document_id).update(
            task_id=task_key(result.id), attempts=attempt
        )


def _progress(document_id: int, stage: str, progress: int, **more: Any) -> None:
    # update(), not save(): progress is not history, and a worker must not overwrite edits.
    ScreenedDocument.objects.filter(pk=document_id).update(
        stage=stage, progress=progress, progress_at=timezone.now(), **more
    )


def result_json(screening: Screening) -> str:
    """What is kept of a screening: the engine's result plus the provisions that hold WPS
    content (the text itself is kept beside it)."""
    data = screening.to_dict()
    wps = set(screening.by_provision)
    data["provisions"] = [
        {
            "id": p.id,
            "kind": p.kind,
            "start": p.start,
            "end": p.end,
            "page": p.page,
            "preamble": p.preamble,
        }
        for p in screening.provisions
        if p.id in wps
    ]
    return json.dumps(data, ensure_ascii=False)


def run_screening(document_id: int, *, in_request: bool = False) -> None:
    """Screen a queued document and store what was found, or why it could not be screened.

    Safe to run twice: a document already screened is left as it is. An unexpected error
    marks the document failed and is logged; a worker also re-raises it (so the job shows
    as failed), a request does not (the person sees the failed document, not an error page).
    """
    document = ScreenedDocument.objects.filter(pk=document_id).first()
    if document is None or document.status == Status.DONE:
        return
    _progress(document_id, Stage.READING, 5, status=Status.RUNNING, error="", error_code="")
    lim = limits()
    deadline = Deadline(lim.seconds)
    try:
        if document.upload_key:
            data = sealed_files.load(document.upload_key)
            doc = extract(data, filename=document.file_name, limits=lim, deadline=deadline)
        else:
            doc = from_text(document.text, limits=lim, deadline=deadline)
        _progress(document_id, Stage.MATCHING, 40)
        screening = screen_document(
            doc, doc_type=document.chosen_type or None, limits=lim, deadline=deadline
        )
    except ScreeningError as exc:
        _fail(document, exc.code, str(exc))
        return
    except Exception:
        log.exception("screening of document %s failed", document_id)
        _fail(document, "internal", _("An unexpected error stopped the screening."))
        if in_request:
            return
        raise
    _progress(document_id, Stage.SAVING, 90)
    summary = screening.summary
    with transaction.atomic():
        ScreenedDocument.objects.filter(pk=document_id).update(
            status=Status.DONE,
            stage="",
            progress=100,
            text=doc.text,  # update() encrypts through the field, as save() does
            result=result_json(screening),
            upload_key="",
            file_format=doc.format,
            taxonomy_version=screening.taxonomy_version,
            detected_type=screening.doc_type,
            pages=doc.pages,
            characters=len(doc.text),
            findings_count=summary.total_findings,
            substantive_count=summary.substantive_findings,
            provisions_count=summary.wps_provisions,
            gaps_count=len(summary.missing),
            themes=" " + " ".join(summary.present) + " " if summary.present else "",
            screened_at=timezone.now(),
        )
        if document.upload_key:
            key = document.upload_key
            transaction.on_commit(lambda: sealed_files.discard(key))


def _fail(document: ScreenedDocument, code: str, message: str) -> None:
    ScreenedDocument.objects.filter(pk=document.pk).update(
        status=Status.FAILED,
        stage="",
        progress=100,
        error_code=code[:40],
        error=message[:500],
        upload_key="",
        screened_at=timezone.now(),
    )
    sealed_files.discard(document.upload_key)


def rescreen(*, actor: User, document: ScreenedDocument) -> None:
    """Screen a document's kept text again (after a taxonomy update or a type change)."""
    if not may_edit(actor, document):
        raise PermissionDenied
    if not document.text and not document.upload_key:
        raise ValidationError(
            _("Nothing is kept of this document to screen again. Add it once more."),
            code="no_text",
        )
    document.status = Status.QUEUED
    document.progress = 0
    document.stage = ""
    document.error = ""
    document.error_code = ""
    document.save(update_fields=["status", "progress", "stage", "error", "error_code"])
    record_event(kind="screening.rescreened", actor=actor, target=document)
    if max(document.characters, document.size) > inline_bytes():
        transaction.on_commit(lambda: queue(document.pk))
    else:
        run_screening(document.pk, in_request=True)


def update_document(
    *,
    actor: User,
    document: ScreenedDocument,
    title: str,
    classification: str,
    chosen_type: str,
    classification_reason: str = "",
    version: int | None = None,
) -> bool:
    """Rename, reclassify or retype a document; a new type means screening it again.

    Lowering the classification needs the unit lead and a reason (the one
    reclassification rule). Returns whether it is being screened again. With ``version``
    (the one the person read), a change made after someone else saved raises
    ``StaleEdit`` and writes nothing.
    """
    if not may_edit(actor, document):
        raise PermissionDenied
    with transaction.atomic():
        ensure_current(document, version)
        retype = (chosen_type or "") != document.chosen_type
        reclassify(actor=actor, record=document, to=classification, reason=classification_reason)
        document.title = " ".join(title.split())[:TITLE_MAX] or document.title
        document.chosen_type = chosen_type or ""
        document.save(update_fields=["title", "classification", "chosen_type"])
        record_event(
            kind="screening.document_changed",
            actor=actor,
            target=document,
            details={"classification": classification, "retyped": retype},
        )
    if retype and document.text:
        rescreen(actor=actor, document=document)
    return retype


def delete_document(*, actor: User, document: ScreenedDocument) -> None:
    """Delete a document and its findings; recorded in the security log and the history."""
    if not may_edit(actor, document):
        raise PermissionDenied
    key = document.upload_key
    with transaction.atomic():
        record_event(
            kind="screening.document_deleted",
            actor=actor,
            target=document,
            details={"title_length": len(document.title)},
        )
        document.delete()
        if key:
            transaction.on_commit(lambda: sealed_files.discard(key))


def screening_of(document: ScreenedDocument) -> Screening:
    """The document's kept text screened again in memory (for comparing drafts)."""
    if not document.text:
        raise EmptyDocument()
    return screen_text(document.text, doc_type=document.detected_type or None, limits=limits())


def compare_documents(*, actor: User, old: ScreenedDocument, new: ScreenedDocument) -> Comparison:
    """WPS provisions added, removed and changed from ``old`` to ``new``.

    Both must be readable by the person and screened; raises ``ScreeningError`` if a text
    cannot be screened within the limits.
    """
    if not (may_read(actor, old) and may_read(actor, new)):
        raise PermissionDenied
    lim = limits()
    deadline = Deadline(lim.seconds)
    return compare(screening_of(old), screening_of(new), deadline=deadline)

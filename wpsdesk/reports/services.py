"""Writing annual reports: start, write the narrative, approve, submit, make files.

Every service checks the rule itself (:mod:`.rules`) and refuses with
:class:`~django.core.exceptions.PermissionDenied`, whatever page, command or job calls it.
Edits follow the concurrency pattern (``Versioned`` + :func:`ensure_current`).
"""

from __future__ import annotations

import copy
import importlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.core import sealed_files
from wpsdesk.core.concurrency import StaleEdit, ensure_current
from wpsdesk.organisation.models import Unit

from . import assemble, rules
from .audience import internal_reader
from .content import blocks_of, checksum, walk, with_narrative
from .models import (
    MAX_YEAR,
    MIN_YEAR,
    AnnualReport,
    FileFormat,
    FileStatus,
    Language,
    NarrativeSection,
    ReportFile,
    ReportStatus,
    Snapshot,
)

STORAGE_DIR = "reports"
#: The longest narrative section people may write.
MAX_NARRATIVE = 20_000


def report_start(*, actor: Any, unit: Unit | None, year: int, language: str) -> AnnualReport:
    """The unit's (or the service-wide) report for the year: the one there is, or a new draft."""
    if not rules.may_start(actor, unit.pk if unit else None):
        raise PermissionDenied(_("You may not start this report."))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            _("Give a year between %(a)d and %(b)d.") % {"a": MIN_YEAR, "b": MAX_YEAR}
        )
    if language not in Language.values:
        raise ValidationError(_("Choose bokmål or English."))
    existing = AnnualReport.objects.filter(unit=unit, year=year).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                unit=unit, year=year, language=language, created_by=actor
            )
    except IntegrityError:
        # Two people started it at once: both get the one that was made.
        return AnnualReport.objects.get(unit=unit, year=year)
    record_event(kind="reports.started", actor=actor, target=report, details={"year": year})
    return report


def narrative_texts(report: AnnualReport) -> dict[str, str]:
    """The narrative people wrote, by section id."""
    return dict(report.narratives.values_list("section", "text"))


def narrative_versions(report: AnnualReport) -> dict[str, int]:
    return dict(report.narratives.values_list("section", "version"))


def fresh_content(user: Any, report: AnnualReport, *, status: str | None = None) -> dict[str, Any]:
    """The report assembled now from live data for ``user``, with its written narrative."""
    if report.unit is None:
        content = assemble.assemble_service_report(user, report.year, report.language)
    else:
        content = assemble.assemble_unit(
            user, report.unit, report.year, report.language, status or report.status
        ).content
    return with_narrative(content, narrative_texts(report))


def content_for(user: Any, report: AnnualReport) -> dict[str, Any]:
    """What the reader sees: what was sent once submitted, else the live draft for them."""
    if not rules.may_open(user, report):
        raise PermissionDenied
    if report.is_submitted:
        return copy.deepcopy(report.snapshot.content)
    return fresh_content(user, report)


def narrative_ids(content: dict[str, Any]) -> list[str]:
    return [block["id"] for block in blocks_of(content, "narrative")]


def writable_sections() -> list[str]:
    """The narrative sections a report has: four per thematic priority (one query, not an
    assembly: a save as one types must stay cheap)."""
    return [
        f"{code.lower()}-{part}"
        for code in assemble.priority_codes()
        for part in assemble.NARRATIVE_PARTS
    ]


def narrative_save(
    *, actor: Any, report: AnnualReport, section: str, text: str, version: int | None
) -> NarrativeSection:
    """Write one narrative section (``version`` 0 for a section nobody has written yet).

    A change to an approved report sends it back to draft: the lead approves what is sent.
    """
    if not rules.may_write(actor, report):
        raise PermissionDenied(_("You may not write this report."))
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_NARRATIVE:
        raise ValidationError(_("Keep a section under %(n)d characters.") % {"n": MAX_NARRATIVE})
    with transaction.atomic():
        ensure_current(report, None)
        if report.status == ReportStatus.SUBMITTED:
            raise PermissionDenied(_("A submitted report cannot be changed."))
        record = NarrativeSection.objects.filter(report=report, section=section).first()
        if record is None:
            if version not in (None, 0):
                raise StaleEdit(report, version or 0)
            record = NarrativeSection(report=report, section=section)
        else:
            ensure_current(record, version)
        record.text = text
        record.edited_by = actor
        record.edited_at = timezone.now()
        record.save()
        if report.status == ReportStatus.APPROVED:
            report.status = ReportStatus.DRAFT
            report.approved_by = None
            report.approved_at = None
            report.save()
    return record


def report_approve(*, actor: Any, report: AnnualReport, version: int | None = None) -> None:
    """The unit lead (HQ for the service-wide report) approves the draft."""
    if not rules.may_sign(actor, report):
        raise PermissionDenied(_("Only the unit lead approves the report."))
    with transaction.atomic():
        ensure_current(report, version)
        if report.status != ReportStatus.DRAFT:
            raise ValidationError(_("Only a draft can be approved."))
        report.status = ReportStatus.APPROVED
        report.approved_by = actor
        report.approved_at = timezone.now()
        report.save()
        record_event(kind="reports.approved", actor=actor, target=report)


def report_submit(*, actor: Any, report: AnnualReport, version: int | None = None) -> Snapshot:
    """Freeze the approved report as it goes to HQ (see :mod:`.audience`) and submit it."""
    if not rules.may_sign(actor, report):
        raise PermissionDenied(_("Only the unit lead submits the report."))
    with transaction.atomic():
        ensure_current(report, version)
        if report.status != ReportStatus.APPROVED:
            raise ValidationError(_("Approve the report before you submit it."))
        reader = internal_reader()
        texts = narrative_texts(report)
        if report.unit is None:
            content = assemble.assemble_service_report(reader, report.year, report.language)
            figures: dict[str, Any] = {}
        else:
            built = assemble.assemble_unit(
                reader, report.unit, report.year, report.language, ReportStatus.SUBMITTED
            )
            content, figures = built.content, built.figures
        content = with_narrative(content, texts)
        snapshot = Snapshot.objects.create(
            report=report,
            content=content,
            narrative=texts,
            figures=figures,
            submitted_by=actor,
            submitted_at=timezone.now(),
            checksum=checksum(content),
        )
        report.status = ReportStatus.SUBMITTED
        report.save()
        record_event(
            kind="reports.submitted",
            actor=actor,
            target=report,
            details={"year": report.year, "checksum": snapshot.checksum},
        )
    return snapshot


# --- what changed since submission -----------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One section or table that is not what was sent."""

    section: str
    what: str


def _index(content: dict[str, Any]) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    return {s["id"]: (s["heading"], s["blocks"]) for s in walk(content["sections"])}


def _comparable(block: dict[str, Any]) -> Any:
    if block["kind"] == "table":
        return (block["id"], block["columns"], block["rows"])
    if block["kind"] == "chart":
        return (block["id"], block["categories"], block["series"])
    if block["kind"] == "narrative":
        return None  # the narrative is frozen with the report; only data is compared
    return (block["kind"], block.get("text"), block.get("items"))


def changes_since_submission(report: AnnualReport) -> list[Difference]:
    """Sections and tables whose data differs from what was sent (a fresh assembly for the
    same audience as the snapshot, so like is compared with like)."""
    if not report.is_submitted:
        return []
    sent = report.snapshot.content
    with transaction.atomic():
        now = fresh_content(internal_reader(), report, status=ReportStatus.SUBMITTED)
    before, after = _index(sent), _index(now)
    found: list[Difference] = []
    for sid, (heading, blocks) in after.items():
        if sid not in before:
            found.append(Difference(heading, _("new section")))
            continue
        old_blocks = before[sid][1]
        old = {b.get("id") or i: _comparable(b) for i, b in enumerate(old_blocks)}
        new = {b.get("id") or i: _comparable(b) for i, b in enumerate(blocks)}
        for key in sorted(set(old) | set(new), key=str):
            if old.get(key) != new.get(key):
                kind = next(
                    (b["kind"] for b in [*blocks, *old_blocks] if (b.get("id") or None) == key),
                    "",
                )
                caption = next(
                    (b.get("caption", "") for b in [*blocks, *old_blocks] if b.get("id") == key),
                    "",
                )
                what = (
                    _("table “%(caption)s” changed") % {"caption": caption}
                    if kind in ("table", "chart")
                    else _("text changed")
                )
                found.append(Difference(heading, what))
    for sid, (heading, _blocks) in before.items():
        if sid not in after:
            found.append(Difference(heading, _("section no longer there")))
    # One line per section and what changed in it.
    unique: list[Difference] = []
    for diff in found:
        if diff not in unique:
            unique.append(diff)
    return unique


# --- files -----------------------------------------------------------------------------


def file_request(*, actor: Any, report: AnnualReport, fmt: str) -> ReportFile:
    """Queue a DOCX, PDF or HTML file of the report for the person, made in the background."""
    if not rules.may_open(actor, report):
        raise PermissionDenied
    if fmt not in FileFormat.values:
        raise ValidationError(_("Choose Word, PDF or HTML."))
    record = ReportFile.objects.create(report=report, fmt=fmt, requested_by=actor)
    from .jobs import make_file_in_background

    transaction.on_commit(lambda: make_file_in_background.enqueue(record.pk))
    return record


def _progress(record: ReportFile, progress: int, **more: Any) -> None:
    # update(), not save(): progress is the job's, written as it works.
    ReportFile.objects.filter(pk=record.pk).update(progress=progress, **more)


def file_name(report: AnnualReport, fmt: str) -> str:
    who = report.unit.code if report.unit else "service"
    return f"wps-report-{report.year}-{who}.{fmt}"


def render(content: dict[str, Any], fmt: str) -> bytes:
    """The content as a DOCX, PDF or HTML file (the renderers never read the database)."""
    renderers: Any = importlib.import_module("wpsdesk.reports.render")

    if fmt == FileFormat.DOCX:
        return bytes(renderers.render_docx(content))
    if fmt == FileFormat.PDF:
        return bytes(renderers.render_pdf(content))
    return str(renderers.render_html(content)).encode("utf-8")


def make_file(file_id: int) -> None:
    """Make one requested file: assemble for its requester, render, seal and keep it."""
    record = ReportFile.objects.select_related("report__unit", "requested_by").get(pk=file_id)
    if record.status == FileStatus.DONE:
        return
    _progress(record, 5, status=FileStatus.RUNNING, error="")
    try:
        with transaction.atomic():
            content = content_for(record.requested_by, record.report)
        _progress(record, 50)
        data = render(content, record.fmt)
        _progress(record, 90)
        key = sealed_files.store(data, STORAGE_DIR)
    except Exception as exc:  # a failed job says so on the page instead of hanging
        _progress(
            record,
            100,
            status=FileStatus.FAILED,
            error=str(_("The file could not be made.")) + f" ({type(exc).__name__})",
            finished_at=timezone.now(),
        )
        return
    _progress(
        record,
        100,
        status=FileStatus.DONE,
        file_key=key,
        file_name=file_name(record.report, record.fmt),
        size=len(data),
        finished_at=timezone.now(),
    )


def file_read(*, actor: Any, record: ReportFile) -> bytes:
    """The file's bytes for its requester; the download is a logged read."""
    if record.requested_by_id != getattr(actor, "pk", None) or not rules.may_open(
        actor, record.report
    ):
        raise PermissionDenied
    data = sealed_files.load(record.file_key)
    record_event(
        kind="reports.downloaded",
        actor=actor,
        target=record.report,
        details={"format": record.fmt, "file": record.pk},
    )
    return data

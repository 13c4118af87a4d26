"""Agreements of a peace process and the WPS clauses tracked in them.

An agreement's text is a screened document of the process's unit, linked to the process
and classified as the process is. The substantive WPS provisions the screening found
(never recitals of the preamble) are offered as clauses: accepting one tracks it,
rejecting one remembers the decision so it is not offered again, and a clause the
screening missed is added by hand. A tracked clause has a dated implementation history
with evidence; the women's seats in the mechanisms that monitor the agreement are dated
counts. Every function asks the policy layer first (``PermissionDenied``) and refuses bad
input in plain words (``ValidationError``) without writing anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.core.concurrency import ensure_current, touch
from wpsdesk.organisation.models import User
from wpsdesk.organisation.policy import CLASSIFICATION_RANK, may_edit, may_read
from wpsdesk.screening import services as screening_services
from wpsdesk.screening.engine import load_taxonomy
from wpsdesk.screening.engine.screen import SUBSTANTIVE
from wpsdesk.screening.models import DocumentType, ScreenedDocument, Status

from .models import (
    Agreement,
    Clause,
    ClauseDecision,
    ClauseStatus,
    ClauseStatusChange,
    MechanismSeats,
    PeaceProcess,
)

AGREEMENT_FIELDS = ("title", "signed_on", "parties")
CLAUSE_FIELDS = ("text", "theme", "responsible_body")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _clean_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def theme_labels() -> dict[str, str]:
    """The screening's themes, id to label in the page's language (bokmål or English)."""
    language = "nb" if (get_language() or "").startswith("nb") else "en"
    return {
        theme.id: theme.label.get(language) or theme.label.get("en") or theme.id
        for theme in load_taxonomy().themes
    }


# --- agreements --------------------------------------------------------------------------


def _check_title(agreement: Agreement) -> None:
    taken = Agreement.objects.filter(process_id=agreement.process_id, title__iexact=agreement.title)
    if agreement.pk is not None:
        taken = taken.exclude(pk=agreement.pk)
    if taken.exists():
        raise ValidationError({"title": _("The process already has an agreement with this title.")})


def _check_document(actor: User, process: PeaceProcess, document: ScreenedDocument) -> None:
    """An existing text must be readable, and be the process's (or not yet anyone's)."""
    _require(may_read(actor, document))
    if document.process_id not in (None, process.pk):
        raise ValidationError(
            {"document": _("That document belongs to another peace process; choose another.")}
        )


@transaction.atomic
def agreement_save(
    *,
    actor: User,
    process: PeaceProcess,
    values: Mapping[str, Any],
    agreement: Agreement | None = None,
    document: ScreenedDocument | None = None,
    text: str | None = None,
    upload: UploadedFile | None = None,
    version: int | None = None,
) -> Agreement:
    """Record an agreement of ``process`` or change one; its text becomes a screened document.

    The text is a document already screened (``document``), a pasted ``text`` or an
    ``upload``; a new text is added as a screened document of the process's unit, with the
    process's classification, linked to the process. With ``version`` (as read) a change
    made after someone else saved raises ``StaleEdit``.
    """
    _require(may_edit(actor, process))
    if agreement is None:
        agreement = Agreement(process=process, created_by=actor)
    else:
        if agreement.process_id != process.pk:
            raise PermissionDenied
        ensure_current(agreement, version)
    for name in AGREEMENT_FIELDS:
        if name in values:
            setattr(agreement, name, _clean_text(values[name]))
    agreement.full_clean(exclude=["process", "document", "created_by"])
    _check_title(agreement)
    if document is not None:
        _check_document(actor, process, document)
    elif text is not None or upload is not None:
        document = screening_services.add_document(
            actor=actor,
            unit=process.unit,
            title=agreement.title,
            classification=process.classification,
            chosen_type=DocumentType.PEACE_AGREEMENT,
            upload=upload,
            text=text,
            process=process,
        )
    if document is not None:
        if document.process_id is None:
            ScreenedDocument.objects.filter(pk=document.pk).update(process=process)
            document.process = process
        agreement.document = document
    agreement.save()
    return agreement


def texts_follow_process(*, actor: User, process: PeaceProcess) -> int:
    """Raise the agreements' texts to the process's classification when it was raised.

    An agreement's text is a screened document with a classification of its own, set from
    the process's when it was added; a text must never be read more widely than its
    process. Lowering is not followed (that takes the unit lead, document by document).
    Returns how many documents were raised.
    """
    wanted = CLASSIFICATION_RANK[process.classification]  # type: ignore[index]
    raised = 0
    for document in ScreenedDocument.objects.filter(agreements__process=process).distinct():
        if CLASSIFICATION_RANK[document.classification] >= wanted:  # type: ignore[index]
            continue
        document.classification = process.classification
        document.save(update_fields=["classification"])
        record_event(
            kind="screening.document_changed",
            actor=actor,
            target=document,
            details={"classification": process.classification, "with_process": process.pk},
        )
        raised += 1
    return raised


# --- what the screening offers -----------------------------------------------------------


@dataclass
class Offer:
    """A substantive WPS provision of the text, offered as a clause to track."""

    provision: str
    text: str
    themes: list[str] = field(default_factory=list)
    page: int = 1
    theme_labels: list[str] = field(default_factory=list)

    @property
    def theme(self) -> str:
        return self.themes[0] if self.themes else ""


def provisions_found(document: ScreenedDocument | None) -> list[Offer]:
    """The provisions of the screened text holding a substantive WPS finding, in text order.

    Recitals of the preamble are never among them (the screening weighs them as passing;
    the preamble flag is checked too). Empty until the document is screened.
    """
    if document is None or document.status != Status.DONE:
        return []
    data = document.result_data()
    themes: dict[str, list[str]] = {}
    for finding in data.get("findings", []):
        if finding.get("weight") != SUBSTANTIVE:
            continue
        found = themes.setdefault(finding["provision"], [])
        if finding["theme"] not in found:
            found.append(finding["theme"])
    text = document.text
    offers = []
    for provision in data.get("provisions", []):
        if provision["id"] not in themes or provision.get("preamble"):
            continue
        words = " ".join(text[provision["start"] : provision["end"]].split())
        offers.append(
            Offer(
                provision=provision["id"][:200],
                text=words,
                themes=themes[provision["id"]],
                page=provision.get("page", 1),
            )
        )
    return offers


def offers_for(agreement: Agreement, clauses: Iterable[Clause] | None = None) -> list[Offer]:
    """What is still to decide: provisions found that are neither tracked nor turned down.

    ``clauses`` are the agreement's clauses when the caller has read them already.
    """
    if clauses is None:
        decided = set(agreement.clauses.exclude(provision="").values_list("provision", flat=True))
    else:
        decided = {c.provision for c in clauses if c.provision}
    return [o for o in provisions_found(agreement.document) if o.provision not in decided]


def _offer(agreement: Agreement, provision: str) -> Offer:
    for offer in provisions_found(agreement.document):
        if offer.provision == provision:
            return offer
    raise ValidationError(_("The screened text has no WPS provision by that name."))


def _first_status(clause: Clause, actor: User) -> None:
    # A clause is "not started" from the day the agreement was reached, so that what was
    # done since can be recorded with its own date (the newest entry is the status).
    today = timezone.localdate()
    signed = clause.agreement.signed_on
    ClauseStatusChange.objects.create(
        clause=clause,
        status=ClauseStatus.NOT_STARTED,
        since=signed if signed is not None and signed <= today else today,
        recorded_by=actor,
    )


@transaction.atomic
def clause_accept(*, actor: User, agreement: Agreement, provision: str) -> Clause:
    """Track a provision the screening offered (or one turned down before, after all)."""
    _require(may_edit(actor, agreement))
    offer = _offer(agreement, provision)
    clause = Clause.objects.select_for_update().filter(agreement=agreement, provision=provision)
    existing = clause.first()
    if existing is not None:
        if existing.decision == ClauseDecision.TRACKED:
            return existing  # the same button pressed twice
        existing.decision = ClauseDecision.TRACKED
        existing.decided_by = actor
        existing.save()
        if not existing.status_history.exists():
            _first_status(existing, actor)
        return existing
    tracked = Clause.objects.create(
        agreement=agreement,
        provision=offer.provision,
        text=offer.text,
        theme=offer.theme,
        decision=ClauseDecision.TRACKED,
        decided_by=actor,
    )
    _first_status(tracked, actor)
    return tracked


@transaction.atomic
def clause_reject(*, actor: User, agreement: Agreement, provision: str) -> Clause:
    """Turn down a provision the screening offered; it is remembered and not offered again.

    A clause already tracked is not turned down this way (its history would be lost).
    """
    _require(may_edit(actor, agreement))
    offer = _offer(agreement, provision)
    existing = Clause.objects.filter(agreement=agreement, provision=provision).first()
    if existing is not None:
        if existing.decision == ClauseDecision.TRACKED:
            raise ValidationError(_("This clause is already tracked."))
        return existing
    return Clause.objects.create(
        agreement=agreement,
        provision=offer.provision,
        text=offer.text,
        theme=offer.theme,
        decision=ClauseDecision.REJECTED,
        decided_by=actor,
    )


@transaction.atomic
def clause_add(*, actor: User, agreement: Agreement, values: Mapping[str, Any]) -> Clause:
    """Track a clause by hand: one the screening did not find, or a commitment in words."""
    _require(may_edit(actor, agreement))
    clause = Clause(agreement=agreement, decision=ClauseDecision.TRACKED, decided_by=actor)
    for name in (*CLAUSE_FIELDS, "provision"):
        if name in values:
            setattr(clause, name, _clean_text(values[name]) or "")
    if not clause.text:
        raise ValidationError({"text": _("Write down what the clause says.")})
    clause.full_clean(exclude=["agreement", "decided_by"])
    if (
        clause.provision
        and Clause.objects.filter(agreement=agreement, provision=clause.provision).exists()
    ):
        raise ValidationError({"provision": _("That provision is already tracked or turned down.")})
    clause.save()
    _first_status(clause, actor)
    return clause


@transaction.atomic
def clause_update(
    *,
    actor: User,
    clause: Clause,
    values: Mapping[str, Any],
    version: int | None = None,
) -> Clause:
    """Change a tracked clause's wording, theme or the body responsible."""
    _require(may_edit(actor, clause))
    ensure_current(clause, version)
    if clause.decision != ClauseDecision.TRACKED:
        raise ValidationError(_("Only a tracked clause can be changed."))
    for name in CLAUSE_FIELDS:
        if name in values:
            setattr(clause, name, _clean_text(values[name]) or "")
    if not clause.text:
        raise ValidationError({"text": _("Write down what the clause says.")})
    clause.full_clean(exclude=["agreement", "decided_by"])
    clause.save()
    return clause


@transaction.atomic
def clause_status_record(
    *,
    actor: User,
    clause: Clause,
    status: str,
    since: dt.date,
    evidence: str,
    version: int | None = None,
) -> ClauseStatusChange:
    """Add a dated implementation status, with its evidence, to a tracked clause.

    The clause's status becomes the newest in the history (an earlier date fills in the
    past and leaves the current one). Evidence is required for anything but "not started".
    """
    _require(may_edit(actor, clause))
    ensure_current(clause, version)
    if clause.decision != ClauseDecision.TRACKED:
        raise ValidationError(_("Only a tracked clause has an implementation status."))
    if status not in ClauseStatus.values:
        raise ValidationError({"status": _("Choose one of the implementation statuses.")})
    if since > timezone.localdate():
        raise ValidationError({"since": _("The date cannot be in the future.")})
    evidence = evidence.strip()
    if status != ClauseStatus.NOT_STARTED and not evidence:
        raise ValidationError({"evidence": _("Say what shows it: a decree, a report, a visit.")})
    change = ClauseStatusChange.objects.create(
        clause=clause, status=status, since=since, evidence=evidence, recorded_by=actor
    )
    newest = clause.status_history.order_by("-since", "-id").first()
    assert newest is not None  # noqa: S101 - one was just written
    if clause.status != newest.status:
        clause.status = newest.status
        clause.save()
    else:
        touch(clause)
    record_event(
        kind="processes.clause_status",
        actor=actor,
        target=clause,
        details={"status": status, "since": since.isoformat()},
    )
    return change


@transaction.atomic
def seats_record(
    *,
    actor: User,
    agreement: Agreement,
    mechanism: str,
    seats_total: int,
    seats_women: int,
    as_of: dt.date,
    clause: Clause | None = None,
) -> MechanismSeats:
    """Record how many of a monitoring mechanism's seats women held on ``as_of``."""
    _require(may_edit(actor, agreement))
    if clause is not None and clause.agreement_id != agreement.pk:
        raise ValidationError({"clause": _("Choose a clause of this agreement.")})
    if seats_women > seats_total:
        raise ValidationError(
            {"seats_women": _("Women cannot hold more seats than the mechanism has.")}
        )
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": _("The date cannot be in the future.")})
    seats = MechanismSeats(
        agreement=agreement,
        clause=clause,
        mechanism=" ".join(mechanism.split()),
        seats_total=seats_total,
        seats_women=seats_women,
        as_of=as_of,
        recorded_by=actor,
    )
    seats.full_clean(exclude=["agreement", "clause", "recorded_by"])
    seats.save()
    touch(agreement)
    return seats

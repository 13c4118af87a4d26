"""Writes to people at risk: every one checks the policy layer and leaves a trace.

Who may write: whoever may edit the person's record under the policy layer (a grant in
force on it, and editor or lead of its unit or a grant with edit), never an administrator
or an auditor by any route. A new record may be made by the unit's editors and leads; it is
strictly restricted from the first save, so its maker sees it only once a grant is
approved. The security log gets ids and field names, never a name or a narrative.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.core import sealed_files
from wpsdesk.core.concurrency import ensure_current
from wpsdesk.core.crypto import key_ring
from wpsdesk.core.request_context import current_ip
from wpsdesk.organisation.models import Classification, Unit, User
from wpsdesk.organisation.policy import is_person, may_create_in, may_edit

from .models import (
    Assessment,
    Attachment,
    MeasureKind,
    MonitoringEvent,
    PersonAtRisk,
    ProtectionMeasure,
)

STORAGE_DIR = "people_at_risk/files"
#: Fields a person form may set; everything else (unit, classification, dates kept by the
#: service) is the service's own.
PERSON_FIELDS = (
    "code_name",
    "role",
    "country",
    "real_name",
    "contact",
    "notes",
    "consent_scope",
    "consent_on",
    "consent_how",
)
MAX_REVIEW_DAYS = 365


def review_days() -> int:
    """Days from a review to the next one (``PEOPLE_AT_RISK_REVIEW_DAYS``, 180)."""
    return int(getattr(settings, "PEOPLE_AT_RISK_REVIEW_DAYS", 180))


def anonymise_days() -> int:
    """Days after a missed review date before the record is anonymised (setting, 90)."""
    return int(getattr(settings, "PEOPLE_AT_RISK_ANONYMISE_DAYS", 90))


def name_index(name: str) -> str:
    """The keyed blind index of a real name (normalised: case, spacing, Unicode forms)."""
    return key_ring().blind_index(name) if name and name.strip() else ""


def new_code_name() -> str:
    """A code name that says nothing about the person: ``PAR-`` and six random characters."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "PAR-" + "".join(secrets.choice(alphabet) for _ in range(6))


def may_take_part(actor: Any) -> bool:
    """Administrators and auditors never touch people at risk, by any route or grant."""
    return is_person(actor) and not actor.is_staff and not actor.is_auditor


def _require_edit(actor: Any, person: PersonAtRisk) -> None:
    if not may_take_part(actor) or not may_edit(actor, person):
        raise PermissionDenied
    if person.anonymised_at is not None:
        raise ValidationError(_("This record was anonymised and can no longer be changed."))


def _event(kind: str, actor: Any, person: PersonAtRisk, **details: Any) -> None:
    record_event(
        kind=kind,
        actor=actor,
        ip_address=current_ip(),
        target=person,
        details={"unit": person.unit_id, **details},
    )


def _set_person_values(person: PersonAtRisk, values: dict[str, Any]) -> list[str]:
    changed = []
    for name in PERSON_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if isinstance(value, str):
            value = value.strip()
        if name == "code_name" and not value:
            value = person.code_name or new_code_name()
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    person.real_name_index = name_index(person.real_name)
    return changed


def _check_code_name(person: PersonAtRisk) -> None:
    taken = PersonAtRisk.objects.filter(unit_id=person.unit_id, code_name=person.code_name)
    if person.pk:
        taken = taken.exclude(pk=person.pk)
    if taken.exists():
        raise ValidationError(
            {"code_name": _("This code name is taken in the unit; pick another.")}
        )


@transaction.atomic
def person_create(*, actor: User, unit: Unit, values: dict[str, Any]) -> PersonAtRisk:
    """An editor or lead of ``unit`` records a person at risk (strictly restricted)."""
    if not may_take_part(actor) or not may_create_in(actor, unit):
        raise PermissionDenied
    person = PersonAtRisk(
        unit=unit,
        classification=Classification.STRICTLY_RESTRICTED,
        review_on=timezone.localdate() + dt.timedelta(days=review_days()),
    )
    _set_person_values(person, values)
    _check_code_name(person)
    person.full_clean(exclude=["unit", "real_name_index"])
    person.save()
    _event("people_at_risk.created", actor, person)
    return person


@transaction.atomic
def person_update(
    *, actor: User, person: PersonAtRisk, values: dict[str, Any], version: int | None
) -> list[str]:
    """Change a person's record; refused with ``StaleEdit`` if someone saved in between."""
    _require_edit(actor, person)
    ensure_current(person, version)
    changed = _set_person_values(person, values)
    if not changed:
        return []
    _check_code_name(person)
    person.full_clean(exclude=["unit", "real_name_index"])
    person.save()
    _event("people_at_risk.changed", actor, person, fields=changed)
    return changed


@transaction.atomic
def event_add(*, actor: User, person: PersonAtRisk, values: dict[str, Any]) -> MonitoringEvent:
    """Add a dated event to the person's monitoring log."""
    _require_edit(actor, person)
    if values["occurred_on"] > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    event = MonitoringEvent(person=person, recorded_by=actor, **values)
    event.full_clean(exclude=["person", "recorded_by"])
    event.save()
    _event("people_at_risk.event_added", actor, person, entry=event.pk, what=event.kind)
    return event


@transaction.atomic
def assessment_add(*, actor: User, person: PersonAtRisk, values: dict[str, Any]) -> Assessment:
    """Record how the mission assesses the person's freedom of action and security now."""
    _require_edit(actor, person)
    assessment = Assessment(person=person, assessed_by=actor, **values)
    assessment.full_clean(exclude=["person", "assessed_by"])
    assessment.save()
    _event("people_at_risk.assessed", actor, person, assessment=assessment.pk)
    return assessment


def _check_measure(measure: ProtectionMeasure) -> None:
    needs_mechanism = (MeasureKind.REFERRAL_UN, MeasureKind.REFERRAL_CS, MeasureKind.FORUM)
    if measure.kind in needs_mechanism and not measure.mechanism.strip():
        raise ValidationError(
            {"mechanism": _("Name the mechanism the case went to, or the forum.")}
        )
    measure.full_clean(exclude=["person", "decided_by"])


@transaction.atomic
def measure_add(*, actor: User, person: PersonAtRisk, values: dict[str, Any]) -> ProtectionMeasure:
    """Record a measure: support, a referral to a protection mechanism, forum support."""
    _require_edit(actor, person)
    measure = ProtectionMeasure(person=person, decided_by=actor, **values)
    _check_measure(measure)
    measure.save()
    _event(
        "people_at_risk.measure_added", actor, person, measure=measure.pk, measure_kind=measure.kind
    )
    return measure


@transaction.atomic
def measure_update(
    *, actor: User, measure: ProtectionMeasure, values: dict[str, Any], version: int | None
) -> ProtectionMeasure:
    """Change a measure (its status, its outcome)."""
    _require_edit(actor, measure.person)
    ensure_current(measure, version)
    for name, value in values.items():
        setattr(measure, name, value)
    _check_measure(measure)
    measure.save()
    _event(
        "people_at_risk.measure_changed",
        actor,
        measure.person,
        measure=measure.pk,
        status=measure.status,
    )
    return measure


@transaction.atomic
def attachment_add(
    *, actor: User, person: PersonAtRisk, name: str, content_type: str, data: bytes
) -> Attachment:
    """Keep a checked, metadata-stripped file on the record, sealed under a random name.

    ``data`` must come from :func:`wpsdesk.planning.files.check_upload`-style checking
    (:mod:`wpsdesk.core.file_safety`); the view does that before calling.
    """
    _require_edit(actor, person)
    key = sealed_files.store(data, STORAGE_DIR)
    try:
        attachment = Attachment.objects.create(
            person=person,
            file_key=key,
            file_name=name,
            content_type=content_type,
            size=len(data),
            uploaded_by=actor,
        )
    except Exception:
        sealed_files.discard(key)
        raise
    _event("people_at_risk.file_added", actor, person, file=attachment.pk)
    return attachment


@transaction.atomic
def person_review(*, actor: User, person: PersonAtRisk, next_review_on: dt.date) -> PersonAtRisk:
    """Someone who may edit the record has reviewed it: set the next review date."""
    _require_edit(actor, person)
    today = timezone.localdate()
    if not today < next_review_on <= today + dt.timedelta(days=MAX_REVIEW_DAYS):
        raise ValidationError(
            {
                "next_review_on": _(
                    "The next review must be after today and at most %(days)d days ahead."
                )
                % {"days": MAX_REVIEW_DAYS}
            }
        )
    ensure_current(person, None)
    person.review_on = next_review_on
    person.reviewed_at = timezone.now()
    person.save(update_fields=["review_on", "reviewed_at"])
    _event("people_at_risk.reviewed", actor, person, next_review=next_review_on.isoformat())
    return person


def anonymise_due_on(person: PersonAtRisk) -> dt.date:
    """The day an unreviewed record is anonymised."""
    return person.review_on + dt.timedelta(days=anonymise_days())


@transaction.atomic
def anonymise(*, person: PersonAtRisk, actor: User | None = None, why: str) -> PersonAtRisk:
    """Wipe what could identify the person; keep dates and kinds for the aggregates.

    Encrypted fields of the record and of everything below it are emptied, files are
    deleted, the code name is replaced (in the history too: it is the one identifying value
    kept there) and ``people_at_risk.anonymised`` goes to the security log.
    """
    ensure_current(person, None)
    if person.anonymised_at is not None:
        return person
    person.code_name = f"ANON-{person.pk}"
    for name in ("real_name", "contact", "notes", "consent_scope"):
        setattr(person, name, "")
    person.real_name_index = ""
    person.anonymised_at = timezone.now()
    person.save()
    person.history.all().update(code_name=person.code_name)
    events = MonitoringEvent.objects.filter(person=person).update(description="")
    assessments = Assessment.objects.filter(person=person).update(note="")
    measures = ProtectionMeasure.objects.filter(person=person).update(
        outcome="", reprisal_prevention=""
    )
    keys = list(Attachment.objects.filter(person=person).values_list("file_key", flat=True))
    Attachment.objects.filter(person=person).delete()
    for key in keys:
        transaction.on_commit(lambda key=key: sealed_files.discard(key))  # type: ignore[misc]
    record_event(
        kind="people_at_risk.anonymised",
        actor=actor,
        actor_label="" if actor else "review",
        ip_address=current_ip(),
        target=person,
        details={
            "unit": person.unit_id,
            "why": why,
            "review_was_due": person.review_on.isoformat(),
            "log_entries": events,
            "assessments": assessments,
            "measures": measures,
            "files": len(keys),
        },
    )
    return person


@dataclass(frozen=True)
class ReviewRun:
    """What one run of the review did."""

    overdue: int
    anonymised: list[int]


def run_reviews(*, today: dt.date | None = None) -> ReviewRun:
    """Anonymise every record whose review date passed more than the set period ago.

    Runnable from cron (``wpsdesk people_at_risk review``); each record is its own
    transaction, so one failure leaves the others done.
    """
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=anonymise_days())
    active = PersonAtRisk.objects.active()
    overdue = active.filter(review_on__lt=today, review_on__gte=cutoff).count()
    done = []
    for person in active.filter(review_on__lt=cutoff).order_by("pk"):
        anonymise(person=person, why="review date passed without review")
        done.append(person.pk)
    return ReviewRun(overdue=overdue, anonymised=done)


def reindex_names() -> int:
    """Recompute every real name's blind index (after ``wpsdesk keys rotate``)."""
    changed = 0
    for person in PersonAtRisk.objects.exclude(real_name="").iterator():
        index = name_index(person.real_name)
        if index != person.real_name_index:
            PersonAtRisk.objects.filter(pk=person.pk).update(real_name_index=index)
            changed += 1
    return changed


def record_name_search(*, actor: User, found: int) -> None:
    """An exact-name search is logged (never the name searched for)."""
    record_event(
        kind="people_at_risk.name_search",
        actor=actor,
        ip_address=current_ip(),
        details={"found": found},
    )


def record_export(*, actor: User, person: PersonAtRisk) -> None:
    """An export of one record is logged."""
    _event("people_at_risk.exported", actor, person)

"""Writes to SEAH reports. Every service checks the person again and refuses with
``PermissionDenied`` — the views check first, but the API of tomorrow or a command must
not be able to skip the rule.

The security log gets ids and field names, never the text (which is encrypted at rest).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.core.concurrency import ensure_current
from wpsdesk.core.request_context import current_ip
from wpsdesk.organisation.models import Classification, Membership, Unit, User
from wpsdesk.organisation.policy import forget_cached_access, may_lead

from .models import FollowUpStep, SeahReport
from .selectors import may_edit_report, may_handle

#: The fields a handler fills on the report form.
REPORT_FIELDS = (
    "received_on",
    "channel",
    "grant",
    "organisation",
    "grant_reference",
    "category",
    "summary",
    "partner_request",
    "partner_deadline",
)


def report_create(*, actor: User, unit: Unit, values: dict[str, Any]) -> SeahReport:
    """Record a report received by ``unit``; only its handlers and leads may."""
    if not may_handle(actor, unit):
        raise PermissionDenied
    with transaction.atomic():
        report = SeahReport(
            unit=unit,
            classification=Classification.STRICTLY_RESTRICTED,
            created_by=actor,
            **{name: values[name] for name in REPORT_FIELDS if name in values},
        )
        report.full_clean()
        report.save()
        record_event(
            kind="seah.report_created",
            actor=actor,
            ip_address=current_ip(),
            target=report,
            details={"unit": unit.pk, "category": report.category},
        )
    return report


def report_update(
    *, actor: User, report: SeahReport, values: dict[str, Any], version: int | None
) -> SeahReport:
    """Change a report; a change made from an older version is refused (``StaleEdit``)."""
    if not may_edit_report(actor, report):
        raise PermissionDenied
    with transaction.atomic():
        ensure_current(report, version)
        changed = []
        for name in REPORT_FIELDS:
            if name in values and getattr(report, name) != values[name]:
                setattr(report, name, values[name])
                changed.append(name)
        report.full_clean()
        report.save()
        record_event(
            kind="seah.report_changed",
            actor=actor,
            ip_address=current_ip(),
            target=report,
            details={"fields": changed},
        )
    return report


def report_close(
    *, actor: User, report: SeahReport, outcome: str, note: str, version: int | None = None
) -> SeahReport:
    """Close a report with its outcome; only the managing unit's handlers and leads."""
    if not may_handle(actor, report.unit_id):
        raise PermissionDenied
    if report.is_closed:
        raise ValidationError(_("This report is already closed."))
    with transaction.atomic():
        ensure_current(report, version)
        report.outcome = outcome
        report.outcome_note = note
        report.closed_on = timezone.localdate()
        report.closed_by = actor
        report.full_clean()
        report.save()
        record_event(
            kind="seah.report_closed",
            actor=actor,
            ip_address=current_ip(),
            target=report,
            details={"outcome": outcome},
        )
    return report


def step_add(*, actor: User, report: SeahReport, description: str, due_on: dt.date) -> FollowUpStep:
    """Add a follow-up step with its deadline to an open report."""
    if not may_edit_report(actor, report):
        raise PermissionDenied
    if report.is_closed:
        raise ValidationError(_("A closed report takes no new steps."))
    with transaction.atomic():
        step = FollowUpStep(report=report, description=description, due_on=due_on, created_by=actor)
        step.full_clean()
        step.save()
        record_event(
            kind="seah.step_added",
            actor=actor,
            ip_address=current_ip(),
            target=report,
            details={"step": step.pk, "due_on": due_on.isoformat()},
        )
    return step


def step_done(*, actor: User, step: FollowUpStep) -> FollowUpStep:
    """Mark a step done today (marking it twice changes nothing)."""
    if not may_edit_report(actor, step.report):
        raise PermissionDenied
    if step.done_on is not None:
        return step
    with transaction.atomic():
        step.done_on = timezone.localdate()
        step.save(update_fields=["done_on"])
        record_event(
            kind="seah.step_done",
            actor=actor,
            ip_address=current_ip(),
            target=step.report,
            details={"step": step.pk},
        )
    return step


def handler_set(*, actor: User, membership: Membership, handler: bool, reason: str) -> Membership:
    """Designate a member of the unit as SEAH handler, or end the designation.

    Only a current lead of the membership's unit, always with a reason; the membership's
    change goes to the security log (``membership.changed`` with ``seah_handler`` and the
    reason) through the organisation's signals.
    """
    if not may_lead(actor, membership.unit_id):
        raise PermissionDenied
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError(_("Say why, in at least ten characters."))
    if membership.seah_handler == handler:
        return membership
    with transaction.atomic():
        membership.seah_handler = handler
        membership._wpsdesk_reason = reason  # type: ignore[attr-defined]
        membership.save(update_fields=["seah_handler"])
    forget_cached_access(membership.user)
    return membership

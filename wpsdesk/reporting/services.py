"""Writes on reports: adding and changing one, with its WPS messages and the screening of
its text. Pages and the demo call these, so every writer gets the same checks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from wpsdesk.catalogue.models import Item
from wpsdesk.core.concurrency import ensure_current, touch
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import may_create_in, may_edit
from wpsdesk.organisation.reclassification import reclassify

from .models import Report
from .screening import screen_report_text

REPORT_FIELDS = ("kind", "date", "title", "text")


def report_save(
    *,
    actor: User,
    values: dict[str, Any],
    unit: Unit | None = None,
    report: Report | None = None,
    messages: Iterable[Item] | None = None,
    version: int | None = None,
    classification_reason: str = "",
) -> tuple[Report, bool]:
    """Add a report to ``unit`` or change one; returns it and whether anything changed.

    A new or changed text is screened again before the save; whether the report carries a
    WPS message is decided from its links and the screening, in the same transaction.
    With ``version`` a change made after someone else saved raises ``StaleEdit``. Raises
    ``PermissionDenied`` when the person may not write there (or lowers the classification
    without being the unit lead), ``ValidationError`` when the report does not hold.
    """
    if report is None:
        if unit is None or not may_create_in(actor, unit):
            raise PermissionDenied
        report = Report(unit=unit, created_by=actor)
    elif not may_edit(actor, report):
        raise PermissionDenied
    with transaction.atomic():
        changed = report.pk is None
        rescreen = changed
        if not changed:
            ensure_current(report, version)
            if "classification" in values:
                changed = reclassify(
                    actor=actor,
                    record=report,
                    to=values["classification"],
                    reason=classification_reason,
                )
        elif "classification" in values:
            report.classification = values["classification"]
        for name in REPORT_FIELDS:
            if name in values and getattr(report, name) != values[name]:
                setattr(report, name, values[name])
                changed = True
                rescreen = rescreen or name in ("text", "kind")
        if rescreen:
            found = screen_report_text(report.text, report.kind)
            report.findings = found.findings
            report.substantive = found.substantive
            report.themes = found.themes
        stored = set(report.messages.values_list("pk", flat=True)) if report.pk else set()
        wanted = stored if messages is None else {item.pk for item in messages}
        carries = bool(wanted) or report.substantive > 0
        if carries != report.carries_wps_message:
            report.carries_wps_message = carries
            changed = True
        report.full_clean(exclude=["unit", "created_by", "messages"])
        saved = changed
        if changed:
            report.save()
        if wanted != stored:
            report.messages.set(list(wanted))
            changed = True
            if not saved:
                touch(report)
    return report, changed

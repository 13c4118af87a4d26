"""The one-report export: the report's fields, then one row per follow-up step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .models import FollowUpStep, SeahReport

HEADER = ("part", "field", "value", "deadline", "done on")


def rows_of(report: SeahReport, steps: Sequence[FollowUpStep]) -> list[list[Any]]:
    """Rows for the spreadsheet; values go through the tabular writers' neutralisation."""
    fields: list[tuple[str, Any]] = [
        ("number", report.pk),
        ("managing unit", report.unit.name),
        ("received on", report.received_on.isoformat()),
        ("received through", report.get_channel_display()),
        ("organisation", report.organisation.name if report.organisation else ""),
        ("grant", report.grant.agreement_number if report.grant else ""),
        ("grant reference", report.grant_reference),
        ("category", report.get_category_display()),
        ("what was reported", report.summary),
        ("what the partner was asked to do", report.partner_request),
        (
            "partner to answer by",
            report.partner_deadline.isoformat() if report.partner_deadline else "",
        ),
        ("outcome", report.get_outcome_display() if report.outcome else ""),
        ("outcome in words", report.outcome_note),
        ("closed on", report.closed_on.isoformat() if report.closed_on else ""),
    ]
    rows: list[list[Any]] = [["report", name, value, "", ""] for name, value in fields]
    for number, step in enumerate(steps, start=1):
        rows.append(
            [
                "step",
                str(number),
                step.description,
                step.due_on.isoformat(),
                step.done_on.isoformat() if step.done_on else "",
            ]
        )
    return rows

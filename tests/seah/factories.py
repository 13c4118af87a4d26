"""SEAH reports for tests: one call, sensible defaults, any field overridden."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wpsdesk.organisation.models import Classification, Membership, Unit, User
from wpsdesk.seah.models import Category, Channel, FollowUpStep, SeahReport

CANARY = "CANARY-SEAH-7f3a"


def make_report(unit: Unit, created_by: User, **fields: Any) -> SeahReport:
    """A report received by ``unit`` (harassment, reported by the partner, text with a canary)."""
    values: dict[str, Any] = {
        "received_on": dt.date(2026, 3, 1),
        "channel": Channel.PARTNER,
        "category": Category.HARASSMENT,
        "summary": f"Reported by the partner {CANARY}",
        "partner_request": "Investigate and report back",
        "grant_reference": "COL-23/0001",
        "classification": Classification.STRICTLY_RESTRICTED,
        **fields,
    }
    return SeahReport.objects.create(unit=unit, created_by=created_by, **values)


def make_step(report: SeahReport, due_on: dt.date, **fields: Any) -> FollowUpStep:
    return FollowUpStep.objects.create(
        report=report,
        description=fields.pop("description", f"Call the partner {CANARY}"),
        due_on=due_on,
        created_by=report.created_by,
        **fields,
    )


def designate(user: User, unit: Unit) -> Membership:
    """Make the person's current membership of ``unit`` a SEAH handler's (no log: a fixture)."""
    membership = Membership.objects.current().get(user=user, unit=unit)
    membership.seah_handler = True
    membership.save(update_fields=["seah_handler"])
    return membership

"""Who may do what with an annual report, on top of the policy layer's unit roles.

* A unit's report: its members open it (each sees the figures they may read, or once
  submitted what was sent), HQ coordinators open it; its editors and lead start it and
  write its narrative while it is not submitted; its lead approves and submits it.
* The service-wide report: HQ coordinators open, write, approve and submit it.

Administrators and auditors get nothing by their capability.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from wpsdesk.organisation.policy import (
    is_person,
    may_create_in,
    may_lead,
    unit_access,
)

from .models import AnnualReport, ReportStatus


def is_hq(user: Any) -> bool:
    return is_person(user) and bool(getattr(user, "is_hq_coordinator", False))


def read_filter(user: Any) -> Q | None:
    """The reports the person may open, as a filter (None: none)."""
    if not is_person(user):
        return None
    members = list(unit_access(user))
    if is_hq(user):
        return Q(pk__isnull=False)
    if not members:
        return None
    return Q(unit_id__in=members)


def may_open(user: Any, report: AnnualReport) -> bool:
    if not is_person(user):
        return False
    if report.unit_id is None:
        return is_hq(user)
    return is_hq(user) or report.unit_id in unit_access(user)


def may_start(user: Any, unit_id: int | None) -> bool:
    """Editors and leads start their unit's report; HQ coordinators the service-wide one."""
    if unit_id is None:
        return is_hq(user)
    return may_create_in(user, unit_id)


def may_write(user: Any, report: AnnualReport) -> bool:
    """Write the narrative: a report not yet submitted, by its unit's editors and lead."""
    if report.status == ReportStatus.SUBMITTED or not may_open(user, report):
        return False
    return may_start(user, report.unit_id)


def may_sign(user: Any, report: AnnualReport) -> bool:
    """Approve and submit: the unit's lead; for the service-wide report, HQ coordinators."""
    if not may_open(user, report):
        return False
    if report.unit_id is None:
        return is_hq(user)
    return may_lead(user, report.unit_id)

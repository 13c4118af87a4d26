"""Grants' dates on the WPS calendar: grantee reports due and not yet received."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from wpsdesk.calendar.sources import Entry
from wpsdesk.organisation.models import Classification

from . import selectors

KIND = "grants.report_due"


def reports_due(user: Any, start: dt.date, end: dt.date) -> list[Entry]:
    """Reports not received, due from ``start`` to ``end``, of grants the person may open."""
    reports = selectors.open_reports_visible_to(user=user).filter(
        due_date__gte=start, due_date__lte=end
    )
    return [
        Entry(
            date=report.due_date,
            title=_("Grantee report due: %(report)s (%(grant)s)")
            % {"report": report.title, "grant": report.grant.agreement_number},
            kind=KIND,
            url=reverse("grants:detail", args=[report.grant_id]) + "#reports",
            unit=report.grant.unit,
            country=report.grant.country,
            restricted=report.grant.classification != Classification.INTERNAL,
            key=f"grants.report:{report.pk}",
        )
        for report in reports
    ]

"""Engagements' dates on the WPS calendar: follow-ups of issues women raised, when due."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from wpsdesk.calendar.sources import Entry
from wpsdesk.organisation.models import Classification

from . import selectors

KIND = "engagements.follow_up_due"


def follow_ups_due(user: Any, start: dt.date, end: dt.date) -> list[Entry]:
    """Unfinished follow-ups due from ``start`` to ``end`` in engagements the person may open."""
    issues = selectors.issue_list_visible_to(user=user, unfinished=True).filter(
        due_date__gte=start, due_date__lte=end
    )
    return [
        Entry(
            date=issue.due_date,
            title=_("Follow-up due: %(issue)s") % {"issue": _shorten(issue.issue)},
            kind=KIND,
            url=reverse("engagements:detail", args=[issue.engagement_id]) + "#issues",
            unit=issue.engagement.unit,
            country=issue.engagement.country,
            forum=issue.engagement.forum,
            restricted=issue.engagement.classification != Classification.INTERNAL,
            key=f"engagements.issue:{issue.pk}",
        )
        for issue in issues
        if issue.due_date is not None
    ]


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

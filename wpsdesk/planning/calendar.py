"""Plans' dates on the WPS calendar: activities due, year-end results and checklist runs.

Plans and checklist runs have a year, not a deadline: their results and the checklist are
due by the end of that year (31 December), which is when the calendar shows them while
they are still open.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from wpsdesk.calendar.sources import Entry
from wpsdesk.organisation.models import Classification
from wpsdesk.organisation.policy import visible_to

from . import selectors
from .models import ActivityStatus, ApprovalStatus, ChecklistRun, RunStatus, WorkPlan

ACTIVITY_KIND = "planning.activity_due"
RESULTS_KIND = "planning.results_due"
CHECKLIST_KIND = "planning.checklist_due"


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _years_ending_in(start: dt.date, end: dt.date) -> list[int]:
    return [year for year in range(start.year, end.year + 1) if start <= _year_end(year) <= end]


def activities_due(user: Any, start: dt.date, end: dt.date) -> list[Entry]:
    """Planned or under-way activities due from ``start`` to ``end`` the person may read."""
    activities = selectors.activity_list_visible_to(user=user).filter(
        due_date__gte=start,
        due_date__lte=end,
        status__in=[ActivityStatus.PLANNED, ActivityStatus.UNDER_WAY],
    )
    return [
        Entry(
            date=activity.due_date,  # type: ignore[arg-type]  # filtered on above
            title=_("Activity due: %(activity)s") % {"activity": activity.title[:120]},
            kind=ACTIVITY_KIND,
            url=reverse("planning:activity_detail", args=[activity.pk]),
            unit=activity.goal.plan.unit,
            restricted=activity.goal.plan.classification != Classification.INTERNAL,
            key=f"planning.activity:{activity.pk}",
        )
        for activity in activities
    ]


def results_due(user: Any, start: dt.date, end: dt.date) -> list[Entry]:
    """Plans whose year-end results are not approved, on the last day of their year."""
    years = _years_ending_in(start, end)
    if not years:
        return []
    plans = (
        visible_to(WorkPlan.objects.filter(year__in=years), user=user)
        .exclude(results_status=ApprovalStatus.APPROVED)
        .select_related("unit")
        .order_by("year", "unit__name", "pk")
    )
    return [
        Entry(
            date=_year_end(plan.year),
            title=_("Year-end results due: %(unit)s, %(year)s")
            % {"unit": plan.unit.name, "year": plan.year},
            kind=RESULTS_KIND,
            url=reverse("planning:results_edit", args=[plan.pk]),
            unit=plan.unit,
            restricted=plan.classification != Classification.INTERNAL,
            key=f"planning.plan:{plan.pk}",
        )
        for plan in plans
    ]


def checklist_runs_due(user: Any, start: dt.date, end: dt.date) -> list[Entry]:
    """Checklist runs still in progress, due on the last day of their year."""
    years = _years_ending_in(start, end)
    if not years:
        return []
    runs = (
        visible_to(
            ChecklistRun.objects.filter(year__in=years, status=RunStatus.IN_PROGRESS), user=user
        )
        .select_related("unit")
        .order_by("year", "unit__name", "pk")
    )
    return [
        Entry(
            date=_year_end(run.year),
            title=_("Checklist to complete: %(unit)s, %(year)s")
            % {"unit": run.unit.name, "year": run.year},
            kind=CHECKLIST_KIND,
            url=reverse("planning:checklist_run", args=[run.pk]),
            unit=run.unit,
            restricted=run.classification != Classification.INTERNAL,
            key=f"planning.checklist:{run.pk}",
        )
        for run in runs
    ]

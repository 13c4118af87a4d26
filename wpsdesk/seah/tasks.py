"""Home-page tasks for SEAH handlers and leads: follow-up steps due within a week.

The task names the report by number only; no text of the step appears on the home page.
Anyone who handles no unit's reports costs no query here.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.core.home import Task

from .selectors import handling_unit_ids, steps_due_for

SOON = dt.timedelta(days=7)


def steps_due(request: HttpRequest) -> list[Task]:
    """Open steps on open reports of the units the person handles, due within a week."""
    if not handling_unit_ids(request.user):
        return []
    today = timezone.localdate()
    tasks = []
    for step in steps_due_for(user=request.user, until=today + SOON).only(
        "pk", "report_id", "due_on"
    )[:20]:
        overdue = step.due_on < today
        detail = (_("overdue since %(date)s") if overdue else _("due %(date)s")) % {
            "date": step.due_on
        }
        tasks.append(
            Task(
                title=_("SEAH report #%(number)s: a follow-up step is due")
                % {"number": step.report_id},
                url=reverse("seah:detail", args=[step.report_id]) + "#steps",
                detail=detail,
                urgent=overdue,
            )
        )
    return tasks

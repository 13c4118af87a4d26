"""What the grants app puts on a person's home page: grantee reports due or overdue in the
units they belong to (the managing units)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.core import home
from wpsdesk.core.home import Task
from wpsdesk.organisation.policy import is_person, unit_access

from . import selectors

#: A report shows up this long before it is due.
SOON = dt.timedelta(days=30)
#: At most this many tasks from grants on one home page.
SHOWN = 20


def reports_due(request: HttpRequest) -> list[Task]:
    """Grantee reports not received that are overdue or due within 30 days, for grants
    managed by the person's own units (not every unit HQ may see: that is the overdue list)."""
    if not is_person(request.user):
        return []
    units = list(unit_access(request.user))
    if not units:
        return []
    today = timezone.localdate()
    reports = selectors.open_reports_visible_to(user=request.user).filter(
        grant__unit_id__in=units, due_date__lte=today + SOON
    )[:SHOWN]
    tasks = []
    for report in reports:
        overdue = report.due_date < today
        detail = (_("overdue since %(date)s") if overdue else _("due %(date)s")) % {
            "date": report.due_date
        }
        tasks.append(
            Task(
                title=_("Grantee report: %(report)s (%(grant)s)")
                % {"report": report.title, "grant": report.grant.agreement_number},
                url=reverse("grants:detail", args=[report.grant_id]) + "#reports",
                detail=detail,
                urgent=overdue,
            )
        )
    return tasks


def register_tasks() -> None:
    """Add the grants app's tasks to the home page (called from ``AppConfig.ready``)."""
    home.register(reports_due)

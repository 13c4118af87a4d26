"""What the engagements app puts on a person's home page: their follow-ups that are due."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.core.home import Task
from wpsdesk.organisation.policy import is_person, visible_to

from .models import IssueRaised

SOON = dt.timedelta(days=7)


def follow_ups_due(request: HttpRequest) -> list[Task]:
    """The person's own open follow-ups that are overdue or due within a week."""
    if not is_person(request.user):
        return []
    today = timezone.localdate()
    issues = (
        visible_to(IssueRaised.objects.unfinished(), user=request.user)
        .filter(owner_id=request.user.pk, due_date__lte=today + SOON)
        .select_related("engagement")
        .order_by("due_date", "pk")[:20]
    )
    tasks = []
    for issue in issues:
        overdue = issue.due_date is not None and issue.due_date < today
        detail = _("overdue") if overdue else _("due")
        tasks.append(
            Task(
                title=_("Follow up: %(issue)s") % {"issue": issue.issue[:80]},
                url=reverse("engagements:detail", args=[issue.engagement_id]) + "#issues",
                detail=detail,
                urgent=overdue,
                due=issue.due_date,
            )
        )
    return tasks

"""What peace processes put on a person's home page: strategy objectives due for review."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.core.home import Task
from wpsdesk.organisation.policy import is_person, visible_to

from .models import StrategyObjective

SOON = dt.timedelta(days=14)


def objectives_to_review(request: HttpRequest) -> list[Task]:
    """The person's strategy objectives whose review is overdue or within two weeks."""
    if not is_person(request.user):
        return []
    today = timezone.localdate()
    objectives = (
        visible_to(StrategyObjective.objects.all(), user=request.user)
        .filter(responsible_id=request.user.pk, review_on__lte=today + SOON)
        .select_related("process", "agreement")
        .order_by("review_on", "pk")[:20]
    )
    tasks = []
    for objective in objectives:
        overdue = objective.review_on is not None and objective.review_on < today
        detail = (_("overdue since %(date)s") if overdue else _("due %(date)s")) % {
            "date": objective.review_on
        }
        # A strategy for one agreement is named by the agreement, in its process.
        whose = (
            _("%(agreement)s (%(process)s)")
            % {"agreement": objective.agreement.title, "process": objective.process.name}
            if objective.agreement is not None
            else objective.process.name
        )
        tasks.append(
            Task(
                title=_("Review the WPS strategy of %(process)s: %(objective)s")
                % {"process": whose, "objective": objective.objective[:80]},
                url=reverse("processes:objective_edit", args=[objective.pk]),
                detail=detail,
                urgent=overdue,
            )
        )
    return tasks

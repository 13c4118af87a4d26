"""The home page's planning to-dos: activities of one's own that are due, plans to approve."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.core.home import Task
from wpsdesk.organisation.models import User
from wpsdesk.organisation.policy import is_person, unit_access, visible_to

from .models import Activity, ApprovalStatus, WorkPlan
from .selectors import open_activities_of


def _activity_task(activity: Activity, today: dt.date) -> Task:
    """An open activity as a task: "Now" only when it is overdue in this year's plan; one
    left open in an earlier year's plan is named with its year, not pressed as urgent."""
    overdue = bool(activity.due_date and activity.due_date < today)
    plan_year = activity.goal.plan.year
    if plan_year < today.year:
        detail = _("left open in the %(year)s plan") % {"year": plan_year}
    elif overdue:
        detail = _("overdue")
    else:
        detail = _("due")
    return Task(
        title=activity.title,
        url=reverse("planning:activity_detail", args=[activity.pk]),
        detail=detail,
        urgent=overdue and plan_year >= today.year,
        due=activity.due_date,
    )


def planning_tasks(request: HttpRequest) -> list[Task]:
    """Open activities the person owns that are due within two weeks or overdue; for unit
    leads, plans of their units waiting for approval."""
    user = request.user
    if not is_person(user) or not isinstance(user, User):
        return []
    today = timezone.localdate()
    tasks = [_activity_task(activity, today) for activity in open_activities_of(user=user)]
    led = [unit_id for unit_id, access in unit_access(user).items() if access.role == "lead"]
    if led:
        waiting = (
            visible_to(
                WorkPlan.objects.filter(
                    unit_id__in=led, status=ApprovalStatus.DRAFT, year__gte=today.year
                ),
                user=user,
            )
            .filter(goals__isnull=False)
            .distinct()
            .order_by("year", "pk")[:5]
        )
        tasks.extend(
            Task(
                title=_("Approve the plan “%(plan)s”") % {"plan": plan.display_title},
                url=reverse("planning:plan_detail", args=[plan.pk]),
                detail=str(plan.year),
            )
            for plan in waiting
        )
    return tasks

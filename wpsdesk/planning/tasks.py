"""The home page's planning to-dos: activities of one's own that are due, plans to approve."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsdesk.core.home import Task
from wpsdesk.organisation.models import User
from wpsdesk.organisation.policy import is_person, unit_access, visible_to

from .models import ApprovalStatus, WorkPlan
from .selectors import open_activities_of


def planning_tasks(request: HttpRequest) -> list[Task]:
    """Open activities the person owns that are due within two weeks or overdue; for unit
    leads, plans of their units waiting for approval."""
    user = request.user
    if not is_person(user) or not isinstance(user, User):
        return []
    today = timezone.localdate()
    tasks = [
        Task(
            title=activity.title,
            url=reverse("planning:activity_detail", args=[activity.pk]),
            detail=(
                _("overdue since %(date)s")
                if activity.due_date and activity.due_date < today
                else _("due %(date)s")
            )
            % {"date": activity.due_date.isoformat() if activity.due_date else ""},
            urgent=bool(activity.due_date and activity.due_date < today),
        )
        for activity in open_activities_of(user=user)
    ]
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

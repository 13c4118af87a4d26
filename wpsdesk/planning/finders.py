"""What planning gives the header search: plans and activities, as their lists find them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from wpsdesk.core.search import SearchHit, SearchProvider, hits_from

from .selectors import activity_list_visible_to, plan_list_visible_to


def find_plans(user: Any, query: str, limit: int) -> tuple[list[SearchHit], int]:
    """Plans the person may read whose title, summary, unit or a goal matches."""
    return hits_from(
        plan_list_visible_to(user=user, q=query),
        limit,
        lambda plan: SearchHit(
            title=plan.display_title,
            url=reverse("planning:plan_detail", args=[plan.pk]),
            detail=f"{plan.unit.name} · {plan.year} · {plan.get_status_display()}",
        ),
    )


def find_activities(user: Any, query: str, limit: int) -> tuple[list[SearchHit], int]:
    """Activities the person may read whose title, notes or goal matches."""
    return hits_from(
        activity_list_visible_to(user=user, q=query),
        limit,
        lambda activity: SearchHit(
            title=activity.title,
            url=reverse("planning:activity_detail", args=[activity.pk]),
            detail=f"{activity.goal.plan.unit.name} · {activity.get_status_display()}",
        ),
    )


PROVIDERS = [
    SearchProvider(
        key="plans",
        label=gettext_lazy("Plans"),
        search=find_plans,
        list_url=lambda: reverse("planning:plan_list"),
        order=20,
    ),
    SearchProvider(
        key="activities",
        label=gettext_lazy("Activities"),
        search=find_activities,
        list_url=lambda: reverse("planning:activity_list"),
        order=30,
    ),
]

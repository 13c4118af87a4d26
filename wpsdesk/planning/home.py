"""What planning shows on the home page: the unit's plan and checklist for this year, and for
HQ the plans and checklists of the whole service with the units that have none yet.

Every figure counts only what the person may read (through :func:`visible_to`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wpsdesk.catalogue.models import Item
from wpsdesk.core.home import Audience, HomePanel
from wpsdesk.core.units import current_unit
from wpsdesk.organisation.models import Unit
from wpsdesk.organisation.policy import visible_to

from .models import (
    Activity,
    ActivityStatus,
    ApprovalStatus,
    ChecklistRun,
    RunStatus,
    WorkPlan,
)
from .selectors import CHECKLIST_CODE


def _percent(part: int, whole: int) -> str:
    return _("%(percent)d%%") % {"percent": round(100 * part / whole)} if whole else ""


def plan_progress(request: HttpRequest) -> dict[str, Any] | None:
    """The current unit's plans for this year: activities done, under way, planned, overdue."""
    unit = current_unit(request)
    if unit is None:
        return None
    year = timezone.localdate().year
    today = timezone.localdate()
    counts = visible_to(
        Activity.objects.filter(goal__plan__unit=unit, goal__plan__year=year), user=request.user
    ).aggregate(
        total=Count("pk", filter=~Q(status=ActivityStatus.DROPPED)),
        done=Count("pk", filter=Q(status=ActivityStatus.DONE)),
        under_way=Count("pk", filter=Q(status=ActivityStatus.UNDER_WAY)),
        planned=Count("pk", filter=Q(status=ActivityStatus.PLANNED)),
        overdue=Count(
            "pk",
            filter=Q(
                status__in=[ActivityStatus.PLANNED, ActivityStatus.UNDER_WAY],
                due_date__lt=today,
            ),
        ),
    )
    plans = list(
        visible_to(WorkPlan.objects.filter(unit=unit, year=year), user=request.user)
        .order_by("kind", "pk")
        .only("pk", "title", "kind", "year", "status", "unit_id")[:3]
    )
    activities = reverse("planning:activity_list")
    figures = [
        {
            "label": _("Activities done"),
            "value": f"{counts['done']} / {counts['total']}",
            "note": _percent(counts["done"], counts["total"]),
            "url": "",
        },
        {"label": _("Under way"), "value": counts["under_way"], "url": "", "note": ""},
        {"label": _("Not started"), "value": counts["planned"], "url": "", "note": ""},
        {"label": _("Overdue"), "value": counts["overdue"], "url": activities, "note": ""},
    ]
    links = [
        {
            "url": reverse("planning:plan_detail", args=[plan.pk]),
            "label": _("%(plan)s (%(status)s)")
            % {"plan": plan.display_title, "status": plan.get_status_display()},
        }
        for plan in plans
    ]
    if not plans:
        links = [
            {
                "url": reverse("planning:plan_list"),
                "label": _("No plan for %(year)s yet: make one") % {"year": year},
            }
        ]
        figures = []
    return {"figures": figures, "links": links, "year": year, "unit": unit}


def checklist_status(request: HttpRequest) -> dict[str, Any] | None:
    """The current unit's checklist run for this year: how many items are answered."""
    unit = current_unit(request)
    if unit is None:
        return None
    year = timezone.localdate().year
    run = (
        visible_to(ChecklistRun.objects.filter(unit=unit, year=year), user=request.user)
        .annotate(
            answered=Count("answers", filter=~Q(answers__answer="")),
            needs_work=Count("answers", filter=Q(answers__answer__in=["no", "partly"])),
        )
        .order_by("-pk")
        .first()
    )
    if run is None:
        return {
            "figures": [],
            "links": [
                {
                    "url": reverse("planning:checklist_list"),
                    "label": _("No checklist for %(year)s yet: start one") % {"year": year},
                }
            ],
        }
    total = (
        Item.objects.filter(edition_id=run.edition_id)
        .under(CHECKLIST_CODE)
        .exclude(code=CHECKLIST_CODE)
        .active()
        .count()
    )
    return {
        "figures": [
            {
                "label": _("Answered"),
                "value": f"{run.answered} / {total}",
                "note": run.get_status_display(),
                "url": reverse("planning:checklist_run", args=[run.pk]),
            },
            {
                "label": _("Need work (no or partly)"),
                "value": run.needs_work,
                "url": "",
                "note": "",
            },
        ],
        "links": [],
    }


def service_at_a_glance(request: HttpRequest) -> dict[str, Any] | None:
    """HQ: this year's plans and checklists across the service and the units without them."""
    year = timezone.localdate().year
    units = list(Unit.objects.filter(is_active=True).order_by("name").only("pk", "name"))
    # One row per plan and per run (unit, status): the counts and the units without any.
    plan_rows = list(
        visible_to(WorkPlan.objects.filter(year=year), user=request.user)
        .values_list("unit_id", "status")
        .order_by()
    )
    run_rows = list(
        visible_to(ChecklistRun.objects.filter(year=year), user=request.user)
        .values_list("unit_id", "status")
        .order_by()
    )
    plans = Counter(status for _unit, status in plan_rows)
    runs = Counter(status for _unit, status in run_rows)
    planned = {unit_id for unit_id, _status in plan_rows}
    run_units = {unit_id for unit_id, _status in run_rows}
    without_plan = [unit.name for unit in units if unit.pk not in planned]
    without_run = [unit.name for unit in units if unit.pk not in run_units]
    gaps = reverse("planning:gaps")
    return {
        "figures": [
            {"label": _("Units"), "value": len(units), "url": "", "note": ""},
            {
                "label": _("Plans for %(year)s") % {"year": year},
                "value": sum(plans.values()),
                "note": _("%(approved)d approved, %(draft)d drafts")
                % {
                    "approved": plans.get(ApprovalStatus.APPROVED, 0),
                    "draft": plans.get(ApprovalStatus.DRAFT, 0),
                },
                "url": reverse("planning:plan_list") + f"?year={year}",
            },
            {
                "label": _("Checklists for %(year)s") % {"year": year},
                "value": sum(runs.values()),
                "note": _("%(done)d completed") % {"done": runs.get(RunStatus.COMPLETED, 0)},
                "url": reverse("planning:checklist_list"),
            },
            {
                "label": _("Units without a plan"),
                "value": len(without_plan),
                "note": ", ".join(without_plan[:5]) + (" …" if len(without_plan) > 5 else ""),
                "url": gaps,
            },
            {
                "label": _("Units without a checklist"),
                "value": len(without_run),
                "note": ", ".join(without_run[:5]) + (" …" if len(without_run) > 5 else ""),
                "url": gaps,
            },
        ],
        "links": [{"url": gaps, "label": _("Gaps: what nothing serves this year")}],
    }


PANELS = [
    HomePanel(
        key="plan",
        title=gettext_lazy("This year's plan"),
        template="core/home/_figures.html",
        context=plan_progress,
        audiences=frozenset({Audience.UNIT}),
        order=10,
    ),
    HomePanel(
        key="checklist",
        title=gettext_lazy("This year's checklist"),
        template="core/home/_figures.html",
        context=checklist_status,
        audiences=frozenset({Audience.UNIT}),
        order=20,
    ),
    HomePanel(
        key="service",
        title=gettext_lazy("The service at a glance"),
        template="core/home/_figures.html",
        context=service_at_a_glance,
        audiences=frozenset({Audience.HQ}),
        order=5,
    ),
]

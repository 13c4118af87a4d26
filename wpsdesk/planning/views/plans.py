"""Plan pages: the list, creating and editing a plan, approval, the year-end results
and copying a plan to next year."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.organisation.policy import (
    may_edit,
    may_lead,
    units_visible_to,
)
from wpsdesk.planning import selectors, services
from wpsdesk.planning.forms import (
    PlanCreateForm,
    PlanEditForm,
    PlanFilterForm,
    ResultsForm,
)
from wpsdesk.planning.models import (
    WorkPlan,
)
from wpsdesk.planning.selectors import get_visible_or_404

from .common import (
    GET_POST,
    _actor,
    _default_unit,
    _fail,
    _paged,
    _refuse_stale,
)


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    """Plans the person may read, with search, filters and paging."""
    user = request.user
    form = PlanFilterForm(
        request.GET,
        units=units_visible_to(user=user).order_by("name"),
        years=selectors.plan_years(user=user),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    plans = selectors.plan_list_visible_to(
        user=user,
        q=filters.get("q") or "",
        unit_id=filters["unit"].pk if filters.get("unit") else None,
        year=filters.get("year"),
        status=filters.get("status") or "",
        kind=filters.get("kind") or "",
    )
    page, query = _paged(request, plans)
    return render(
        request,
        "planning/plan_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "may_create": selectors.units_to_create_in(user=user).exists(),
        },
    )


@require_http_methods(GET_POST)
def plan_create(request: HttpRequest) -> HttpResponse:
    """Start a plan for one of the person's units (editors and leads)."""
    units = selectors.units_to_create_in(user=request.user)
    if not units.exists():
        raise PermissionDenied
    default = _default_unit(request, units)
    form = PlanCreateForm(
        request.POST or None,
        units=units,
        default_unit=default,
        initial={"unit": default.pk} if default else {},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        existing = services.plan_exists(unit=data["unit"], year=data["year"], kind=data["kind"])
        if existing is not None:
            messages.info(
                request,
                _("%(unit)s already has this plan for %(year)s; here it is.")
                % {"unit": data["unit"].name, "year": data["year"]},
            )
            return redirect("planning:plan_detail", existing.pk)
        try:
            plan = services.plan_create(actor=_actor(request), **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The plan was created. Add its goals."))
            return redirect("planning:plan_detail", plan.pk)
    status = 400 if form.is_bound else 200
    return render(request, "planning/plan_form.html", {"form": form, "plan": None}, status=status)


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(
        WorkPlan.objects.select_related(
            "unit", "approved_by", "results_approved_by", "copied_from", "created_by"
        ),
        user=request.user,
        pk=pk,
    )
    user = request.user
    can_edit = may_edit(user, plan)
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "goals": selectors.plan_goals(plan=plan),
            "can_edit": can_edit,
            "can_lead": may_lead(user, plan.unit_id),
            "next_year_exists": services.plan_exists(
                unit=plan.unit, year=plan.year + 1, kind=plan.kind
            )
            is not None,
        },
    )


@require_http_methods(GET_POST)
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_editable_or_404(
        WorkPlan.objects.select_related("unit"), user=request.user, pk=pk
    )
    initial = {
        "title": plan.title,
        "summary": plan.summary,
        "kind": plan.kind,
        "classification": plan.classification,
    }
    form = PlanEditForm(request.POST or None, initial=initial, version=plan.version)
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.plan_update(
                actor=_actor(request), plan=plan, version=form.sent_version, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except StaleEdit as exc:
            status = _refuse_stale(form, exc)
        else:
            if changed:
                messages.success(request, _("The plan was saved."))
            return redirect("planning:plan_detail", plan.pk)
    return render(request, "planning/plan_form.html", {"form": form, "plan": plan}, status=status)


def _lead_action(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    plan = selectors.get_plan_to_lead_or_404(user=request.user, pk=pk)
    try:
        action(actor=_actor(request), plan=plan)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, done)
    return redirect("planning:plan_detail", plan.pk)


@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit lead approves the plan."""
    return _lead_action(request, pk, services.plan_approve, _("The plan is approved."))


@require_POST
def plan_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit lead takes an approval back."""
    return _lead_action(request, pk, services.plan_reopen, _("The plan is a draft again."))


@require_POST
def results_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit lead approves the year-end results."""
    return _lead_action(
        request, pk, services.results_approve, _("The year-end results are approved.")
    )


@require_http_methods(GET_POST)
def results_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_editable_or_404(
        WorkPlan.objects.select_related("unit"), user=request.user, pk=pk
    )
    form = ResultsForm(
        request.POST or None,
        initial={
            "results_summary": plan.results_summary,
            "results_obstacles": plan.results_obstacles,
        },
        version=plan.version,
    )
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        try:
            services.results_update(
                actor=_actor(request), plan=plan, version=form.sent_version, **form.cleaned_data
            )
        except StaleEdit as exc:
            status = _refuse_stale(form, exc)
        else:
            messages.success(request, _("The year-end results were saved."))
            return redirect("planning:plan_detail", plan.pk)
    return render(
        request, "planning/results_form.html", {"form": form, "plan": plan}, status=status
    )


@require_POST
def plan_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Start next year's plan from this one."""
    plan = selectors.get_editable_or_404(
        WorkPlan.objects.select_related("unit"), user=request.user, pk=pk
    )
    try:
        copy = services.plan_copy_forward(actor=_actor(request), plan=plan)
    except ValidationError as exc:
        _fail(request, exc)
        return redirect("planning:plan_detail", plan.pk)
    messages.success(
        request, _("The plan for %(year)s was started from this one.") % {"year": copy.year}
    )
    return redirect("planning:plan_detail", copy.pk)

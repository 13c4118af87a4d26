"""Pages for plans, goals, activities, indicators, evidence and the mission checklist.

Thin views: parse with a form, fetch through the policy layer (a record one may not
change answers 404 from every route that changes it), call one service or selector,
render the page or its htmx fragment.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wpsdesk.accounts.reauth import require_reauthentication
from wpsdesk.catalogue.models import Item
from wpsdesk.core.concurrency import VERSION_FIELD, StaleEdit, parse_version
from wpsdesk.core.htmx import is_htmx
from wpsdesk.core.units import current_unit
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import (
    may_edit,
    may_lead,
    units_visible_to,
    visible_to,
)

from . import exchange, files, selectors, services
from .forms import (
    ActivityFilterForm,
    ActivityForm,
    AnswerForm,
    AnswerToActivityForm,
    ChecklistStartForm,
    CompareForm,
    EvidenceForm,
    ExportForm,
    GoalForm,
    ImportForm,
    IndicatorForm,
    IndicatorValueForm,
    PlanCreateForm,
    PlanEditForm,
    PlanFilterForm,
    ProgressForm,
    ResultsForm,
    YearForm,
)
from .models import (
    Activity,
    ChecklistAnswer,
    ChecklistRun,
    Evidence,
    EvidenceKind,
    Goal,
    Indicator,
    IndicatorValue,
    RunStatus,
    WorkPlan,
)
from .selectors import get_visible_or_404

PER_PAGE = 25
GET_POST = ["GET", "POST"]


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _paged(request: HttpRequest, rows: QuerySet[Any]) -> tuple[Page[Any], str]:
    """One page of ``rows`` and the query string of the filters without the page number."""
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _fail(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _default_unit(request: HttpRequest, units: QuerySet[Any]) -> Any:
    """The unit the person works in if they may create there, else their first such unit."""
    here = current_unit(request)
    if here is not None and units.filter(pk=here.pk).exists():
        return here
    return units.first()


def _refuse_stale(form: Any, exc: StaleEdit) -> int:
    """Keep the person's input and show who changed what: the page's status code."""
    form.refuse_stale(exc)
    return 409


# --- plans -----------------------------------------------------------------------------


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


# --- goals -----------------------------------------------------------------------------


def _goal_form(
    request: HttpRequest, initial: dict[str, Any], version: int | None = None
) -> tuple[GoalForm, bool]:
    """The goal form, and whether the person only asked to search the guidelines.

    A search keeps the version the page was opened at, so a save after it is still checked.
    """
    data = request.POST if request.method == "POST" else None
    searching = bool(data and "search" in data)
    if data is not None:
        selected = [int(pk) for pk in data.getlist("items") if pk.isdigit()]
        q = data.get("item_q", "")
    else:
        selected = [item.pk for item in initial.get("items", [])]
        q = request.GET.get("item_q", "")
    choices = selectors.goal_item_choices(q=q, selected=selected)
    if searching and data is not None:
        values = {
            "title": data.get("title", ""),
            "description": data.get("description", ""),
            "items": selected,
            "item_q": q,
        }
        if version is not None:
            version = parse_version(data.get(VERSION_FIELD))
        return GoalForm(initial=values, choices=choices, version=version), True
    form = GoalForm(data, initial={**initial, "item_q": q}, choices=choices, version=version)
    return form, False


def _goal_page(
    request: HttpRequest, form: GoalForm, plan: WorkPlan, goal: Goal | None, status: int
) -> HttpResponse:
    template = "planning/goal_form.html"
    if is_htmx(request) and "search" in request.POST:
        template += "#item-options"
    return render(request, template, {"form": form, "plan": plan, "goal": goal}, status=status)


@require_http_methods(GET_POST)
def goal_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_editable_or_404(
        WorkPlan.objects.select_related("unit"), user=request.user, pk=pk
    )
    form, searching = _goal_form(request, {})
    if request.method == "POST" and not searching and form.is_valid():
        data = form.cleaned_data
        try:
            services.goal_create(
                actor=_actor(request),
                plan=plan,
                title=data["title"],
                description=data["description"],
                items=data["items"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The goal was added."))
            return redirect("planning:plan_detail", plan.pk)
    status = 400 if form.is_bound else 200
    return _goal_page(request, form, plan, None, status)


@require_http_methods(GET_POST)
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.get_editable_or_404(
        Goal.objects.select_related("plan__unit"), user=request.user, pk=pk
    )
    initial = {
        "title": goal.title,
        "description": goal.description,
        "items": list(goal.items.all()),
    }
    form, searching = _goal_form(request, initial, version=goal.version)
    status = 400 if form.is_bound else 200
    if request.method == "POST" and not searching and form.is_valid():
        data = form.cleaned_data
        try:
            services.goal_update(
                actor=_actor(request),
                goal=goal,
                title=data["title"],
                description=data["description"],
                items=data["items"],
                version=form.sent_version,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except StaleEdit as exc:
            status = _refuse_stale(form, exc)
        else:
            messages.success(request, _("The goal was saved."))
            return redirect("planning:plan_detail", goal.plan_id)
    return _goal_page(request, form, goal.plan, goal, status)


# --- activities ------------------------------------------------------------------------


@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    """Activities the person may read, across plans: search, filters and paging."""
    user = request.user
    form = ActivityFilterForm(
        request.GET,
        units=units_visible_to(user=user).order_by("name"),
        years=selectors.plan_years(user=user),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    activities = selectors.activity_list_visible_to(
        user=user,
        q=filters.get("q") or "",
        status=filters.get("status") or "",
        unit_id=filters["unit"].pk if filters.get("unit") else None,
        year=filters.get("year"),
        owner_id=user.pk if filters.get("mine") else None,
        overdue=bool(filters.get("overdue")),
    )
    page, query = _paged(request, activities)
    return render(
        request,
        "planning/activity_list.html",
        {"form": form, "page": page, "query": query, "today": timezone.localdate()},
    )


@require_http_methods(GET_POST)
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.get_editable_or_404(
        Goal.objects.select_related("plan__unit"), user=request.user, pk=pk
    )
    form = ActivityForm(
        request.POST or None,
        members=selectors.unit_members(unit_id=goal.plan.unit_id),
        initial={"owner": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                actor=_actor(request), goal=goal, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The activity was added."))
            return redirect("planning:activity_detail", activity.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "planning/activity_form.html",
        {"form": form, "goal": goal, "activity": None},
        status=status,
    )


def _activity(request: HttpRequest, pk: int, *, edit: bool) -> Activity:
    queryset = Activity.objects.select_related("goal__plan__unit", "owner", "from_answer__item")
    if edit:
        return cast(Activity, selectors.get_editable_or_404(queryset, user=request.user, pk=pk))
    return get_visible_or_404(queryset, user=request.user, pk=pk)


def _activity_page(
    request: HttpRequest,
    activity: Activity,
    *,
    progress_form: ProgressForm | None = None,
    evidence_form: EvidenceForm | None = None,
    status: int = 200,
    template: str = "planning/activity_detail.html",
) -> HttpResponse:
    can_edit = may_edit(request.user, activity)
    return render(
        request,
        template,
        {
            "activity": activity,
            "can_edit": can_edit,
            "progress_form": progress_form or ProgressForm(initial={"status": activity.status}),
            "evidence_form": evidence_form or EvidenceForm(),
            **selectors.activity_detail(activity=activity),
        },
        status=status,
    )


@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _activity_page(request, _activity(request, pk, edit=False))


@require_http_methods(GET_POST)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk, edit=True)
    initial = {
        "title": activity.title,
        "owner": activity.owner_id,
        "due_date": activity.due_date,
        "status": activity.status,
        "drop_reason": activity.drop_reason,
        "notes": activity.notes,
    }
    form = ActivityForm(
        request.POST or None,
        members=selectors.unit_members(unit_id=activity.goal.plan.unit_id),
        initial=initial,
        version=activity.version,
    )
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                actor=_actor(request),
                activity=activity,
                version=form.sent_version,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except StaleEdit as exc:
            status = _refuse_stale(form, exc)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("planning:activity_detail", activity.pk)
    return render(
        request,
        "planning/activity_form.html",
        {"form": form, "goal": activity.goal, "activity": activity},
        status=status,
    )


@require_POST
def activity_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """A progress note and/or a new status; htmx swaps the progress section in place."""
    activity = _activity(request, pk, edit=True)
    form = ProgressForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            services.progress_add(actor=_actor(request), activity=activity, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            status = 400
        else:
            if not is_htmx(request):
                messages.success(request, _("The progress was recorded."))
                return redirect("planning:activity_detail", activity.pk)
            form = ProgressForm(initial={"status": activity.status})
    else:
        status = 400
    template = "planning/activity_detail.html"
    if is_htmx(request):
        # htmx swaps only successful responses: the section with its errors is one.
        template += "#progress"
        status = 200
    return _activity_page(request, activity, progress_form=form, status=status, template=template)


@require_POST
def activity_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk, edit=True)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.evidence_add(
                actor=_actor(request),
                activity=activity,
                text=data["text"],
                url=data["url"],
                upload=data["file"],
            )
        except ValidationError as exc:
            form.add_error("file" if data["file"] else None, exc)
        else:
            messages.success(request, _("The evidence was added."))
            return redirect("planning:activity_detail", activity.pk)
    return _activity_page(request, activity, evidence_form=form, status=400)


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """An uploaded file, to people who may read its record: always as an attachment."""
    evidence = get_visible_or_404(Evidence, user=request.user, pk=pk, kind=EvidenceKind.FILE)
    try:
        data = files.load(evidence.file_key)
    except Exception as exc:  # a missing or unreadable file: nothing to give
        raise Http404 from exc
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = _attachment(evidence.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store, private"
    return response


def _attachment(name: str) -> str:
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = selectors.get_editable_or_404(
        Evidence.objects.select_related("answer__run"), user=request.user, pk=pk
    )
    activity_id, answer = evidence.activity_id, evidence.answer
    services.evidence_remove(actor=_actor(request), evidence=evidence)
    messages.success(request, _("The evidence was removed."))
    if activity_id:
        return redirect("planning:activity_detail", activity_id)
    assert answer is not None  # noqa: S101  (evidence has exactly one parent)
    return redirect(_row_url(answer.run_id, answer.item_id))


# --- indicators ------------------------------------------------------------------------


@require_GET
def indicator_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PlanFilterForm(
        request.GET,
        units=units_visible_to(user=user).order_by("name"),
        years=selectors.plan_years(user=user),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    indicators = selectors.indicator_list_visible_to(
        user=user,
        q=filters.get("q") or "",
        unit_id=filters["unit"].pk if filters.get("unit") else None,
        year=filters.get("year"),
    )
    page, query = _paged(request, indicators)
    return render(
        request, "planning/indicator_list.html", {"form": form, "page": page, "query": query}
    )


@require_http_methods(GET_POST)
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.get_editable_or_404(
        Goal.objects.select_related("plan__unit"), user=request.user, pk=pk
    )
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(
                actor=_actor(request), goal=goal, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The indicator was added. Enter its first values."))
            return redirect("planning:indicator_detail", indicator.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "planning/indicator_form.html",
        {"form": form, "goal": goal, "indicator": None},
        status=status,
    )


def _indicator(request: HttpRequest, pk: int, *, edit: bool) -> Indicator:
    queryset = Indicator.objects.select_related("goal__plan__unit").prefetch_related(
        "dimensions__categories"
    )
    if edit:
        return cast(Indicator, selectors.get_editable_or_404(queryset, user=request.user, pk=pk))
    return get_visible_or_404(queryset, user=request.user, pk=pk)


@require_GET
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(request, pk, edit=False)
    values = selectors.indicator_values(indicator=indicator)
    dimensions = list(indicator.dimensions.all())
    rows = []
    for value in values:
        by_category = {figure.category_id: figure.amount for figure in value.breakdown.all()}
        rows.append(
            (
                value,
                [
                    (dimension, [(c, by_category.get(c.pk)) for c in dimension.categories.all()])
                    for dimension in dimensions
                ],
            )
        )
    return render(
        request,
        "planning/indicator_detail.html",
        {
            "indicator": indicator,
            "rows": rows,
            "dimensions": dimensions,
            "can_edit": may_edit(request.user, indicator),
        },
    )


@require_http_methods(GET_POST)
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(request, pk, edit=True)
    initial = {
        "name": indicator.name,
        "kind": indicator.kind,
        "unit_of_measure": indicator.unit_of_measure,
        "description": indicator.description,
        "dimensions": [d for d in indicator.dimensions.all() if not d.always],
    }
    form = IndicatorForm(request.POST or None, initial=initial, version=indicator.version)
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(
                actor=_actor(request),
                indicator=indicator,
                version=form.sent_version,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except StaleEdit as exc:
            status = _refuse_stale(form, exc)
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect("planning:indicator_detail", indicator.pk)
    return render(
        request,
        "planning/indicator_form.html",
        {"form": form, "goal": indicator.goal, "indicator": indicator},
        status=status,
    )


def _value_page(
    request: HttpRequest, indicator: Indicator, value: IndicatorValue | None
) -> HttpResponse:
    initial: dict[str, Any] = {"period": str(indicator.goal.plan.year)}
    if value is not None:
        initial = {
            name: getattr(value, name)
            for name in (
                "period",
                "baseline",
                "target",
                "actual",
                "baseline_text",
                "target_text",
                "actual_text",
                "disaggregation_note",
            )
        }
        for figure in value.breakdown.all():
            initial[f"cat_{figure.category_id}"] = figure.amount
    form = IndicatorValueForm(
        request.POST or None,
        indicator=indicator,
        initial=initial,
        version=value.version if value is not None else None,
    )
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.indicator_value_save(
                actor=_actor(request),
                indicator=indicator,
                period=data["period"],
                baseline=data.get("baseline"),
                target=data.get("target"),
                actual=data.get("actual"),
                baseline_text=data.get("baseline_text", ""),
                target_text=data.get("target_text", ""),
                actual_text=data.get("actual_text", ""),
                figures=form.figures(),
                disaggregation_note=data.get("disaggregation_note", ""),
                version=_value_version(form, value, data["period"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except StaleEdit as exc:
            status = _refuse_stale(form, exc)
        else:
            messages.success(
                request, _("The values for %(period)s were saved.") % {"period": data["period"]}
            )
            return redirect("planning:indicator_detail", indicator.pk)
    return render(
        request,
        "planning/value_form.html",
        {"form": form, "indicator": indicator, "value": value},
        status=status,
    )


def _value_version(
    form: IndicatorValueForm, value: IndicatorValue | None, period: str
) -> int | None:
    """The version to check: the one the value's own page was opened at, for its period.

    The page for a new period's values updates a period that has values already, as it
    always has (nothing to compare with: the person saw none); moving an opened value to
    another period checks nothing either.
    """
    if value is None or period != value.period:
        return None
    return form.sent_version


@require_http_methods(GET_POST)
def value_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter a period's values (an existing period is updated)."""
    return _value_page(request, _indicator(request, pk, edit=True), None)


@require_http_methods(GET_POST)
def value_edit(request: HttpRequest, pk: int) -> HttpResponse:
    value = selectors.get_editable_or_404(
        IndicatorValue.objects.select_related("indicator__goal__plan__unit").prefetch_related(
            "breakdown", "indicator__dimensions__categories"
        ),
        user=request.user,
        pk=pk,
    )
    return _value_page(request, value.indicator, value)


# --- the mission checklist -------------------------------------------------------------


@require_GET
def checklist_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    units = selectors.units_to_create_in(user=user)
    # The start form has a year too: the filter's fields get ids of their own.
    form = (
        YearForm(request.GET, auto_id="filter_%s")
        if request.GET.get("year")
        else YearForm(auto_id="filter_%s")
    )
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else None
    runs = selectors.checklist_run_list_visible_to(user=user, year=year)
    page, query = _paged(request, runs)
    here = current_unit(request)
    start_form = (
        ChecklistStartForm(
            units=units,
            initial={"unit": here.pk} if here and units.filter(pk=here.pk).exists() else {},
        )
        if units.exists()
        else None
    )
    return render(
        request,
        "planning/checklist_list.html",
        {"page": page, "query": query, "start_form": start_form, "filter_form": form},
    )


@require_POST
def checklist_start(request: HttpRequest) -> HttpResponse:
    units = selectors.units_to_create_in(user=request.user)
    if not units.exists():
        raise PermissionDenied
    form = ChecklistStartForm(request.POST, units=units, default_unit=_default_unit(request, units))
    if form.is_valid():
        unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
        existing = visible_to(ChecklistRun.objects.filter(unit=unit, year=year), user=request.user)
        if existing.exists():
            messages.info(
                request, _("The checklist for %(year)s is already started.") % {"year": year}
            )
            return redirect("planning:checklist_run", existing.get().pk)
        try:
            run = services.checklist_run_start(actor=_actor(request), unit=unit, year=year)
        except ValidationError as exc:
            _fail(request, exc)
            return redirect("planning:checklist_list")
        return redirect("planning:checklist_run", run.pk)
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("planning:checklist_list")


def _run(request: HttpRequest, pk: int, *, edit: bool) -> ChecklistRun:
    queryset = ChecklistRun.objects.select_related("unit", "edition", "completed_by")
    if edit:
        return cast(ChecklistRun, selectors.get_editable_or_404(queryset, user=request.user, pk=pk))
    return get_visible_or_404(queryset, user=request.user, pk=pk)


def _row_url(run_pk: int, item_pk: int) -> str:
    """A row of the run's page, with its section open (without JavaScript, too)."""
    return reverse("planning:checklist_run", args=[run_pk]) + f"?open={item_pk}#item-{item_pk}"


def _answer_choices() -> Any:
    return AnswerForm.base_fields["answer"].choices  # type: ignore[attr-defined]


@require_GET
def checklist_run(request: HttpRequest, pk: int) -> HttpResponse:
    """The checklist with the unit's answers in folding sections; each row saves on its own."""
    run = _run(request, pk, edit=False)
    rows = selectors.checklist_sheet(run=run)
    can_edit = may_edit(request.user, run)
    target = parse_version(request.GET.get("open"))  # a row's id: digits, as a version is
    return render(
        request,
        "planning/checklist_run.html",
        {
            "run": run,
            "rows": rows,
            "sections": selectors.checklist_sections(rows, open_item=target, open_all=not can_edit),
            "answered": sum(1 for row in rows if row.answer and row.answer.answer),
            "total": len(rows),
            "can_edit": can_edit,
            "choices": _answer_choices(),
        },
    )


#: What a row's "more" part (activity link, evidence) was drawn for when there is no answer.
NO_ANSWER = "-"


@require_POST
def checklist_answer(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Answer one row. With htmx (saved as the person goes): the row's status ("Saved at
    10:42", or what went wrong), with the new version, the counts and, when the answer
    changed what the row offers, its activity link and evidence, swapped out of band; the
    person's own input stays as it is. Without JavaScript: back to the row on the page."""
    run = _run(request, pk, edit=True)
    item = Item.objects.filter(pk=item_pk, edition_id=run.edition_id).first()
    if item is None or not services.checklist_item_in_run(run, item):
        raise Http404
    form = AnswerForm(request.POST, version=0)
    error = ""
    stale: StaleEdit | None = None
    record: ChecklistAnswer | None = None
    if form.is_valid():
        try:
            record = services.checklist_answer_save(
                actor=_actor(request),
                run=run,
                item=item,
                version=form.sent_version,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except StaleEdit as exc:
            stale = exc
            error = exc.message
    elif form.sent_version is None:
        error = " ".join(str(message) for message in form.non_field_errors())
    else:
        error = _("Choose yes, partly, no or not relevant.")
    if is_htmx(request):
        stored = record or (cast(ChecklistAnswer, stale.record) if stale else None)
        was_shown = request.POST.get("shown", NO_ANSWER)[:20]
        now_shown = stored.answer if stored else was_shown
        redraw = stored is not None and now_shown != was_shown
        return render(
            request,
            "planning/checklist_answer.html",
            {
                "run": run,
                "item": item,
                "anchor": selectors.section_anchor(item.code),
                "version": stored.version if stored else form.sent_version,
                "shown": now_shown,
                # The answer's links and evidence, only when what they offer changed: a
                # note saved while typing must not redraw the evidence form one is in.
                "row": selectors.checklist_row(run=run, item=item) if redraw else None,
                "counts": selectors.checklist_counts(run=run, item=item),
                "can_edit": True,
                "error": error,
                "saved_at": timezone.localtime(),
                "stale_changes": stale.changes() if stale else [],
            },
            # htmx swaps only successful responses: the status with its message is one.
        )
    if error:
        messages.error(request, error)
        if stale is not None:
            for change in stale.changes():
                messages.error(request, change.describe())
    return redirect(_row_url(run.pk, item.pk))


def _answer(request: HttpRequest, pk: int, answer_pk: int) -> ChecklistAnswer:
    return cast(
        ChecklistAnswer,
        selectors.get_editable_or_404(
            ChecklistAnswer.objects.select_related("run__unit", "item"),
            user=request.user,
            pk=answer_pk,
            run_id=pk,
        ),
    )


@require_http_methods(GET_POST)
def answer_activity(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    """Turn a "no" or "partly" into an activity in one step."""
    answer = _answer(request, pk, answer_pk)
    if not answer.needs_work:
        messages.error(request, _("Only a “no” or “partly” can become an activity."))
        return redirect(_row_url(pk, answer.item_id))
    user = request.user
    goals = selectors.goals_for_answer(user=user, answer=answer)
    plans = selectors.plans_for_answer(user=user, answer=answer)
    form = AnswerToActivityForm(
        request.POST or None,
        goals=goals,
        plans=plans,
        members=selectors.unit_members(unit_id=answer.run.unit_id),
        initial={"title": answer.item.heading[:300], "owner": user.pk},
    )
    if request.method == "POST" and form.is_valid():
        goal, plan = form.target()
        data = form.cleaned_data
        try:
            activity = services.checklist_answer_to_activity(
                actor=_actor(request),
                answer=answer,
                goal=goal,
                plan=plan,
                title=data["title"],
                owner=data["owner"],
                due_date=data["due_date"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The activity “%(title)s” was added under “%(goal)s”.")
                % {"title": activity.title, "goal": activity.goal.title},
            )
            return redirect(_row_url(pk, answer.item_id))
    status = 400 if form.is_bound else 200
    return render(
        request,
        "planning/answer_activity.html",
        {"form": form, "answer": answer, "run": answer.run, "has_plan": bool(form.plans)},
        status=status,
    )


@require_POST
def answer_evidence(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    answer = _answer(request, pk, answer_pk)
    form = EvidenceForm(request.POST, request.FILES)
    target = _row_url(pk, answer.item_id)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(target)
    data = form.cleaned_data
    try:
        services.evidence_add(
            actor=_actor(request),
            answer=answer,
            text=data["text"],
            url=data["url"],
            upload=data["file"],
        )
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The evidence was added."))
    return redirect(target)


@require_POST
def checklist_complete(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk, edit=True)
    try:
        if run.status == RunStatus.COMPLETED:
            services.checklist_run_reopen(actor=_actor(request), run=run)
            messages.success(request, _("The checklist is open again."))
        else:
            services.checklist_run_complete(actor=_actor(request), run=run)
            messages.success(request, _("The checklist is marked as completed."))
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("planning:checklist_run", run.pk)


@require_GET
def checklist_compare(request: HttpRequest) -> HttpResponse:
    """A unit's checklist answers year by year."""
    user = request.user
    units = selectors.units_with_runs(user=user)
    this_year = timezone.localdate().year
    form = CompareForm(request.GET or None, units=units)
    comparison = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        years = list(range(data["first"], data["last"] + 1))
        comparison = selectors.checklist_comparison(user=user, unit_id=data["unit"].pk, years=years)
    elif not form.is_bound:
        here = current_unit(request)
        form = CompareForm(
            units=units,
            initial={
                "unit": here.pk if here else None,
                "first": this_year - 2,
                "last": this_year,
            },
        )
    return render(
        request,
        "planning/checklist_compare.html",
        {"form": form, "comparison": comparison},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- traceability ----------------------------------------------------------------------


@require_GET
def serving(request: HttpRequest, code: str) -> HttpResponse:
    """Goals, activities and indicators that serve one guideline item."""
    item = selectors.item_by_code(code)
    work = selectors.work_serving_item(user=request.user, item=item, page=request.GET.get("page"))
    return render(request, "planning/serving.html", {"item": item, "work": work, "paged": True})


@require_GET
def gaps(request: HttpRequest) -> HttpResponse:
    """HQ: guideline commitments and action points nobody plans for this year."""
    if not selectors.may_see_gaps(request.user):
        raise PermissionDenied
    form = YearForm(request.GET) if request.GET.get("year") else None
    year = (
        form.cleaned_data["year"]
        if form is not None and form.is_valid()
        else timezone.localdate().year
    )
    form = form or YearForm(initial={"year": year})
    return render(
        request,
        "planning/gaps.html",
        {"form": form, "gaps": selectors.gaps(user=request.user, year=year)},
    )


# --- Excel and CSV ---------------------------------------------------------------------


def _exchange_page(
    request: HttpRequest,
    *,
    import_form: ImportForm | None = None,
    report: exchange.ImportReport | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    editable = selectors.units_to_create_in(user=user)
    here = current_unit(request)
    this_year = timezone.localdate().year
    return render(
        request,
        "planning/exchange.html",
        {
            "export_form": ExportForm(
                units=units_visible_to(user=user).order_by("name"),
                initial={"unit": here.pk if here else None, "year": this_year},
            ),
            "template_form": ExportForm(
                units=editable, initial={"unit": here.pk if here else None, "year": this_year}
            )
            if editable.exists()
            else None,
            "import_form": import_form or (ImportForm() if editable.exists() else None),
            "report": report,
        },
        status=status,
    )


@require_GET
def exchange_page(request: HttpRequest) -> HttpResponse:
    """Download a template or an export; upload a filled-in workbook."""
    return _exchange_page(request)


def _download(data: bytes | str, *, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = _attachment(name)
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """Plans, activities and indicator values the person may read, as Excel or CSV.

    The choices are checked first (a unit one may not read is not among them: 400); only
    then is re-authentication asked for, and the file sent afterwards.
    """
    form = ExportForm(request.GET, units=units_visible_to(user=request.user).order_by("name"))
    if not form.is_valid():
        return _exchange_page(request, status=400)
    return require_reauthentication(_send_export)(request, form.cleaned_data)


def _send_export(request: HttpRequest, data: dict[str, Any]) -> HttpResponse:
    fmt, what = data["format"], data.get("what") or "plans"
    unit, year = data.get("unit"), data.get("year")
    plans = list(exchange.plans_for_export(user=request.user, unit=unit, year=year))
    rows = exchange.sheet_rows(plans)
    exchange.record_export(
        actor=_actor(request),
        fmt=fmt,
        what=what if fmt == "csv" else "all",
        unit=unit,
        year=year,
        plans=len(plans),
    )
    stem = f"wps-plans-{unit.code if unit else 'all'}-{year or 'all-years'}"
    if fmt == "csv":
        return _download(
            exchange.csv_text(rows, what),
            name=f"{stem}-{what}.csv",
            content_type="text/csv; charset=utf-8",
        )
    return _download(
        exchange.workbook_bytes(rows), name=f"{stem}.xlsx", content_type=exchange.XLSX_TYPE
    )


@require_GET
def template(request: HttpRequest) -> HttpResponse:
    """A workbook to fill in for one of the person's units and a year (with its plan, if any).

    It holds the unit's plan for the year, so it is an export: the person's right to create
    plans and the choices are checked first, then re-authentication is asked for.
    """
    user = request.user
    units = selectors.units_to_create_in(user=user)
    if not units.exists():
        raise PermissionDenied
    form = ExportForm(
        {"format": "xlsx", **request.GET.dict()} if request.GET else {"format": "xlsx"},
        units=units,
    )
    if not form.is_valid():
        return _exchange_page(request, status=400)
    unit = form.cleaned_data.get("unit") or current_unit(request)
    if unit is None or not units.filter(pk=unit.pk).exists():
        unit = units.first()
    assert unit is not None  # noqa: S101  (units is not empty)
    year = form.cleaned_data.get("year") or timezone.localdate().year
    return require_reauthentication(_send_template)(request, unit, year)


def _send_template(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    plans = list(exchange.plans_for_export(user=request.user, unit=unit, year=year))
    exchange.record_export(
        actor=_actor(request), fmt="xlsx", what="template", unit=unit, year=year, plans=len(plans)
    )
    return _download(
        exchange.workbook_bytes(exchange.template_rows(unit=unit, year=year, plans=plans)),
        name=f"wps-plan-{unit.code}-{year}.xlsx",
        content_type=exchange.XLSX_TYPE,
    )


@require_POST
def import_plans(request: HttpRequest) -> HttpResponse:
    """Upload a filled-in workbook: all rows or none."""
    if not selectors.units_to_create_in(user=request.user).exists():
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _exchange_page(request, import_form=form, status=400)
    upload = form.cleaned_data["file"]
    if upload.size > exchange.MAX_IMPORT_BYTES:
        form.add_error("file", _("The file is larger than 5 MB."))
        return _exchange_page(request, import_form=form, status=400)
    report = exchange.import_workbook(upload.read(), actor=_actor(request))
    if report.ok:
        messages.success(request, report.summary())
        return _exchange_page(request, report=report)
    return _exchange_page(request, import_form=form, report=report, status=400)

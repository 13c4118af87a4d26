"""Indicator pages: the list, creating and editing indicators, and their values by period."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.organisation.policy import (
    may_edit,
    units_visible_to,
)
from wpsdesk.planning import selectors, services
from wpsdesk.planning.forms import (
    IndicatorForm,
    IndicatorValueForm,
    PlanFilterForm,
)
from wpsdesk.planning.models import (
    Goal,
    Indicator,
    IndicatorValue,
)
from wpsdesk.planning.selectors import get_visible_or_404

from .common import (
    GET_POST,
    _actor,
    _paged,
    _refuse_stale,
)


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

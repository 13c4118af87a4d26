"""Pages: the engagement log, one engagement, its issues and their follow-up."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.units import current_unit
from wpsdesk.operations.selectors import operations_to_choose
from wpsdesk.organisation.models import User
from wpsdesk.organisation.policy import get_visible_or_404, may_edit, visible_to
from wpsdesk.processes.selectors import processes_to_choose

from . import figures, selectors, services
from .forms import EngagementFilterForm, EngagementForm, IssueForm, owners_of
from .models import Dimension, Engagement, IssueRaised, Kind, Measure, Side

PAGE_SIZE = 25


def _person(request: HttpRequest) -> User:
    return cast(User, request.user)


def filter_form(request: HttpRequest) -> tuple[EngagementFilterForm, selectors.EngagementFilters]:
    """The GET filters shared by the list, the dashboard and the export."""
    form = EngagementFilterForm(
        request.GET or None, units=selectors.filter_units(user=request.user)
    )
    filters = selectors.EngagementFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.EngagementFilters.from_cleaned(form.cleaned_data)
    return form, filters


def _query_without_page(request: HttpRequest) -> str:
    return urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])


def _row_summary(engagement: Engagement) -> dict[str, Any]:
    grid = figures.grid_from_rows(
        (p.side, p.measure, p.dimension_code, p.category_code, p.count)
        for p in engagement.participation.all()
    )
    everyone = [figures.side_total(grid, side) for side in Side.values]
    women = [figures.women(grid, side) for side in Side.values]
    people = sum(n for n in everyone if n)
    woman_count = sum(n for n in women if n)
    return {
        "engagement": engagement,
        "people": people if any(n is not None for n in everyone) else None,
        "women": woman_count,
        "share": figures.format_share(figures.share(woman_count, people)),
    }


@require_GET
def engagement_list(request: HttpRequest) -> HttpResponse:
    """Engagements the person may open, searchable and filtered, 25 to a page."""
    form, filters = filter_form(request)
    engagements = selectors.engagement_list_visible_to(user=request.user, filters=filters)
    page = Paginator(engagements, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [_row_summary(e) for e in page.object_list]
    return render(
        request,
        "engagements/engagement_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": _query_without_page(request),
            "may_log": bool(selectors.units_for_logging(user=request.user)),
        },
    )


def _form_page(
    request: HttpRequest, form: EngagementForm, engagement: Engagement | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "engagements/engagement_form.html",
        {"form": form, "engagement": engagement, "totals": form.totals()},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def engagement_create(request: HttpRequest) -> HttpResponse:
    """The compact log: today, the current unit and the last-used place filled in."""
    units = selectors.units_for_logging(user=request.user)
    if not units:
        raise PermissionDenied
    unit = current_unit(request)
    if unit not in units:
        unit = units[0]
    if request.method == "POST":
        form = EngagementForm(
            request.POST,
            units=units,
            default_unit=unit,
            processes=processes_to_choose(user=request.user),
            operations=operations_to_choose(user=request.user),
        )
        if form.is_valid():
            try:
                engagement, _changed = services.engagement_save(
                    actor=_person(request),
                    unit=form.cleaned_data["unit"],
                    values=form.cleaned_data,
                    grid=form.grid,
                    messages=form.cleaned_data["message_codes"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The engagement was logged."))
                if "another" in request.POST:
                    return redirect("engagements:create")
                return redirect("engagements:detail", pk=engagement.pk)
        return _form_page(request, form, None, status=400)
    last = services.last_used(user=_person(request), unit=unit)
    initial = {
        "unit": unit.pk,
        "date": timezone.localdate(),
        "kind": last.get("kind") or Kind.BILATERAL,
        "country": last.get("country") or (unit.countries[0] if unit.countries else ""),
        "forum": last.get("forum") or (unit.forums[0] if unit.forums else ""),
    }
    return _form_page(
        request,
        EngagementForm(
            units=units,
            default_unit=unit,
            initial=initial,
            processes=processes_to_choose(user=request.user),
            operations=operations_to_choose(user=request.user),
        ),
        None,
    )


def _grid_of(engagement: Engagement) -> figures.Grid:
    return figures.grid_from_rows(
        (p.side, p.measure, p.dimension_code, p.category_code, p.count)
        for p in engagement.participation.all()
    )


@require_GET
def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = get_visible_or_404(
        selectors.engagement_detail_queryset(), user=request.user, pk=pk
    )
    grid = _grid_of(engagement)
    editable = may_edit(request.user, engagement)
    rows = []
    for side, label in Side.choices:
        counts = figures.gender_counts(grid, side)
        spoke = figures.gender_counts(grid, side, Measure.SPOKE)
        led = figures.gender_counts(grid, side, Measure.LED)
        if not counts and not spoke and not led:
            continue
        rows.append(
            {
                "label": label,
                "counts": counts,
                "total": figures.side_total(grid, side),
                "share": figures.format_share(figures.women_share(grid, side)),
                "spoke": spoke,
                "led": [g for g, n in led.items() if n],
                "extra": {
                    dimension: categories
                    for dimension, categories in grid[side][Measure.ATTENDED].items()
                    if dimension != "gender"
                },
            }
        )
    return render(
        request,
        "engagements/engagement_detail.html",
        {
            "engagement": engagement,
            "rows": rows,
            "editable": editable,
            "issue_form": IssueForm(owners=owners_of(engagement.unit)) if editable else None,
            "missing": figures.missing_dimensions(grid, Side.values, [Dimension.AGE]),
            # Only a process the person may read is named (one query, and only when linked).
            "process": (
                processes_to_choose(user=request.user).filter(pk=engagement.process_id).first()
                if engagement.process_id
                else None
            ),
            # Likewise the operation (one query, and only when linked).
            "operation": (
                operations_to_choose(user=request.user).filter(pk=engagement.operation_id).first()
                if engagement.operation_id
                else None
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def engagement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = get_visible_or_404(
        Engagement.objects.select_related("unit").prefetch_related("participation", "messages"),
        user=request.user,
        pk=pk,
    )
    if not may_edit(request.user, engagement):
        raise PermissionDenied
    units = [engagement.unit]
    if request.method == "POST":
        form = EngagementForm(
            request.POST,
            instance=engagement,
            units=units,
            processes=processes_to_choose(user=request.user),
            operations=operations_to_choose(user=request.user),
        )
        if form.is_valid():
            try:
                services.engagement_save(
                    actor=_person(request),
                    unit=engagement.unit,
                    values=form.cleaned_data,
                    grid=form.grid,
                    messages=form.cleaned_data["message_codes"],
                    engagement=engagement,
                    version=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                return _form_page(request, form, engagement, status=409)
            else:
                messages.success(request, _("The engagement was saved."))
                return redirect("engagements:detail", pk=engagement.pk)
        return _form_page(request, form, engagement, status=400)
    form = EngagementForm(
        instance=engagement,
        units=units,
        initial_grid=_grid_of(engagement),
        processes=processes_to_choose(user=request.user),
        operations=operations_to_choose(user=request.user),
    )
    return _form_page(request, form, engagement)


@require_POST
def issue_add(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = get_visible_or_404(
        Engagement.objects.select_related("unit"), user=request.user, pk=pk
    )
    if not may_edit(request.user, engagement):
        raise PermissionDenied
    form = IssueForm(request.POST, owners=owners_of(engagement.unit))
    if form.is_valid():
        try:
            services.issue_add(
                actor=_person(request), engagement=engagement, values=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The issue and its follow-up were recorded."))
            return redirect(engagement.get_absolute_url() + "#issues")
    return render(
        request,
        "engagements/issue_form.html",
        {"form": form, "engagement": engagement, "issue": None},
        status=400,
    )


def _issue_or_404(request: HttpRequest, pk: int) -> IssueRaised:
    """An issue the person may open, or 404; its engagement goes through the policy layer's
    getter too, so that reading a restricted one is logged like any other."""
    issue = (
        visible_to(IssueRaised.objects.all(), user=request.user)
        .select_related("engagement", "engagement__unit")
        .filter(pk=pk)
        .first()
    )
    if issue is None:
        raise Http404
    issue.engagement = get_visible_or_404(
        Engagement.objects.select_related("unit"), user=request.user, pk=issue.engagement_id
    )
    return issue


@require_http_methods(["GET", "POST"])
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue_or_404(request, pk)
    if not may_edit(request.user, issue.engagement):
        raise PermissionDenied
    owners = owners_of(issue.engagement.unit)
    if request.method == "POST":
        form = IssueForm(request.POST, instance=issue, owners=owners)
        if form.is_valid():
            try:
                services.issue_update(
                    actor=_person(request),
                    issue=issue,
                    values=form.cleaned_data,
                    version=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 400
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                messages.success(request, _("The follow-up was saved."))
                return redirect(issue.engagement.get_absolute_url() + "#issues")
        else:
            status = 400
    else:
        form = IssueForm(instance=issue, owners=owners)
        status = 200
    return render(
        request,
        "engagements/issue_form.html",
        {"form": form, "engagement": issue.engagement, "issue": issue},
        status=status,
    )


@require_GET
def follow_ups(request: HttpRequest) -> HttpResponse:
    """Issues women raised and their follow-up; the person's own, or all they may see."""
    mine = request.GET.get("show") != "all"
    issues = selectors.issue_list_visible_to(
        user=request.user,
        owner=request.user if mine else None,
        unfinished=request.GET.get("state") != "all",
    )
    page = Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagements/follow_ups.html",
        {
            "page": page,
            "mine": mine,
            "all_states": request.GET.get("state") == "all",
            "query": _query_without_page(request),
            "today": timezone.localdate(),
        },
    )

"""Pages of reporting home: the list with the share that carries a WPS message, one report,
adding and changing one.

Every page reaches reports through the policy layer: the list and the figure through
``visible_to``, one report through ``get_visible_or_404`` (another unit's restricted
report is 404), and writes through the services, which check again.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.queries import page_of
from wpsdesk.core.units import current_unit, units_of
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import get_visible_or_404, may_create_in, may_edit
from wpsdesk.screening.exports import theme_labels

from . import selectors, services
from .forms import ReportFilterForm, ReportForm
from .models import Report


def _person(request: HttpRequest) -> User:
    return cast(User, request.user)


def _units_for_adding(request: HttpRequest) -> list[Unit]:
    return [unit for unit in units_of(request) if may_create_in(request.user, unit)]


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    """Reports the person may open, searchable and filtered, 25 to a page, and per unit and
    year the share that carries a WPS message."""
    form = ReportFilterForm(request.GET or None)
    filters = selectors.ReportFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.ReportFilters.from_cleaned(form.cleaned_data)
    reports = selectors.report_list_visible_to(user=request.user, filters=filters)
    page = page_of(reports, request.GET.get("page"))
    query = urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])
    return render(
        request,
        "reporting/report_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "may_add": bool(_units_for_adding(request)),
            "share": selectors.share_by_unit_and_year(user=request.user),
        },
    )


def _form_page(
    request: HttpRequest, form: ReportForm, report: Report | None, status: int = 200
) -> HttpResponse:
    return render(
        request, "reporting/report_form.html", {"form": form, "report": report}, status=status
    )


@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    """Add a report home, background note or speaking points in one of the person's units."""
    units = _units_for_adding(request)
    if not units:
        raise PermissionDenied
    unit = current_unit(request)
    if unit not in units:
        unit = units[0]
    if request.method == "POST":
        form = ReportForm(request.POST, units=units, default_unit=unit)
        if form.is_valid():
            try:
                report, _changed = services.report_save(
                    actor=_person(request),
                    unit=form.cleaned_data["unit"],
                    values=form.values(),
                    messages=form.cleaned_data["message_codes"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The report was added and screened."))
                return redirect(report)
        return _form_page(request, form, None, status=400)
    return _form_page(request, ReportForm(units=units, default_unit=unit), None)


def _report_or_404(request: HttpRequest, pk: int) -> Report:
    return get_visible_or_404(selectors.report_detail_queryset(), user=request.user, pk=pk)


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One report: its text, the WPS messages it carries and what the screening found."""
    report = _report_or_404(request, pk)
    labels = theme_labels()
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "editable": may_edit(request.user, report),
            "themes": [labels.get(theme, theme) for theme in report.theme_list],
        },
    )


@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a report (screened again when its text changes); 409 when stale."""
    report = _report_or_404(request, pk)
    if not may_edit(request.user, report):
        raise PermissionDenied
    units = [report.unit]
    if request.method == "POST":
        form = ReportForm(request.POST, instance=report, units=units)
        if form.is_valid():
            try:
                services.report_save(
                    actor=_person(request),
                    report=report,
                    values=form.values(),
                    messages=form.cleaned_data["message_codes"],
                    version=form.sent_version,
                    classification_reason=form.cleaned_data.get("classification_reason", ""),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                return _form_page(request, form, report, status=409)
            except PermissionDenied as exc:
                form.add_error("classification", str(exc) or _("You may not do this."))
                return _form_page(request, form, report, status=403)
            else:
                messages.success(request, _("The report was saved."))
                return redirect(report)
        return _form_page(request, form, report, status=400)
    return _form_page(request, ReportForm(instance=report, units=units), report)

"""Pages of SEAH reports. Every page answers 404 to anyone who is not a handler or lead of
a unit, nor holds a grant on a report: for them the pages do not exist. One report is
reached only through :func:`selectors.report_or_404`, which logs the read; writes go through
the services, which check again.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wpsdesk.accounts.reauth import require_reauthentication
from wpsdesk.audit.services import record_event
from wpsdesk.civil_society.models import Organisation
from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.queries import page_of
from wpsdesk.core.tabular import CSV_TYPE, XLSX_TYPE, csv_bytes, xlsx_bytes
from wpsdesk.core.units import current_unit, units_of
from wpsdesk.grants.models import Grant
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import may_lead, visible_to

from . import selectors, services, tabular
from .forms import CloseForm, HandlerForm, ReportFilterForm, ReportForm, StepForm
from .models import FollowUpStep, SeahReport

EXPORT_FORMATS = ("csv", "xlsx")


def _person(request: HttpRequest) -> User:
    return cast(User, request.user)


def _only_for_seah(request: HttpRequest) -> None:
    """For everyone else the SEAH pages do not exist (404, as for any unknown address)."""
    if not selectors.may_use_seah(request.user):
        raise Http404


def _handling_units(request: HttpRequest) -> list[Unit]:
    ids = set(selectors.handling_unit_ids(request.user))
    return [unit for unit in units_of(request) if unit.pk in ids]


def _organisations(request: HttpRequest, report: SeahReport | None) -> QuerySet[Organisation]:
    """Organisations the person may choose: those they may read, and the one already named."""
    visible = visible_to(Organisation.objects.all(), user=request.user)
    if report is not None and report.organisation_id is not None:
        visible = Organisation.objects.filter(
            Q(pk__in=visible.values("pk")) | Q(pk=report.organisation_id)
        )
    return visible.order_by("name")


def _grants(request: HttpRequest, report: SeahReport | None) -> QuerySet[Grant]:
    """Grants the person may choose: those they may read, and the one already named."""
    visible = visible_to(Grant.objects.all(), user=request.user)
    if report is not None and report.grant_id is not None:
        visible = Grant.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk=report.grant_id))
    return visible.order_by("agreement_number")


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    """The reports the person may read, filtered, 25 to a page; each read is logged."""
    _only_for_seah(request)
    form = ReportFilterForm(request.GET or None)
    filters = selectors.ReportFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.ReportFilters.from_cleaned(form.cleaned_data)
    reports = selectors.report_list_visible_to(user=request.user, filters=filters)
    page = page_of(reports, request.GET.get("page"))
    query = urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])
    return render(
        request,
        "seah/report_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "may_add": bool(selectors.handling_unit_ids(request.user)),
            "may_designate": any(may_lead(request.user, u) for u in units_of(request)),
            "today": timezone.localdate(),
        },
    )


def _form_page(
    request: HttpRequest, form: ReportForm, report: SeahReport | None, status: int = 200
) -> HttpResponse:
    return render(request, "seah/report_form.html", {"form": form, "report": report}, status=status)


@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    """Record a report in a unit the person handles SEAH for."""
    _only_for_seah(request)
    units = _handling_units(request)
    if not units:
        raise PermissionDenied
    organisations = _organisations(request, None)
    grants = _grants(request, None)
    if request.method == "POST":
        form = ReportForm(request.POST, units=units, organisations=organisations, grants=grants)
        if form.is_valid():
            try:
                report = services.report_create(
                    actor=_person(request), unit=form.cleaned_data["unit"], values=form.values()
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The report was recorded."))
                return redirect(report)
        return _form_page(request, form, None, status=400)
    unit = current_unit(request)
    form = ReportForm(
        units=units,
        organisations=organisations,
        grants=grants,
        initial={"unit": unit.pk if unit in units else units[0].pk},
    )
    return _form_page(request, form, None)


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One report with its steps; its unit's leads also see who has read it."""
    report = selectors.report_or_404(user=request.user, pk=pk)
    editable = selectors.may_edit_report(request.user, report)
    handles = selectors.may_handle(request.user, report.unit_id)
    context: dict[str, Any] = {
        "report": report,
        "steps": selectors.steps_of(report),
        "editable": editable,
        "may_close": handles and not report.is_closed,
        "today": timezone.localdate(),
    }
    if editable and not report.is_closed:
        context["step_form"] = StepForm()
    if may_lead(request.user, report.unit_id):
        context["readers"] = list(selectors.readers_of(report=report)[:50])
    return render(request, "seah/report_detail.html", context)


def _report_for_edit(request: HttpRequest, pk: int) -> SeahReport:
    report = selectors.report_or_404(user=request.user, pk=pk)
    if not selectors.may_edit_report(request.user, report):
        raise PermissionDenied
    return report


@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a report; a change made after someone else saved is refused (409)."""
    report = _report_for_edit(request, pk)
    organisations = _organisations(request, report)
    grants = _grants(request, report)
    if request.method == "POST":
        form = ReportForm(
            request.POST, instance=report, units=[], organisations=organisations, grants=grants
        )
        if form.is_valid():
            try:
                services.report_update(
                    actor=_person(request),
                    report=report,
                    values=form.values(),
                    version=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                return _form_page(request, form, report, status=409)
            else:
                messages.success(request, _("The SEAH report was saved."))
                return redirect(report)
        return _form_page(request, form, report, status=400)
    form = ReportForm(instance=report, units=[], organisations=organisations, grants=grants)
    return _form_page(request, form, report)


@require_POST
def step_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a follow-up step with its deadline."""
    report = _report_for_edit(request, pk)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            services.step_add(
                actor=_person(request),
                report=report,
                description=form.cleaned_data["description"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The step was added."))
            return redirect(report.get_absolute_url() + "#steps")
    return render(request, "seah/step_form.html", {"form": form, "report": report}, status=400)


@require_POST
def step_done(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    """Mark one of the report's steps done."""
    report = _report_for_edit(request, pk)
    step = FollowUpStep.objects.filter(pk=step_pk, report=report).first()
    if step is None:
        raise Http404
    step.report = report
    services.step_done(actor=_person(request), step=step)
    messages.success(request, _("The step is marked done."))
    return redirect(report.get_absolute_url() + "#steps")


@require_http_methods(["GET", "POST"])
def report_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for the outcome, then close the report (handlers and leads of its unit)."""
    report = selectors.report_or_404(user=request.user, pk=pk)
    if not selectors.may_handle(request.user, report.unit_id):
        raise PermissionDenied
    if report.is_closed:
        return redirect(report)
    if request.method == "POST":
        form = CloseForm(request.POST, version=report.version)
        if form.is_valid():
            try:
                services.report_close(
                    actor=_person(request),
                    report=report,
                    outcome=form.cleaned_data["outcome"],
                    note=form.cleaned_data["note"],
                    version=form.sent_version,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                return render(
                    request, "seah/report_close.html", {"form": form, "report": report}, status=409
                )
            else:
                messages.success(request, _("The report was closed."))
                return redirect(report)
        return render(
            request, "seah/report_close.html", {"form": form, "report": report}, status=400
        )
    form = CloseForm(version=report.version)
    return render(request, "seah/report_close.html", {"form": form, "report": report})


@require_GET
def report_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """One report as CSV or Excel, after a recent re-authentication; logged."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    # 404 before the re-authentication step, which must not tell that the report exists;
    # exists() is not a read of the record (the read is logged when the file is sent).
    if not selectors.reports_visible_to(user=request.user).filter(pk=pk).exists():
        raise Http404
    return require_reauthentication(_send_export)(request, pk, fmt)


def _send_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = selectors.report_or_404(user=request.user, pk=pk)
    steps = selectors.steps_of(report)
    record_event(
        kind="seah.exported",
        actor=request.user,
        ip_address=request.META.get("REMOTE_ADDR", ""),
        target=report,
        details={"format": fmt, "steps": len(steps)},
    )
    rows = tabular.rows_of(report, steps)
    filename = f"seah-report-{report.pk}.{fmt}"
    if fmt == "xlsx":
        body = xlsx_bytes(tabular.HEADER, rows, title="SEAH report")
        response = HttpResponse(body, content_type=XLSX_TYPE)
    else:
        response = HttpResponse(csv_bytes(tabular.HEADER, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def handlers(request: HttpRequest) -> HttpResponse:
    """The current unit's lead designates its SEAH handlers, each time with a reason."""
    unit = current_unit(request)
    if unit is None or not may_lead(request.user, unit):
        raise Http404
    memberships = selectors.handlers_of(unit=unit)
    if request.method == "POST":
        form = HandlerForm(request.POST, memberships=memberships)
        if form.is_valid():
            try:
                services.handler_set(
                    actor=_person(request),
                    membership=form.cleaned_data["membership"],
                    handler=form.cleaned_data["handler"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The designation was saved."))
                return redirect("seah:handlers")
        status = 400
    else:
        form = HandlerForm(memberships=memberships)
        status = 200
    return render(
        request,
        "seah/handlers.html",
        {"form": form, "unit": unit, "members": list(memberships)},
        status=status,
    )

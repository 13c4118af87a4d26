"""Plans in and out of Excel and CSV: the exchange page, export, template and import."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wpsdesk.accounts.reauth import require_reauthentication
from wpsdesk.core.tabular import streamed_with_reads_logged
from wpsdesk.core.units import current_unit
from wpsdesk.organisation.models import Unit
from wpsdesk.organisation.policy import (
    units_visible_to,
)
from wpsdesk.planning import exchange, selectors
from wpsdesk.planning.forms import (
    ExportForm,
    ImportForm,
)

from .common import (
    _actor,
    _attachment,
)


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


def _stream(chunks: Iterator[bytes], *, name: str, content_type: str) -> StreamingHttpResponse:
    """A download sent as it is made, with the restricted reads logged when it is done."""
    response = StreamingHttpResponse(streamed_with_reads_logged(chunks), content_type=content_type)
    response["Content-Disposition"] = _attachment(name)
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
def export(request: HttpRequest) -> HttpResponseBase:
    """Plans, activities and indicator values the person may read, as Excel or CSV.

    The choices are checked first (a unit one may not read is not among them: 400); only
    then is re-authentication asked for, and the file sent afterwards.
    """
    form = ExportForm(request.GET, units=units_visible_to(user=request.user).order_by("name"))
    if not form.is_valid():
        return _exchange_page(request, status=400)
    return require_reauthentication(_send_export)(request, form.cleaned_data)


def _send_export(
    request: HttpRequest, data: dict[str, Any]
) -> HttpResponse | StreamingHttpResponse:
    fmt, what = data["format"], data.get("what") or "plans"
    unit, year = data.get("unit"), data.get("year")
    plans = exchange.plans_for_export(user=request.user, unit=unit, year=year)
    rows = exchange.sheet_rows(plans)
    exchange.record_export(
        actor=_actor(request),
        fmt=fmt,
        what=what if fmt == "csv" else "all",
        unit=unit,
        year=year,
        plans=plans.count(),
    )
    stem = f"wps-plans-{unit.code if unit else 'all'}-{year or 'all-years'}"
    if fmt == "csv":
        return _download(
            exchange.csv_text(rows, what),
            name=f"{stem}-{what}.csv",
            content_type="text/csv; charset=utf-8",
        )
    return _stream(
        exchange.workbook_chunks(rows), name=f"{stem}.xlsx", content_type=exchange.XLSX_TYPE
    )


@require_GET
def template(request: HttpRequest) -> HttpResponseBase:
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


def _send_template(request: HttpRequest, unit: Unit, year: int) -> StreamingHttpResponse:
    plans = exchange.plans_for_export(user=request.user, unit=unit, year=year)
    count = plans.count()
    exchange.record_export(
        actor=_actor(request), fmt="xlsx", what="template", unit=unit, year=year, plans=count
    )
    return _stream(
        exchange.workbook_chunks(exchange.template_rows(unit=unit, year=year, plans=plans)),
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

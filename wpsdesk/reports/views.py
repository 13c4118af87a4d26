"""Pages of annual reports: the list, starting one, the report (HTML view with its
narrative sections written in place), approving, submitting, and the files.

Every page reaches a report through :mod:`.selectors` (404 for "not there" and "not
yours") and writes through :mod:`.services`, which check the rules again.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wpsdesk.core.concurrency import StaleEdit, parse_version
from wpsdesk.core.htmx import is_htmx
from wpsdesk.core.queries import page_of
from wpsdesk.organisation.models import User

from . import rules, selectors, services
from .content import blocks_of, walk
from .forms import FileForm, ReportFilterForm, StartForm
from .models import AnnualReport, FileFormat


def _person(request: HttpRequest) -> User:
    return cast(User, request.user)


def _query_without_page(request: HttpRequest) -> str:
    return urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])


def _start_form(request: HttpRequest, data: Any = None) -> StartForm | None:
    units = selectors.units_to_start(user=request.user)
    service = rules.is_hq(request.user)
    if not units and not service:
        return None
    return StartForm(data, units=units, service=service)


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    """The reports the person may open, filtered by year, unit and status, 25 to a page."""
    form = ReportFilterForm(request.GET or None, units=selectors.filter_units(user=request.user))
    filters = selectors.ReportFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.ReportFilters(
            year=data.get("year"),
            unit=data.get("unit"),
            status=data.get("status") or "",
            q=(data.get("q") or "").strip(),
        )
    reports = selectors.report_list_visible_to(user=request.user, filters=filters)
    page = page_of(reports, request.GET.get("page"))
    return render(
        request,
        "reports/report_list.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "start_form": _start_form(request),
        },
    )


@require_POST
def report_start(request: HttpRequest) -> HttpResponse:
    """Open the unit's (or the service-wide) report for a year, starting it if need be."""
    form = _start_form(request, request.POST)
    if form is None:
        raise PermissionDenied
    if form.is_valid():
        try:
            report = services.report_start(
                actor=_person(request),
                unit=form.chosen_unit(),
                year=form.cleaned_data["year"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(report)
    return render(request, "reports/report_start.html", {"form": form}, status=400)


def _report(request: HttpRequest, pk: int) -> AnnualReport:
    return selectors.report_or_404(user=request.user, pk=pk)


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as its reader may see it; its narrative written in place while a draft."""
    report = _report(request, pk)
    content = services.content_for(request.user, report)
    writable = rules.may_write(request.user, report)
    if writable:
        # The page's own copy: each narrative block carries the version its form sends.
        versions = services.narrative_versions(report)
        for block in blocks_of(content, "narrative"):
            block["version"] = versions.get(block["id"], 0)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "content": content,
            "sections": content["sections"],
            "writable": writable,
            "may_sign": rules.may_sign(request.user, report),
            "changes": services.changes_since_submission(report)
            if report.is_submitted and request.GET.get("changes")
            else None,
            "files": selectors.files_for(user=request.user, report=report),
            "file_form": FileForm(),
            "toc": [s for s in walk(content["sections"]) if s["level"] == 1],
        },
    )


@require_POST
def narrative_save(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """Save one narrative section. With htmx (saved as the person types) the section's
    status and new version; without JavaScript, back to the section on the page."""
    report = _report(request, pk)
    if not rules.may_write(request.user, report):
        raise PermissionDenied
    if section not in services.writable_sections():
        raise Http404
    version = parse_version(request.POST.get("version"))
    error = ""
    saved_version = version
    try:
        record = services.narrative_save(
            actor=_person(request),
            report=report,
            section=section,
            text=request.POST.get("text", ""),
            version=version,
        )
        saved_version = record.version
    except ValidationError as exc:
        error = " ".join(exc.messages)
    except StaleEdit as exc:
        error = exc.message
        saved_version = version
    if is_htmx(request):
        return render(
            request,
            "reports/narrative_status.html",
            {
                "section": section,
                "version": saved_version,
                "error": error,
                "saved_at": timezone.localtime(),
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The section was saved."))
    return redirect(f"{report.get_absolute_url()}#{section}")


@require_POST
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    if not rules.may_sign(request.user, report):
        raise PermissionDenied
    try:
        services.report_approve(
            actor=_person(request),
            report=report,
            version=parse_version(request.POST.get("version")),
        )
    except StaleEdit as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The report is approved. Submit it when it is ready."))
    return redirect(report)


@require_http_methods(["GET", "POST"])
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then submit: the report is frozen as it is sent."""
    report = _report(request, pk)
    if not rules.may_sign(request.user, report):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.report_submit(
                actor=_person(request),
                report=report,
                version=parse_version(request.POST.get("version")),
            )
        except StaleEdit as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The report was submitted. What was sent is kept."))
        return redirect(report)
    return render(request, "reports/report_submit.html", {"report": report})


@require_POST
def file_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for a DOCX, PDF or HTML file of the report; it is made in the background."""
    report = _report(request, pk)
    form = FileForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose Word, PDF or HTML."))
        return redirect(report)
    record = services.file_request(
        actor=_person(request), report=report, fmt=form.cleaned_data["fmt"]
    )
    return redirect("reports:file", pk=report.pk, file_pk=record.pk)


@require_GET
def file_status(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """The file's progress (polled with htmx while it is being made) and its download link."""
    report = _report(request, pk)
    record = selectors.file_or_404(user=request.user, report=report, pk=file_pk)
    template = "reports/file_status.html" if is_htmx(request) else "reports/file_page.html"
    return render(request, template, {"report": report, "file": record})


@require_GET
def file_download(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """The made file, to the person who asked for it; a logged read."""
    report = _report(request, pk)
    record = selectors.file_or_404(user=request.user, report=report, pk=file_pk)
    if not record.is_ready:
        raise Http404
    try:
        data = services.file_read(actor=_person(request), record=record)
    except PermissionDenied:
        raise
    except Exception as exc:  # a missing or unreadable file: nothing to give
        raise Http404 from exc
    content_type = {
        FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        FileFormat.PDF: "application/pdf",
        FileFormat.HTML: "text/html; charset=utf-8",
    }[FileFormat(record.fmt)]
    response = HttpResponse(data, content_type=content_type)
    name = record.file_name
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store, private"
    return response

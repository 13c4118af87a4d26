"""Pages of grants: the list, one grant, registering and changing, its needs analysis,
grantee reports and dialogues, the overdue list, and the export.

Every page reaches grants through the policy layer: lists through ``visible_to``, one grant
through ``get_visible_or_404`` (another unit's restricted grant is 404, as if it did not
exist), and writes through the services, which check again.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wpsdesk.accounts.reauth import require_reauthentication
from wpsdesk.audit.services import record_event
from wpsdesk.core import sealed_files
from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.queries import page_of
from wpsdesk.core.tabular import streamed_export
from wpsdesk.core.units import current_unit, units_of
from wpsdesk.engagements.models import Engagement
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import get_visible_or_404, may_create_in, may_edit
from wpsdesk.planning.files import check_upload

from . import selectors, services, tabular
from .forms import (
    EngagementLinkForm,
    GrantFilterForm,
    GrantForm,
    NeedsAnalysisForm,
    ReportDueForm,
    ReportReceivedForm,
)
from .models import Grant, GrantReport

EXPORT_FORMATS = ("csv", "xlsx")


def _person(request: HttpRequest) -> User:
    return cast(User, request.user)


def _query_without_page(request: HttpRequest) -> str:
    return urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])


def _units_for_adding(request: HttpRequest) -> list[Unit]:
    """The person's own units in which they may register grants (cached roles, no query)."""
    return [unit for unit in units_of(request) if may_create_in(request.user, unit)]


def filter_form(request: HttpRequest) -> tuple[GrantFilterForm, selectors.GrantFilters]:
    """The GET filters shared by the list and the export; bad filters narrow nothing."""
    form = GrantFilterForm(request.GET or None)
    filters = selectors.GrantFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.GrantFilters.from_cleaned(form.cleaned_data)
    return form, filters


def _grant_or_404(request: HttpRequest, pk: int) -> Grant:
    return get_visible_or_404(selectors.grant_detail_queryset(), user=request.user, pk=pk)


def _editable_grant_or_404(request: HttpRequest, pk: int) -> Grant:
    grant = _grant_or_404(request, pk)
    if not may_edit(request.user, grant):
        raise PermissionDenied
    return grant


@require_GET
def grant_list(request: HttpRequest) -> HttpResponse:
    """Grants the person may open, searchable and filtered, 25 to a page."""
    form, filters = filter_form(request)
    grants = selectors.grant_list_visible_to(user=request.user, filters=filters)
    page = page_of(grants, request.GET.get("page"))
    return render(
        request,
        "grants/grant_list.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "may_add": bool(_units_for_adding(request)),
        },
    )


def _form_page(
    request: HttpRequest, form: GrantForm, grant: Grant | None, status: int = 200
) -> HttpResponse:
    return render(request, "grants/grant_form.html", {"form": form, "grant": grant}, status=status)


@require_http_methods(["GET", "POST"])
def grant_create(request: HttpRequest) -> HttpResponse:
    """Register a grant managed by one of the person's units."""
    units = _units_for_adding(request)
    if not units:
        raise PermissionDenied
    unit = current_unit(request)
    if unit not in units:
        unit = units[0]
    partners = selectors.partners_to_choose(user=request.user)
    if request.method == "POST":
        form = GrantForm(request.POST, units=units, default_unit=unit, partners=partners)
        if form.is_valid():
            try:
                grant, _changed = services.grant_save(
                    actor=_person(request),
                    unit=form.cleaned_data["unit"],
                    values=form.values(),
                    serves=form.served,
                    amounts=form.amounts,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The grant was registered."))
                return redirect(grant)
        return _form_page(request, form, None, status=400)
    initial = {"country": unit.countries[0] if unit.countries else ""}
    return _form_page(
        request, GrantForm(units=units, default_unit=unit, partners=partners, initial=initial), None
    )


@require_GET
def grant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One grant: its terms, amounts, needs analysis, reports, dialogues and best practice."""
    grant = _grant_or_404(request, pk)
    editable = may_edit(request.user, grant)
    engagements = selectors.engagements_of(user=request.user, grant=grant)
    shown = list(engagements[: selectors.ENGAGEMENTS_SHOWN])
    total = len(shown)
    if total == selectors.ENGAGEMENTS_SHOWN:
        total = engagements.count()
    context: dict[str, Any] = {
        "grant": grant,
        "editable": editable,
        "amounts": selectors.amounts_of(grant),
        "reports": selectors.reports_of(grant),
        "served": list(grant.serves.order_by("code")),
        "engagements": shown,
        "engagement_total": total,
        "practices": selectors.practices_of(user=request.user, grant=grant),
        "today": timezone.localdate(),
    }
    if editable:
        context["report_form"] = ReportDueForm()
        context["needs_form"] = NeedsAnalysisForm(
            initial={"groups": grant.needs_group_codes, "received": timezone.localdate()}
        )
        context["engagement_form"] = EngagementLinkForm(
            engagements=selectors.engagements_to_link(user=request.user, grant=grant)[
                : selectors.LINK_CHOICES
            ]
        )
    return render(request, "grants/grant_detail.html", context)


@require_http_methods(["GET", "POST"])
def grant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a grant; a change made after someone else saved is refused (409)."""
    grant = _editable_grant_or_404(request, pk)
    units = [grant.unit]
    partners = selectors.partners_to_choose(user=request.user)
    if request.method == "POST":
        form = GrantForm(request.POST, instance=grant, units=units, partners=partners)
        if form.is_valid():
            try:
                services.grant_save(
                    actor=_person(request),
                    grant=grant,
                    values=form.values(),
                    version=form.sent_version,
                    serves=form.served,
                    amounts=form.amounts,
                    classification_reason=form.cleaned_data.get("classification_reason", ""),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                return _form_page(request, form, grant, status=409)
            except PermissionDenied as exc:
                form.add_error("classification", str(exc) or _("You may not do this."))
                return _form_page(request, form, grant, status=403)
            else:
                messages.success(request, _("The grant was saved."))
                return redirect(grant)
        return _form_page(request, form, grant, status=400)
    return _form_page(request, GrantForm(instance=grant, units=units, partners=partners), grant)


@require_http_methods(["GET", "POST"])
def grant_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first; then delete the grant with its amounts and reports (security log)."""
    grant = _editable_grant_or_404(request, pk)
    if request.method == "POST":
        number = grant.agreement_number
        services.grant_delete(actor=_person(request), grant=grant)
        messages.success(request, _("The grant %(number)s was deleted.") % {"number": number})
        return redirect("grants:list")
    return render(request, "grants/grant_delete.html", {"grant": grant})


@require_POST
def needs_analysis_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep the grantee's needs analysis: checked, stripped of metadata, sealed."""
    grant = _editable_grant_or_404(request, pk)
    form = NeedsAnalysisForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            checked = check_upload(form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            services.needs_analysis_store(
                actor=_person(request),
                grant=grant,
                name=checked.name,
                data=checked.data,
                received=form.cleaned_data["received"],
                groups=form.cleaned_data["groups"],
            )
            messages.success(request, _("The needs analysis was kept."))
            return redirect(grant.get_absolute_url() + "#needs")
    return render(request, "grants/needs_form.html", {"form": form, "grant": grant}, status=400)


def _file_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/octet-stream")
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
def needs_analysis_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The needs analysis, to people who may read the grant; always as an attachment."""
    grant = _grant_or_404(request, pk)
    if not grant.needs_analysis_key:
        raise Http404
    try:
        data = sealed_files.load(grant.needs_analysis_key)
    except Exception as exc:  # a missing or unreadable file: nothing to give
        raise Http404 from exc
    return _file_response(data, grant.needs_analysis_file_name)


@require_POST
def report_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a report the grant owes, with its due date."""
    grant = _editable_grant_or_404(request, pk)
    form = ReportDueForm(request.POST)
    if form.is_valid():
        services.report_save(actor=_person(request), grant=grant, values=form.cleaned_data)
        messages.success(request, _("The report was added."))
        return redirect(grant.get_absolute_url() + "#reports")
    return render(
        request, "grants/report_add_form.html", {"form": form, "grant": grant}, status=400
    )


def _report_or_404(request: HttpRequest, pk: int, report_pk: int) -> tuple[Grant, GrantReport]:
    grant = _grant_or_404(request, pk)
    report = GrantReport.objects.filter(pk=report_pk, grant=grant).first()
    if report is None:
        raise Http404
    report.grant = grant
    return grant, report


@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    """Record the report received, its file and the unit's assessment of WPS integration."""
    grant, report = _report_or_404(request, pk, report_pk)
    if not may_edit(request.user, grant):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = ReportReceivedForm(request.POST, request.FILES, instance=report)
        status = 400
        if form.is_valid():
            checked = None
            upload = form.cleaned_data.get("file")
            if upload:
                try:
                    checked = check_upload(upload)
                except ValidationError as exc:
                    form.add_error("file", exc)
            if not form.errors:
                values = {k: v for k, v in form.cleaned_data.items() if k != "file"}
                try:
                    services.report_save(
                        actor=_person(request),
                        grant=grant,
                        report=report,
                        values=values,
                        version=form.sent_version,
                    )
                    if checked is not None:
                        services.report_file_store(
                            actor=_person(request),
                            report=report,
                            name=checked.name,
                            data=checked.data,
                        )
                except ValidationError as exc:
                    form.add_error(None, exc)
                except StaleEdit as exc:
                    form.refuse_stale(exc)
                    status = 409
                else:
                    messages.success(request, _("The report was saved."))
                    return redirect(grant.get_absolute_url() + "#reports")
    else:
        initial = {} if report.received_on else {"received_on": timezone.localdate()}
        form = ReportReceivedForm(instance=report, initial=initial)
    return render(
        request,
        "grants/report_form.html",
        {"form": form, "grant": grant, "report": report},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def report_delete(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    """Ask first; then remove a report the grant owes."""
    grant, report = _report_or_404(request, pk, report_pk)
    if not may_edit(request.user, grant):
        raise PermissionDenied
    if request.method == "POST":
        services.report_delete(actor=_person(request), report=report)
        messages.success(request, _("The report was removed."))
        return redirect(grant.get_absolute_url() + "#reports")
    return render(request, "grants/report_delete.html", {"grant": grant, "report": report})


@require_GET
def report_download(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    """A received report's file, to people who may read the grant."""
    _grant, report = _report_or_404(request, pk, report_pk)
    if not report.file_key:
        raise Http404
    try:
        data = sealed_files.load(report.file_key)
    except Exception as exc:  # a missing or unreadable file: nothing to give
        raise Http404 from exc
    return _file_response(data, report.file_name)


@require_POST
def engagement_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Tie a dialogue with the grant recipient to the grant."""
    grant = _editable_grant_or_404(request, pk)
    form = EngagementLinkForm(
        request.POST, engagements=selectors.engagements_to_link(user=request.user, grant=grant)
    )
    if form.is_valid():
        services.engagement_link(
            actor=_person(request), grant=grant, engagement=form.cleaned_data["engagement"]
        )
        messages.success(request, _("The engagement was linked."))
        return redirect(grant.get_absolute_url() + "#dialogues")
    return render(
        request, "grants/engagement_link_form.html", {"form": form, "grant": grant}, status=400
    )


@require_POST
def engagement_remove(request: HttpRequest, pk: int, engagement_pk: int) -> HttpResponse:
    """Untie an engagement the person may open from the grant."""
    grant = _grant_or_404(request, pk)
    engagement = get_visible_or_404(
        Engagement.objects.filter(grants=grant), user=request.user, pk=engagement_pk
    )
    if not may_edit(request.user, grant):
        raise PermissionDenied
    services.engagement_unlink(actor=_person(request), grant=grant, engagement=engagement)
    messages.success(request, _("The engagement is no longer linked."))
    return redirect(grant.get_absolute_url() + "#dialogues")


@require_GET
def overdue_list(request: HttpRequest) -> HttpResponse:
    """Grantee reports past due and not received: the person's units', or all HQ may see."""
    unit_id = request.GET.get("unit") or ""
    units = list(selectors.filter_units(user=request.user))
    unit = next((u for u in units if str(u.pk) == unit_id), None)
    reports = selectors.overdue_reports_visible_to(user=request.user, unit=unit)
    page = page_of(reports, request.GET.get("page"))
    return render(
        request,
        "grants/overdue_list.html",
        {
            "page": page,
            "units": units,
            "unit": unit,
            "query": _query_without_page(request),
            "today": timezone.localdate(),
        },
    )


@require_GET
def grant_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The grants under the list's filters, one row per amount, as CSV or Excel; logged.

    An unknown format is 404. The file is sent only after a recent re-authentication.
    """
    if fmt not in EXPORT_FORMATS:
        raise Http404
    return require_reauthentication(_send_export)(request, fmt)


def _send_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The rows stream as they are read; the export is logged before the first row leaves."""
    _form, filters = filter_form(request)
    grants = selectors.grant_list_visible_to(user=request.user, filters=filters)
    record_event(
        kind="grants.exported",
        actor=request.user,
        details={
            "format": fmt,
            "rows": grants.count(),
            "filters": sorted(k for k, v in request.GET.items() if v),
        },
    )
    stamp = timezone.localdate().isoformat()
    return streamed_export(
        fmt,
        tabular.EXPORT_HEADER,
        tabular.iter_rows(tabular.for_export(grants)),
        filename=f"grants-{stamp}.{fmt}",
        title="Grants",
    )

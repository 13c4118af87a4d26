"""The dashboard and the export of the rows under it."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from wpsdesk.accounts.reauth import require_reauthentication
from wpsdesk.audit.services import record_event
from wpsdesk.core.tabular import streamed_export
from wpsdesk.processes.selectors import VisibleProcessNames

from . import dashboard, selectors, tabular
from .views import _query_without_page, filter_form

DASHBOARD_FIELDS = "unit country forum start end"
EXPORT_FORMATS = ("csv", "xlsx")


@require_GET
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """Women's share, WPS on the agenda, follow-up and leadership, each chart with its table."""
    form, filters = filter_form(request)
    group = request.GET.get("group", "year")
    board = dashboard.build(
        user=request.user, filters=filters, group=group, page=request.GET.get("page")
    )
    return render(
        request,
        "engagements/dashboard.html",
        {
            "form": form,
            "board": board,
            "group_choices": [(key, str(label)) for key, label in dashboard.GROUPS.items()],
            "group": board.group,
            "query": _query_without_page(request),
            "fields": DASHBOARD_FIELDS,
        },
    )


@require_GET
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The engagements under the dashboard, one row each, as CSV or Excel; logged.

    An unknown format is 404. The file is sent only after a recent re-authentication;
    the rows are always those the person may open, so the detour reveals nothing.
    """
    if fmt not in EXPORT_FORMATS:
        raise Http404
    return require_reauthentication(_send_export)(request, fmt)


def _send_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The rows stream out as they are read; the export is logged (with its row count)
    before the first row leaves."""
    _form, filters = filter_form(request)
    engagements = selectors.engagement_list_visible_to(user=request.user, filters=filters)
    record_event(
        kind="engagements.exported",
        actor=request.user,
        details={
            "format": fmt,
            "rows": engagements.count(),
            "filters": sorted(k for k, v in request.GET.items() if v),
        },
    )
    stamp = timezone.localdate().isoformat()
    return streamed_export(
        fmt,
        tabular.header(),
        tabular.iter_rows(engagements, VisibleProcessNames(request.user)),
        filename=f"engagements-{stamp}.{fmt}",
        title="Engagements",
    )

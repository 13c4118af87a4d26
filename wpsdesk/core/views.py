"""The shell's own pages: home, unit switch, health and the generic error pages."""

from __future__ import annotations

import sys
from typing import Any

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wpsdesk.catalogue.selectors import current_edition, item_for_typed_code
from wpsdesk.core.home import panels_for, tasks_for
from wpsdesk.core.search import MAX_QUERY_LENGTH, plain_query, search_everything
from wpsdesk.core.unavailable import unavailable_response
from wpsdesk.core.units import switch_unit, units_of
from wpsdesk.organisation.policy import unit_access


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What is the person's to do, and where their work is."""
    access = unit_access(request.user)
    units = [(unit, access[unit.pk]) for unit in units_of(request)]
    return render(
        request,
        "core/home.html",
        {"tasks": tasks_for(request), "panels": panels_for(request), "unit_roles": units},
    )


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """One search across everything the person may read, grouped by kind.

    A whole guideline code (``P1.C.5``) opens that item, as the guidelines' own search does.
    """
    raw = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    edition = current_edition()
    item = item_for_typed_code(edition, raw) if edition is not None else None
    if item is not None:
        return HttpResponseRedirect(reverse("catalogue:item", args=[item.code]))
    groups = search_everything(request.user, raw)
    return render(
        request,
        "core/search.html",
        {"q": raw, "query": plain_query(raw), "groups": groups},
    )


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("core:home")


@require_POST
def unit_switch(request: HttpRequest) -> HttpResponse:
    """Make another of the person's units the current one."""
    try:
        unit_id = int(request.POST.get("unit", ""))
    except ValueError:
        unit_id = 0
    unit = switch_unit(request, unit_id)
    if unit is None:
        messages.error(request, _("You are not a member of that unit."))
    else:
        messages.success(request, _("You are now working in %(unit)s.") % {"unit": unit.name})
    return HttpResponseRedirect(_safe_next(request))


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    context: dict[str, Any] = {"status": 400, "title": _("Bad request")}
    if isinstance(exception, RequestDataTooBig):
        # Django refuses a form whose fields exceed DATA_UPLOAD_MAX_MEMORY_SIZE before any
        # view runs; say so, since the person's remedy (send it as a file) is simple.
        context["title"] = _("Too much was sent")
        context["detail"] = _(
            "The form held more text than wpsdesk accepts in one go (about 2.5 MB). "
            "Save a long text as a file and upload it instead."
        )
    return render(request, "core/error.html", context, status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request, "core/error.html", {"status": 403, "title": _("You may not do that")}, status=403
    )


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request, "core/error.html", {"status": 404, "title": _("Page not found")}, status=404
    )


def error_500(request: HttpRequest) -> HttpResponse:
    # A database that is busy or down (raised before any view ran) is a 503, not a fault.
    unavailable = unavailable_response(request, sys.exc_info()[1])
    if unavailable is not None:
        return unavailable
    # No context processors that could fail again: a plain, generic page.
    return render(
        request, "core/error.html", {"status": 500, "title": _("Something went wrong")}, status=500
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {"status": 403, "title": _("The form had expired or was not sent from wpsdesk")},
        status=403,
    )

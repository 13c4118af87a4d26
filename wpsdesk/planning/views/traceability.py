"""Traceability pages: what serves a guideline item, and the gaps in the plans."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from wpsdesk.planning import selectors
from wpsdesk.planning.forms import (
    YearForm,
)


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

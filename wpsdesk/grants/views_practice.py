"""Best practice: notes from grantees and civil society, readable across units."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.core.queries import page_of
from wpsdesk.organisation.models import User
from wpsdesk.organisation.policy import may_edit

from . import selectors, services
from .forms import PracticeForm, PracticeSearchForm
from .models import BestPractice, Grant
from .views import _query_without_page, _units_for_adding


def _practice_or_404(request: HttpRequest, pk: int) -> BestPractice:
    practice = selectors.practices_visible_to(user=request.user).filter(pk=pk).first()
    if practice is None:
        raise Http404
    return practice


def _grant_choices(request: HttpRequest) -> QuerySet[Grant]:
    return selectors.grants_visible_to(user=request.user).order_by("agreement_number")[
        : selectors.LINK_CHOICES
    ]


@require_GET
def practice_list(request: HttpRequest) -> HttpResponse:
    """Best-practice notes the person may read, searchable, 25 to a page."""
    form = PracticeSearchForm(request.GET or None)
    q = form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else ""
    page = page_of(selectors.practices_visible_to(user=request.user, q=q), request.GET.get("page"))
    return render(
        request,
        "grants/practice_list.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "may_add": bool(_units_for_adding(request)),
        },
    )


@require_GET
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One note, its grants (those the person may open) and the items it serves."""
    practice = _practice_or_404(request, pk)
    return render(
        request,
        "grants/practice_detail.html",
        {
            "practice": practice,
            "grants": selectors.practice_grants(user=request.user, practice=practice),
            "served": list(practice.serves.order_by("code")),
            "editable": may_edit(request.user, practice),
        },
    )


@require_http_methods(["GET", "POST"])
def practice_create(request: HttpRequest) -> HttpResponse:
    """Write a best-practice note in one of the person's units."""
    units = _units_for_adding(request)
    if not units:
        raise PermissionDenied
    grants = _grant_choices(request)
    form = PracticeForm(request.POST or None, units=units, grants=grants)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                practice = services.practice_save(
                    actor=cast(User, request.user),
                    unit=form.cleaned_data["unit"],
                    values=form.cleaned_data,
                    grants=form.cleaned_data["grant_choices"],
                    serves=form.served,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The note was saved."))
                return redirect(practice)
    return render(
        request, "grants/practice_form.html", {"form": form, "practice": None}, status=status
    )


@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a note; only its unit's editors may."""
    practice = _practice_or_404(request, pk)
    if not may_edit(request.user, practice):
        raise PermissionDenied
    grants = _grant_choices(request)
    form = PracticeForm(
        request.POST or None, instance=practice, units=[practice.unit], grants=grants
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.practice_save(
                    actor=cast(User, request.user),
                    practice=practice,
                    values=form.cleaned_data,
                    version=form.sent_version,
                    grants=form.cleaned_data["grant_choices"],
                    serves=form.served,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except StaleEdit as exc:
                form.refuse_stale(exc)
                status = 409
            else:
                messages.success(request, _("The note was saved."))
                return redirect(practice)
    return render(
        request, "grants/practice_form.html", {"form": form, "practice": practice}, status=status
    )

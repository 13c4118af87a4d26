"""The funding figures page, and importing grants from a spreadsheet with its template."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from wpsdesk.core.units import current_unit
from wpsdesk.organisation.models import User

from . import dashboard, importer, selectors, tabular
from .views import _units_for_adding


class DashboardForm(forms.Form):
    group = forms.ChoiceField(
        label=gettext_lazy("Group by"),
        required=False,
        choices=list(dashboard.GROUPS.items()),
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        min_value=1990,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "ds-input", "size": 5}),
    )


@require_GET
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """Funding by year, unit, country, priority or channel; marker shares with their tables."""
    form = DashboardForm(request.GET or None)
    group, year = "year", None
    if form.is_bound and form.is_valid():
        group = form.cleaned_data.get("group") or "year"
        year = form.cleaned_data.get("year")
    board = dashboard.build(user=request.user, group=group, year=year)
    return render(
        request,
        "grants/dashboard.html",
        {
            "form": form,
            "board": board,
            "group_label": dashboard.GROUPS[board.group],
            "markers": dashboard.MARKERS,
        },
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        help_text=gettext_lazy("At most 5 MB and 5,000 rows, in the layout of the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "ds-input"}),
    )


@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload; every row is checked first and nothing is written unless all are right."""
    units = _units_for_adding(request)
    if not units:
        raise PermissionDenied
    unit = current_unit(request)
    if unit not in units:
        unit = units[0]
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > importer.MAX_BYTES:
                form.add_error("file", _("The file is larger than 5 MB."))
            else:
                result = importer.import_grants(
                    user=cast(User, request.user),
                    default_unit=unit,
                    name=upload.name,
                    data=upload.read(),
                )
                if result.ok:
                    messages.success(
                        request,
                        _(
                            "Imported: %(created)d new, %(updated)d changed, "
                            "%(unchanged)d unchanged."
                        )
                        % {
                            "created": result.created,
                            "updated": result.updated,
                            "unchanged": result.unchanged,
                        },
                    )
                    return redirect("grants:list")
    return render(
        request,
        "grants/import.html",
        {"form": form, "result": result, "unit": unit, "columns": tabular.HEADER},
        status=status,
    )


@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """A workbook with the columns the import reads and one example row."""
    if not selectors.units_for_grants(user=request.user):
        raise PermissionDenied
    response = HttpResponse(
        tabular.template_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="grants-template.xlsx"'
    return response

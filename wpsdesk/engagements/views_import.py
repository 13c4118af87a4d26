"""Importing engagements from a spreadsheet, and the template to fill in."""

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

from . import importer, selectors, tabular


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        help_text=gettext_lazy("At most 5 MB and 5,000 rows, in the layout of the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "ds-input"}),
    )


@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload; every row is checked first and nothing is written unless all are right."""
    units = selectors.units_for_logging(user=request.user)
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
                result = importer.import_engagements(
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
                    return redirect("engagements:list")
    return render(
        request,
        "engagements/import.html",
        {"form": form, "result": result, "unit": unit, "columns": tabular.COLUMNS},
        status=status,
    )


@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """An empty workbook with the columns the import reads."""
    body = tabular.xlsx_bytes([], title="Engagements")
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="engagements-template.xlsx"'
    return response

"""The compare page: which WPS provisions were added, removed or changed between two drafts.

Both selects list the screened documents the person may read, most recent first (one
unit's, if the filter names one). A document chosen by hand that the person may not read
is refused like one that does not exist; one not screened yet is a plain form error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import get_visible_or_404, units_visible_to, visible_to

from . import services
from .engine import ScreeningError
from .exports import theme_labels
from .models import ScreenedDocument, Status


def screened_documents(user: Any, unit: Unit | None = None) -> QuerySet[ScreenedDocument]:
    """The screened documents the person may read, most recent first."""
    documents = visible_to(
        ScreenedDocument.objects.select_related("unit").filter(status=Status.DONE), user=user
    )
    if unit is not None:
        documents = documents.filter(unit=unit)
    return documents.order_by("-screened_at", "-pk")


def _label(document: ScreenedDocument) -> str:
    when = date_format(document.screened_at, "SHORT_DATE_FORMAT") if document.screened_at else ""
    return f"{document.title} ({document.unit.code}, {when})"


class UnitFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("All units"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = cast(forms.ModelChoiceField, self.fields["unit"])
        units.queryset = units_visible_to(user=user).order_by("name")
        units.widget.attrs["class"] = "ds-input"


class CompareForm(forms.Form):
    """Two documents: the earlier draft and the later one."""

    old = forms.IntegerField(label=gettext_lazy("Old draft"), widget=forms.Select)
    new = forms.IntegerField(label=gettext_lazy("New draft"), widget=forms.Select)

    def __init__(
        self, *args: Any, user: Any, documents: list[ScreenedDocument], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        choices = [("", _("Choose a document")), *((d.pk, _label(d)) for d in documents)]
        for name in ("old", "new"):
            self.fields[name].widget.choices = choices
            self.fields[name].widget.attrs["class"] = "ds-input"

    def _document(self, name: str) -> ScreenedDocument:
        pk = self.cleaned_data[name]
        try:
            # Through the policy layer, so that reading a restricted draft is logged.
            document = get_visible_or_404(
                ScreenedDocument.objects.select_related("unit"), user=self.user, pk=pk
            )
        except Http404 as exc:
            raise forms.ValidationError(_("Choose a document from the list.")) from exc
        if document.status != Status.DONE:
            raise forms.ValidationError(
                _("“%(title)s” has not been screened yet.") % {"title": document.title}
            )
        return document

    def clean_old(self) -> ScreenedDocument:
        return self._document("old")

    def clean_new(self) -> ScreenedDocument:
        return self._document("new")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        old, new = data.get("old"), data.get("new")
        if old is not None and new is not None and old.pk == new.pk:
            raise forms.ValidationError(_("Choose two different documents."))
        return data


@dataclass
class Change:
    """One provision's change as the page shows it."""

    status: str
    status_label: str
    old_id: str | None
    new_id: str | None
    themes_gained: list[str]
    themes_lost: list[str]
    old_text: str
    new_text: str
    words: list[dict[str, str]]


STATUS_LABELS = {
    "added": gettext_lazy("Added"),
    "removed": gettext_lazy("Removed"),
    "changed": gettext_lazy("Changed"),
}


def _changes(comparison: dict[str, Any]) -> list[Change]:
    labels = theme_labels()
    return [
        Change(
            status=change["status"],
            status_label=str(STATUS_LABELS.get(change["status"], change["status"])),
            old_id=change["old_id"],
            new_id=change["new_id"],
            themes_gained=[labels.get(t, t) for t in change["themes_added"]],
            themes_lost=[labels.get(t, t) for t in change["themes_removed"]],
            old_text=change["old_text"],
            new_text=change["new_text"],
            words=change["words"],
        )
        for change in comparison["changes"]
    ]


@require_GET
def compare_page(request: HttpRequest) -> HttpResponse:
    """Choose two screened drafts; see the WPS provisions added, removed and changed."""
    unit_form = UnitFilterForm(request.GET or None, user=request.user)
    unit = unit_form.cleaned_data.get("unit") if unit_form.is_valid() else None
    documents = list(screened_documents(request.user, unit))
    chosen = "old" in request.GET and "new" in request.GET
    # A results page links here with one draft (?new=<id>): preselect it, judge nothing yet.
    start = {k: request.GET[k] for k in ("old", "new") if k in request.GET and not chosen}
    form = CompareForm(
        request.GET if chosen else None, user=request.user, documents=documents, initial=start
    )
    comparison: dict[str, Any] | None = None
    changes: list[Change] = []
    engine_error = ""
    old = new = None
    if chosen and form.is_valid():
        old, new = form.cleaned_data["old"], form.cleaned_data["new"]
        try:
            result = services.compare_documents(actor=cast(User, request.user), old=old, new=new)
        except ScreeningError as exc:
            engine_error = str(exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            comparison = result.to_dict()
            changes = _changes(comparison)
    return render(
        request,
        "screening/compare.html",
        {
            "unit_form": unit_form,
            "unit": unit,
            "form": form,
            "documents": documents,
            "old": old,
            "new": new,
            "comparison": comparison,
            "changes": changes,
            "engine_error": engine_error,
        },
    )

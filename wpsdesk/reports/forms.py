"""Forms of the reports pages; messages in plain words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from wpsdesk.organisation.models import Unit

from .models import MAX_YEAR, MIN_YEAR, FileFormat, Language, ReportStatus

INPUT = {"class": "ds-input"}
SERVICE = "service"


class ReportFilterForm(forms.Form):
    """The list's search and filters (GET)."""

    q = forms.CharField(
        label=gettext_lazy("Search units"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={**INPUT, "type": "search"}),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        widget=forms.NumberInput(attrs={**INPUT, "size": 5}),
    )
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        label=gettext_lazy("Unit"),
        required=False,
        empty_label=gettext_lazy("All units"),
        widget=forms.Select(attrs=INPUT),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status")), *ReportStatus.choices],
        widget=forms.Select(attrs=INPUT),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class StartForm(forms.Form):
    """Start (or open) a unit's report, or the service-wide one, for a year."""

    unit = forms.ChoiceField(label=gettext_lazy("Report of"), widget=forms.Select(attrs=INPUT))
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        widget=forms.NumberInput(attrs={**INPUT, "size": 5}),
        error_messages={"required": gettext_lazy("Give the year the report is for.")},
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=Language.choices,
        widget=forms.Select(attrs=INPUT),
    )

    def __init__(self, *args: Any, units: list[Unit], service: bool, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"year": timezone.localdate().year - 1, "language": Language.EN}
        )
        super().__init__(*args, **kwargs)
        choices = [(str(unit.pk), unit.name) for unit in units]
        if service:
            choices.append((SERVICE, str(gettext_lazy("The whole service (HQ)"))))
        self.fields["unit"].choices = choices  # type: ignore[attr-defined]
        self.units = {str(unit.pk): unit for unit in units}

    def chosen_unit(self) -> Unit | None:
        return self.units.get(self.cleaned_data["unit"])


class NarrativeForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text"),
        required=False,
        widget=forms.Textarea(attrs={**INPUT, "rows": 6}),
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class FileForm(forms.Form):
    fmt = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=FileFormat.choices, widget=forms.Select(attrs=INPUT)
    )

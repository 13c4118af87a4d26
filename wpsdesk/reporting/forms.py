"""Forms: one report with the WPS messages it carries, and the list's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wpsdesk.catalogue.models import Item
from wpsdesk.core.concurrency import VersionedFormMixin
from wpsdesk.engagements.forms import items_for_codes
from wpsdesk.organisation.models import Classification, Unit

from .models import Report, ReportKind

INPUT = {"class": "ds-input"}
CLASSIFICATIONS = [
    (Classification.INTERNAL, gettext_lazy("Internal (the unit, and HQ coordinators)")),
    (
        Classification.RESTRICTED,
        gettext_lazy("Restricted (unit members with restricted clearance)"),
    ),
]


class ReportForm(VersionedFormMixin, forms.ModelForm):
    """Everything about one report; the unit is chosen only when adding one."""

    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=gettext_lazy("Unit"), empty_label=None
    )
    message_codes = forms.CharField(
        label=gettext_lazy("WPS messages it carries"),
        required=False,
        help_text=gettext_lazy(
            "Guideline codes separated by spaces, e.g. CL.1 P1.C.5 SCR.1325. The text is "
            "also screened when you save."
        ),
    )
    classification = forms.ChoiceField(
        label=gettext_lazy("Who may read it"),
        choices=CLASSIFICATIONS,
        initial=Classification.INTERNAL,
    )
    classification_reason = forms.CharField(
        label=gettext_lazy("Why it may be read more widely (when lowering)"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Only the unit lead may lower a classification."),
    )

    class Meta:
        model = Report
        fields = ["kind", "date", "title", "text"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "text": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(
        self, *args: Any, units: list[Unit], default_unit: Unit | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.default_unit = default_unit or (units[0] if units else None)
        self.fields["unit"].required = False
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in units]
        ).order_by("name")
        if self.instance.pk:
            del self.fields["unit"]
            self.fields["message_codes"].initial = " ".join(
                item.code for item in self.instance.messages.all()
            )
            self.fields["classification"].initial = self.instance.classification
            if self.instance.classification not in dict(CLASSIFICATIONS):
                del self.fields["classification"]
                del self.fields["classification_reason"]
        else:
            del self.fields["classification_reason"]
            if default_unit is not None:
                self.fields["unit"].initial = default_unit.pk
            if len(units) == 1:
                self.fields["unit"].widget = forms.HiddenInput()
        for field in self.fields.values():
            if not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("class", "ds-input")
        self.fields["title"].error_messages["required"] = _("Give the report a title.")

    def clean_message_codes(self) -> list[Item]:
        items, unknown = items_for_codes(self.cleaned_data.get("message_codes", ""))
        if unknown:
            raise forms.ValidationError(
                _("These codes are not in the current guidelines: %(codes)s.")
                % {"codes": ", ".join(unknown)}
            )
        return items

    def clean_unit(self) -> Unit | None:
        return self.cleaned_data.get("unit") or self.default_unit

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("message_codes", None)
        return data


class ReportFilterForm(forms.Form):
    """The list's search and filters (GET)."""

    q = forms.CharField(
        label=gettext_lazy("Search titles"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={**INPUT, "type": "search"}),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("All kinds")), *ReportKind.choices],
        widget=forms.Select(attrs=INPUT),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        min_value=1990,
        max_value=2100,
        widget=forms.NumberInput(attrs={**INPUT, "size": 5}),
    )
    carries = forms.ChoiceField(
        label=gettext_lazy("WPS message"),
        required=False,
        choices=[
            ("", gettext_lazy("With or without")),
            ("yes", gettext_lazy("Carries a WPS message")),
            ("no", gettext_lazy("No WPS message")),
        ],
        widget=forms.Select(attrs=INPUT),
    )

    def clean_year(self) -> int | None:
        year = self.cleaned_data.get("year")
        if year and year > timezone.localdate().year + 1:
            raise forms.ValidationError(_("Give a year up to next year."))
        return year

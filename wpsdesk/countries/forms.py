"""Forms: the country list's filters, one record of any kind, and a follow-up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wpsdesk.catalogue.country_field import CountryField
from wpsdesk.civil_society.forms import CLASSIFICATIONS
from wpsdesk.core.concurrency import VersionedFormMixin
from wpsdesk.organisation.models import Classification, Unit

from .kinds import KINDS, Kind
from .models import FollowUp, FollowUpStatus
from .regions import Region

INPUT = {"class": "ds-input"}
DATE = forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d")


class CountryFilterForm(forms.Form):
    """The country list's search and filters (GET)."""

    q = forms.CharField(
        label=gettext_lazy("Name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={**INPUT, "type": "search"}),
        help_text=gettext_lazy("In English or bokmål, or the two-letter code."),
    )
    region = forms.ChoiceField(
        label=gettext_lazy("Region"),
        required=False,
        choices=[("", gettext_lazy("Every region")), *Region.choices],
        widget=forms.Select(attrs=INPUT),
    )
    priority = forms.ChoiceField(
        label=gettext_lazy("Priority list"),
        required=False,
        choices=[
            ("", gettext_lazy("On it or not")),
            ("yes", gettext_lazy("On the priority list")),
            ("no", gettext_lazy("Not on it")),
        ],
        widget=forms.Select(attrs=INPUT),
    )
    recorded = forms.BooleanField(
        label=gettext_lazy("Only countries with records"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "ds-checkbox"}),
    )


class RecordForm(VersionedFormMixin, forms.ModelForm):
    """One record of a kind; the unit is chosen only when adding one."""

    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=gettext_lazy("Unit"), empty_label=None
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

    def __init__(self, *args: Any, units: list[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["unit"]
            self.fields["classification"].initial = self.instance.classification
            if self.instance.classification not in dict(CLASSIFICATIONS):
                del self.fields["classification"]
                del self.fields["classification_reason"]
        else:
            del self.fields["classification_reason"]
            units = units or []
            self.default_unit = units[0] if units else None
            # Not required: without one it goes to the first unit the person may use.
            self.fields["unit"].required = False
            self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
                pk__in=[u.pk for u in units]
            ).order_by("name")
            if len(units) == 1:
                self.fields["unit"].initial = units[0].pk
                self.fields["unit"].widget = forms.HiddenInput()
        if "recommending_state" in self.fields:
            self.fields["recommending_state"] = CountryField(
                required=False,
                label=gettext_lazy("Recommending state"),
                help_text=gettext_lazy("UPR only: the state that made it (Norway, Norge or NO)."),
            )
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.DateInput):
                field.widget = DATE
            elif isinstance(widget, forms.Textarea):
                widget.attrs.update({"class": "ds-textarea", "rows": 3})
            elif not isinstance(widget, forms.HiddenInput | forms.CheckboxInput):
                widget.attrs.setdefault("class", "ds-input")

    def clean_unit(self) -> Unit | None:
        return self.cleaned_data.get("unit") or getattr(self, "default_unit", None)

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("unit", None)
        data.pop("classification_reason", None)
        return data


def record_form_class(kind: Kind) -> type[RecordForm]:
    """The form for one kind of record: its editable fields, then who may read it."""
    meta = type(
        "Meta",
        (),
        {"model": kind.model, "fields": list(kind.fields), "formfield_callback": _formfield},
    )
    return type(f"{kind.model.__name__}Form", (RecordForm,), {"Meta": meta})


def _formfield(field: models.Field, **kwargs: Any) -> forms.Field | None:
    # Links without a scheme are taken as https (Django 6's default, asked for now).
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


FORMS: dict[str, type[RecordForm]] = {key: record_form_class(kind) for key, kind in KINDS.items()}


class FollowUpForm(forms.ModelForm):
    """Where a recommendation stands today, the evidence, and who reports it."""

    class Meta:
        model = FollowUp
        fields = ["on", "status", "evidence", "source"]
        widgets = {
            "on": DATE,
            "status": forms.Select(attrs=INPUT),
            "evidence": forms.Textarea(attrs={"class": "ds-textarea", "rows": 3}),
            "source": forms.TextInput(attrs=INPUT),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)  # noqa: S101 (narrowing)
        status.choices = [("", _("Choose the status")), *FollowUpStatus.choices]
        self.fields["evidence"].error_messages["required"] = _(
            "Say what shows it: a law passed, a report, a meeting."
        )
        self.fields["source"].error_messages["required"] = _("Say who reports it.")
        self.fields["status"].error_messages["required"] = _("Choose the status.")
        self.fields["on"].error_messages["required"] = _("Give the date.")

"""Forms for people at risk. None of them takes a unit's classification: it is always strict."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wpsdesk.catalogue.countries import COUNTRIES
from wpsdesk.catalogue.country_field import CountryField
from wpsdesk.core.concurrency import VersionedFormMixin
from wpsdesk.organisation.models import Unit

from .models import (
    Assessment,
    MonitoringEvent,
    PersonAtRisk,
    PersonRole,
    ProtectionMeasure,
)

DATE = forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d")


def _style(form: forms.BaseForm) -> None:
    """The design system's classes on every input."""
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, forms.CheckboxInput):
            continue
        css = "ds-select" if isinstance(widget, forms.Select) else "ds-input"
        if isinstance(widget, forms.Textarea):
            css = "ds-textarea"
            widget.attrs.setdefault("rows", "3")
        widget.attrs.setdefault("class", css)


def clean_country(value: str) -> str:
    code = (value or "").strip().upper()
    if code not in COUNTRIES:
        raise forms.ValidationError(
            _("“%(code)s” is not a country code. Use two letters, e.g. CO for Colombia.")
            % {"code": (value or "").strip()}
        )
    return code


class PersonForm(VersionedFormMixin, forms.ModelForm):
    """The person's record. The unit is chosen only when the record is made."""

    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=gettext_lazy("Unit"), required=True
    )
    country = CountryField()

    class Meta:
        model = PersonAtRisk
        fields = [
            "unit",
            "code_name",
            "role",
            "country",
            "real_name",
            "contact",
            "notes",
            "consent_scope",
            "consent_on",
            "consent_how",
        ]
        widgets = {
            "real_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "contact": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "consent_scope": forms.Textarea(attrs={"rows": 2}),
            "consent_on": DATE,
        }

    def __init__(self, *args: Any, units: list[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code_name"].required = False
        self.fields["code_name"].help_text = _(
            "Leave empty for a random one. Never a real name or a nickname."
        )
        # One unit to choose from (or an existing record): no choice to offer.
        self.only_unit = units[0] if units and len(units) == 1 else None
        if units is None or self.only_unit is not None:
            del self.fields["unit"]
        else:
            unit_field = self.fields["unit"]
            assert isinstance(unit_field, forms.ModelChoiceField)  # noqa: S101 (narrowing)
            unit_field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        _style(self)

    def clean_country(self) -> str:
        return clean_country(self.cleaned_data.get("country", ""))

    def clean_consent_on(self) -> dt.date | None:
        day = self.cleaned_data.get("consent_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date of consent cannot be in the future."))
        return day


class PersonFilterForm(forms.Form):
    """The list's search and filters."""

    q = forms.CharField(label=gettext_lazy("Code name"), required=False, max_length=60)
    country = CountryField(required=False)
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        required=False,
        choices=[("", gettext_lazy("Any role")), *PersonRole.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_country(self) -> str:
        value = self.cleaned_data.get("country", "")
        return clean_country(value) if value else ""


class NameSearchForm(forms.Form):
    """Exact real-name search. Sent by POST, so the name is never in an address or a log."""

    name = forms.CharField(
        label=gettext_lazy("Exact real name"),
        max_length=200,
        help_text=gettext_lazy(
            "Only the exact name finds a record (case and spacing do not matter)."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class EventForm(forms.ModelForm):
    """One entry in the monitoring log."""

    class Meta:
        model = MonitoringEvent
        fields = ["occurred_on", "kind", "severity", "source", "reliability", "description"]
        widgets = {"occurred_on": DATE, "description": forms.Textarea}

    prefix = "event"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class AssessmentForm(forms.ModelForm):
    """The mission's assessment of freedom of action and security."""

    class Meta:
        model = Assessment
        fields = ["assessed_on", "freedom_of_action", "security", "note"]
        widgets = {"assessed_on": DATE, "note": forms.Textarea}

    prefix = "assessment"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("assessed_on", timezone.localdate())
        _style(self)


class MeasureForm(VersionedFormMixin, forms.ModelForm):
    """A measure: support, referral with its outcome, forum participation."""

    class Meta:
        model = ProtectionMeasure
        fields = ["kind", "started_on", "mechanism", "status", "outcome", "reprisal_prevention"]
        widgets = {
            "started_on": DATE,
            "outcome": forms.Textarea,
            "reprisal_prevention": forms.Textarea,
        }

    prefix = "measure"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class FileForm(forms.Form):
    """A file on the record."""

    prefix = "file"
    upload = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "PDF, PNG, JPEG, TXT, CSV, DOCX, XLSX or PPTX. Metadata (authors, GPS positions) "
            "is removed and the file is stored encrypted."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ReviewForm(forms.Form):
    """The record was reviewed: when is the next review."""

    prefix = "review"
    next_review_on = forms.DateField(label=gettext_lazy("Next review by"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

"""Forms: one operation, the list's filters, a mandate renewal with its WPS tasks, a
participation figure, a nomination link and a personnel entry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wpsdesk.catalogue.countries import COUNTRIES
from wpsdesk.core.concurrency import VersionedFormMixin
from wpsdesk.engagements.models import Nomination
from wpsdesk.organisation.models import Classification, Unit

from .models import (
    DeployedPerson,
    Level,
    Operation,
    OperationKind,
    OrganisationKind,
    TaskOutcome,
)

INPUT = {"class": "ds-input"}
DATE = {"class": "ds-input", "type": "date"}
CLASSIFICATIONS = [
    (Classification.INTERNAL, gettext_lazy("Internal (the unit, and HQ coordinators)")),
    (
        Classification.RESTRICTED,
        gettext_lazy("Restricted (unit members with restricted clearance)"),
    ),
]
#: Rows of WPS tasks a renewal form offers at once.
TASK_ROWS = 6


def clean_countries(value: str) -> str:
    """ISO codes in capitals separated by spaces; an unknown code is refused in plain words."""
    codes = [code.upper() for code in (value or "").replace(",", " ").split()]
    unknown = [code for code in codes if code not in COUNTRIES]
    if unknown:
        raise forms.ValidationError(
            _("“%(codes)s” is not a country code. Use two letters, e.g. SS for South Sudan.")
            % {"codes": " ".join(unknown)}
        )
    return " ".join(dict.fromkeys(codes))


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            field.widget.attrs.setdefault("class", "ds-checkbox")
        elif not isinstance(field.widget, forms.HiddenInput):
            field.widget.attrs.setdefault("class", "ds-input")


class OperationForm(VersionedFormMixin, forms.ModelForm):
    """Everything about one operation; the unit is chosen only when adding one."""

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

    class Meta:
        model = Operation
        fields = [
            "name",
            "acronym",
            "organisation",
            "kind",
            "countries",
            "contribution",
            "contribution_note",
            "started",
            "ended",
        ]
        widgets = {
            "contribution_note": forms.Textarea(attrs={"rows": 3}),
            "started": forms.DateInput(attrs={"type": "date"}),
            "ended": forms.DateInput(attrs={"type": "date"}),
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
        _style(self)
        self.fields["name"].widget.attrs["autofocus"] = True
        self.fields["name"].error_messages["required"] = _("Give the operation's name.")

    def clean_countries(self) -> str:
        return clean_countries(self.cleaned_data.get("countries", ""))

    def clean_unit(self) -> Unit | None:
        return self.cleaned_data.get("unit") or self.default_unit

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        started, ended = data.get("started"), data.get("ended")
        if started and ended and ended < started:
            self.add_error("ended", _("An operation cannot end before it starts."))
        return data

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class OperationFilterForm(forms.Form):
    """The list's search and filters (GET); the API takes the same."""

    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={**INPUT, "type": "search"}),
    )
    organisation = forms.ChoiceField(
        label=gettext_lazy("Organisation"),
        required=False,
        choices=[("", gettext_lazy("All organisations")), *OrganisationKind.choices],
        widget=forms.Select(attrs=INPUT),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("All kinds")), *OperationKind.choices],
        widget=forms.Select(attrs=INPUT),
    )
    country = forms.CharField(
        label=gettext_lazy("Country"),
        required=False,
        max_length=2,
        widget=forms.TextInput(attrs={**INPUT, "size": 3}),
        help_text=gettext_lazy("Two-letter code, e.g. SS."),
    )
    current = forms.BooleanField(
        label=gettext_lazy("Only those under way"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "ds-checkbox"}),
    )

    def clean_country(self) -> str:
        return clean_countries(self.cleaned_data.get("country", ""))


class RenewalForm(forms.Form):
    """A mandate renewal and the WPS tasks it carries, one row per task."""

    date = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs=DATE))
    resolution = forms.CharField(
        label=gettext_lazy("Resolution or decision"),
        max_length=100,
        widget=forms.TextInput(attrs=INPUT),
        help_text=gettext_lazy("E.g. S/RES/2729 (2024)."),
    )
    until = forms.DateField(
        label=gettext_lazy("Mandate runs until"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**INPUT, "rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Ids of their own: the operation page holds this form beside the figures form.
        kwargs.setdefault("auto_id", "renewal_%s")
        super().__init__(*args, **kwargs)
        self.fields["resolution"].error_messages["required"] = _(
            "Give the resolution or decision that renewed the mandate."
        )
        self.fields["date"].error_messages["required"] = _("Give the date of the renewal.")
        for n in range(TASK_ROWS):
            self.fields[f"task_{n}"] = forms.CharField(
                label=_("WPS task %(n)s") % {"n": n + 1},
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs=INPUT),
            )
            self.fields[f"outcome_{n}"] = forms.ChoiceField(
                label=_("At this renewal, task %(n)s") % {"n": n + 1},
                required=False,
                choices=[("", "–"), *TaskOutcome.choices],
                widget=forms.Select(attrs=INPUT),
            )

    def task_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"task_{n}"], self[f"outcome_{n}"]) for n in range(TASK_ROWS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(TASK_ROWS):
            if (data.get(f"task_{n}") or "").strip() and not data.get(f"outcome_{n}"):
                self.add_error(
                    f"outcome_{n}", _("Say what the renewal did with this task: kept, dropped…")
                )
        date, until = data.get("date"), data.get("until")
        if date and until and until < date:
            self.add_error("until", _("The mandate cannot run out before it was renewed."))
        return data

    def tasks(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data[f"task_{n}"], self.cleaned_data[f"outcome_{n}"])
            for n in range(TASK_ROWS)
            if (self.cleaned_data.get(f"task_{n}") or "").strip()
        ]


class FigureForm(forms.Form):
    """Women's numbers at one level on one date (a second entry for the same corrects it)."""

    date = forms.DateField(label=gettext_lazy("As of"), widget=forms.DateInput(attrs=DATE))
    level = forms.ChoiceField(
        label=gettext_lazy("Level"), choices=Level.choices, widget=forms.Select(attrs=INPUT)
    )
    women = forms.IntegerField(
        label=gettext_lazy("Women"), min_value=0, widget=forms.NumberInput(attrs=INPUT)
    )
    total = forms.IntegerField(
        label=gettext_lazy("Total"), min_value=0, widget=forms.NumberInput(attrs=INPUT)
    )
    source = forms.CharField(
        label=gettext_lazy("Source"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "figure_%s")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        women, total = data.get("women"), data.get("total")
        if women is not None and total is not None and women > total:
            self.add_error("women", _("There cannot be more women than people in total."))
        return data


class NominationLinkForm(forms.Form):
    """A Norwegian candidate proposed for a post in the operation (an existing nomination)."""

    nomination: forms.ModelChoiceField[Nomination] = forms.ModelChoiceField(
        queryset=Nomination.objects.none(),
        label=gettext_lazy("Nomination"),
        widget=forms.Select(attrs=INPUT),
    )

    def __init__(self, *args: Any, nominations: QuerySet[Nomination], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = nominations  # type: ignore[attr-defined]
        self.fields["nomination"].error_messages["invalid_choice"] = _(
            "Choose one of the nominations in the list."
        )


class PersonForm(VersionedFormMixin, forms.ModelForm):
    """One entry on the restricted personnel list."""

    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=gettext_lazy("Kept by"), empty_label=None
    )

    class Meta:
        model = DeployedPerson
        fields = [
            "name",
            "post",
            "contact",
            "notes",
            "deployed_from",
            "deployed_until",
            "review_due",
        ]
        widgets = {
            "name": forms.TextInput(),
            "post": forms.TextInput(),
            "contact": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "deployed_from": forms.DateInput(attrs={"type": "date"}),
            "deployed_until": forms.DateInput(attrs={"type": "date"}),
            "review_due": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in units]
        ).order_by("name")
        if self.instance.pk:
            del self.fields["unit"]
        elif len(units) == 1:
            self.fields["unit"].initial = units[0].pk
            self.fields["unit"].widget = forms.HiddenInput()
        _style(self)
        self.fields["name"].error_messages["required"] = _("Give the person's name.")
        self.fields["review_due"].error_messages["required"] = _(
            "Give a date by which the entry is checked again."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("deployed_from"), data.get("deployed_until")
        if start and end and end < start:
            self.add_error("deployed_until", _("A deployment cannot end before it starts."))
        return data

"""Forms: the compact engagement log, its count grid, filters and follow-ups."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models.functions import Upper
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wpsdesk.catalogue.countries import COUNTRIES
from wpsdesk.catalogue.country_field import CountryField
from wpsdesk.catalogue.forms import EditionChoiceField, edition_field, edition_label
from wpsdesk.catalogue.models import Edition, Item
from wpsdesk.catalogue.selectors import current_edition
from wpsdesk.core.concurrency import VersionedFormMixin
from wpsdesk.core.pickers import filterable, item_picker
from wpsdesk.organisation.models import Unit, User

from . import figures
from .models import (
    CATEGORIES,
    CATEGORY_LABELS,
    AgeGroup,
    Dimension,
    Engagement,
    FollowUpStatus,
    Gender,
    IssueRaised,
    Kind,
    Measure,
    Side,
)

MAX_COUNT = 9999
EXTRA_DIMENSIONS = [d for d in CATEGORIES if d != Dimension.GENDER]
LEAD_LABELS = [
    (Gender.WOMAN, gettext_lazy("A woman")),
    (Gender.MAN, gettext_lazy("A man")),
    (Gender.OTHER, gettext_lazy("Another gender or not stated")),
]


def clean_country(value: str) -> str:
    code = (value or "").strip().upper()
    if code and code not in COUNTRIES:
        raise forms.ValidationError(
            _("“%(code)s” is not a country code. Use two letters, e.g. CO for Colombia.")
            % {"code": value.strip()}
        )
    return code


def items_for_codes(text: str, edition: Edition | None = None) -> tuple[list[Item], list[str]]:
    """The items of ``edition`` (else the current one) for the codes in ``text``, and the
    codes not found there."""
    typed = [c for c in re.split(r"[\s,;]+", text or "") if c]
    if not typed:
        return [], []
    # Codes are matched without regard to case: guideline codes mix capitals and small
    # letters ("P1.C.5", "CL.1.a"), and people type either.
    as_typed = {code.upper(): code for code in reversed(typed)}  # the first spelling wins
    keys = list(dict.fromkeys(code.upper() for code in typed))
    edition = edition or current_edition()
    found = {
        item.code.upper(): item
        for item in Item.objects.active()
        .filter(edition=edition)
        .annotate(code_upper=Upper("code"))
        .filter(code_upper__in=keys)
    }
    unknown = [as_typed[key] for key in keys if key not in found]
    return [found[key] for key in keys if key in found], unknown


def limit_processes(form: forms.ModelForm, processes: Any) -> None:
    """Offer the processes the person may see (``processes``, from the policy layer).

    A record linked to a process the person may not see keeps its link: the field is left
    out, so its name is not shown and saving the form does not change it.
    """
    limit_choices(form, "process", processes)
    if "process" in form.fields:
        filterable(form.fields["process"], _("Type to narrow the list of peace processes"))


def limit_choices(form: forms.ModelForm, name: str, choices: Any) -> None:
    """Offer only ``choices`` (from the policy layer) in the link field ``name``; a link to
    a record the person may not see is kept by leaving the field out."""
    field = form.fields[name]
    if choices is None:
        choices = field.queryset.none()  # type: ignore[attr-defined]
    linked = getattr(form.instance, f"{name}_id", None)
    if linked is not None and not choices.filter(pk=linked).exists():
        del form.fields[name]
        return
    field.queryset = choices  # type: ignore[attr-defined]
    field.empty_label = _("None")  # type: ignore[attr-defined]


@dataclass(frozen=True)
class GridCell:
    field: forms.BoundField
    category: str


@dataclass(frozen=True)
class GridRow:
    side: str
    label: str
    cells: list[GridCell]
    lead: forms.BoundField | None = None


class EngagementForm(VersionedFormMixin, forms.ModelForm):
    """Everything about one engagement on one page; the count grid is built field by field.

    A blank count means "not known" and is stored as no count at all, also beside filled
    ones: only a typed 0 means nobody. A side's total and women's share need every gender.
    """

    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("Unit"))
    message_codes = forms.CharField(
        label=gettext_lazy("WPS messages delivered"),
        required=False,
        help_text=gettext_lazy(
            "Guideline codes separated by spaces, e.g. CL.1 P1.C.5 SCR.1325 "
            "(the codes are shown in the guidelines)."
        ),
    )
    country = CountryField(required=False)

    class Meta:
        model = Engagement
        fields = [
            "title",
            "date",
            "kind",
            "country",
            "forum",
            "process",
            "operation",
            "peace_process",
            "wps_on_agenda",
            "summary",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        *args: Any,
        units: list[Unit],
        default_unit: Unit | None = None,
        initial_grid: figures.Grid | None = None,
        processes: Any = None,
        operations: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_processes(self, processes)
        chosen = None
        if self.instance.pk:
            served = list(self.instance.messages.all())
            chosen = served[0].edition_id if served else None
        edition = edition_field(chosen=chosen)
        if edition is not None:
            self.fields["edition"] = edition
        item_picker(
            self.fields["message_codes"],
            edition_input=self["edition"].auto_id if edition is not None else "",
        )
        limit_choices(self, "operation", operations)
        self.default_unit = default_unit or (units[0] if units else None)
        self.fields["unit"].required = False
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in units]
        )
        if self.instance.pk:
            self.fields["unit"].disabled = True
            self.fields["unit"].initial = self.instance.unit_id
            codes = " ".join(item.code for item in self.instance.messages.all())
            self.fields["message_codes"].initial = codes
        elif len(units) == 1:
            self.fields["unit"].widget = forms.HiddenInput()
        side_names = dict(Side.choices)
        grid = initial_grid or {}
        for side in Side.values:
            stored = grid.get(side, {})
            for gender in Gender.values:
                for prefix, measure, verb in (
                    ("n", Measure.ATTENDED, _("took part")),
                    ("s", Measure.SPOKE, _("spoke")),
                ):
                    name = f"{prefix}_{side}_{gender}"
                    self.fields[name] = forms.IntegerField(
                        label=f"{side_names[side]} – {CATEGORY_LABELS[gender]} {verb}",
                        required=False,
                        min_value=0,
                        max_value=MAX_COUNT,
                        widget=forms.NumberInput(
                            attrs={"inputmode": "numeric", "class": "ds-input count-input"}
                        ),
                    )
                    self.fields[name].initial = (
                        stored.get(measure, {}).get(Dimension.GENDER, {}).get(gender)
                    )
            self.fields[f"lead_{side}"] = forms.ChoiceField(
                label=_("%(side)s led by") % {"side": side_names[side]},
                required=False,
                choices=[("", _("Not recorded")), *LEAD_LABELS],
            )
            leads = stored.get(Measure.LED, {}).get(Dimension.GENDER, {})
            if leads:
                self.fields[f"lead_{side}"].initial = max(leads, key=lambda g: leads[g])
            for dimension in EXTRA_DIMENSIONS:
                for category in CATEGORIES[dimension]:
                    name = f"d_{side}_{category}"
                    self.fields[name] = forms.IntegerField(
                        label=f"{side_names[side]} – {CATEGORY_LABELS[category]}",
                        required=False,
                        min_value=0,
                        max_value=MAX_COUNT,
                        widget=forms.NumberInput(
                            attrs={"inputmode": "numeric", "class": "ds-input count-input"}
                        ),
                    )
                    self.fields[name].initial = (
                        stored.get(Measure.ATTENDED, {}).get(dimension, {}).get(category)
                    )
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "ds-checkbox")
            elif not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("class", "ds-input")
            if name == "title":
                field.widget.attrs["autofocus"] = True

    # The grid, for the template ------------------------------------------------------

    def count_rows(self, prefix: str) -> list[GridRow]:
        return [
            GridRow(
                side=side,
                label=str(label),
                cells=[GridCell(self[f"{prefix}_{side}_{g}"], g) for g in Gender.values],
                lead=self[f"lead_{side}"] if prefix == "n" else None,
            )
            for side, label in Side.choices
        ]

    def attended_rows(self) -> list[GridRow]:
        return self.count_rows("n")

    def spoke_rows(self) -> list[GridRow]:
        return self.count_rows("s")

    def extra_rows(self) -> list[GridRow]:
        return [
            GridRow(
                side=side,
                label=str(label),
                cells=[
                    GridCell(self[f"d_{side}_{c}"], c)
                    for d in EXTRA_DIMENSIONS
                    for c in CATEGORIES[d]
                ],
            )
            for side, label in Side.choices
        ]

    @staticmethod
    def extra_columns() -> list[str]:
        return [str(CATEGORY_LABELS[c]) for d in EXTRA_DIMENSIONS for c in CATEGORIES[d]]

    @staticmethod
    def gender_columns() -> list[str]:
        return [str(label) for label in Gender.labels]

    # Cleaning ----------------------------------------------------------------------

    def clean_country(self) -> str:
        return clean_country(self.cleaned_data.get("country", ""))

    def clean_forum(self) -> str:
        return (self.cleaned_data.get("forum") or "").strip()

    def chosen_edition(self) -> Edition | None:
        """The guidelines edition the codes are read in: the one chosen, else the current.

        Read here rather than from ``cleaned_data``: the choice is cleaned after the codes.
        None when the choice is not one of the editions (the field says so itself); no
        choice sent means the current edition.
        """
        field = self.fields.get("edition")
        if not isinstance(field, EditionChoiceField):
            return current_edition()
        if not self.is_bound:
            return field.edition(field.initial)
        try:
            value = field.clean(
                field.widget.value_from_datadict(self.data, self.files, self.add_prefix("edition"))
            )
        except forms.ValidationError:
            return None
        return field.edition(value) if value is not None else current_edition()

    def clean_message_codes(self) -> list[Item]:
        text = self.cleaned_data.get("message_codes", "")
        if "edition" not in self.fields:
            items, unknown = items_for_codes(text)
            if not unknown:
                return items
            raise forms.ValidationError(
                _("These codes are not in the current guidelines: %(codes)s.")
                % {"codes": ", ".join(unknown)}
            )
        edition = self.chosen_edition()
        if edition is None:
            return []  # the choice of edition is refused on its own
        items, unknown = items_for_codes(text, edition)
        if unknown:
            raise forms.ValidationError(
                _("These codes are not in %(guidelines)s: %(codes)s.")
                % {"guidelines": edition_label(edition), "codes": ", ".join(unknown)}
            )
        return items

    def clean_unit(self) -> Unit | None:
        if self.instance.pk:
            return self.instance.unit
        return self.cleaned_data.get("unit") or self.default_unit

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("country") and not data.get("forum"):
            self.add_error("country", _("Give a country, a forum or both."))
        if not self.errors:
            self.grid = self.build_grid(data)
            for problem in figures.check_grid(self.grid):
                self.add_error(None, problem)
        return data

    def build_grid(self, data: dict[str, Any]) -> figures.Grid:
        grid = figures.empty_grid()
        for side in Side.values:
            for prefix, measure in (("n", Measure.ATTENDED), ("s", Measure.SPOKE)):
                values = {g: data.get(f"{prefix}_{side}_{g}") for g in Gender.values}
                if any(v is not None for v in values.values()):
                    grid[side][measure][Dimension.GENDER] = {
                        g: v for g, v in values.items() if v is not None
                    }
            lead = data.get(f"lead_{side}")
            if lead:
                grid[side][Measure.LED][Dimension.GENDER] = {lead: 1}
            for dimension in EXTRA_DIMENSIONS:
                values = {c: data.get(f"d_{side}_{c}") for c in CATEGORIES[dimension]}
                if any(v is not None for v in values.values()):
                    grid[side][Measure.ATTENDED][dimension] = {
                        c: v for c, v in values.items() if v is not None
                    }
        return grid

    def totals(self) -> dict[str, Any]:
        """Totals of what the form holds now, for the page without JavaScript."""
        source = self.cleaned_data if hasattr(self, "cleaned_data") else None
        sums: dict[str, int] = {}
        for side in Side.values:
            row = 0
            for gender in Gender.values:
                name = f"n_{side}_{gender}"
                value = source.get(name) if source is not None else self[name].value()
                try:
                    n = int(value or 0)
                except (TypeError, ValueError):
                    n = 0
                row += n
                sums[gender] = sums.get(gender, 0) + n
            sums[side] = row
        sums["all"] = sum(sums[g] for g in Gender.values)
        return {
            "sides": {side: sums[side] for side in Side.values},
            "genders": [sums[g] for g in Gender.values],
            "all": sums["all"],
            "women_share": figures.format_share(figures.share(sums[Gender.WOMAN], sums["all"])),
        }


WPS_CHOICES = [
    ("", gettext_lazy("Either")),
    ("yes", gettext_lazy("Yes")),
    ("no", gettext_lazy("No")),
]


class EngagementFilterForm(forms.Form):
    """Filters of the list, the dashboard and the export (all GET)."""

    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=gettext_lazy("Unit"),
        empty_label=gettext_lazy("All"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("All")), *Kind.choices],
    )
    country = CountryField(required=False)
    forum = forms.CharField(label=gettext_lazy("Forum"), required=False, max_length=60)
    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    wps = forms.ChoiceField(
        label=gettext_lazy("WPS on the agenda"), required=False, choices=WPS_CHOICES
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")

    def clean_country(self) -> str:
        return clean_country(self.cleaned_data.get("country", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period comes before its start."))
        return data


class IssueForm(VersionedFormMixin, forms.ModelForm):
    """An issue women raised, and its follow-up."""

    class Meta:
        model = IssueRaised
        fields = ["issue", "side", "follow_up", "owner", "due_date", "status", "completed_on"]
        widgets = {
            "issue": forms.Textarea(attrs={"rows": 2}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "completed_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["owner"].label_from_instance = lambda user: str(user)  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")
        if not self.instance.pk:
            del self.fields["status"]
            del self.fields["completed_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("completed_on") and data.get("status") != FollowUpStatus.DONE:
            self.add_error(
                "completed_on", _("Give a follow-up date only when the issue has been followed up.")
            )
        return data


def owners_of(unit: Unit) -> Any:
    """People who may own a follow-up: current members of the unit."""
    from wpsdesk.organisation.models import Membership

    return User.objects.filter(
        pk__in=Membership.objects.current().filter(unit=unit).values("user_id")
    ).order_by("first_name", "username")


__all__ = ["AgeGroup", "EngagementFilterForm", "EngagementForm", "IssueForm"]

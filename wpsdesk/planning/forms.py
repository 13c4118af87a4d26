"""Forms for plans, goals, activities, indicators and the checklist; and the list filters.

Forms only parse and check input, in plain words; the services write.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wpsdesk.catalogue.forms import EditionChoiceField
from wpsdesk.catalogue.models import Item
from wpsdesk.core.concurrency import VersionedFormMixin
from wpsdesk.core.pickers import filterable
from wpsdesk.organisation.models import Classification, Unit, User

from . import services
from .models import (
    MAX_YEAR,
    MIN_YEAR,
    ActivityStatus,
    Answer,
    ApprovalStatus,
    Category,
    Dimension,
    Goal,
    Indicator,
    IndicatorKind,
    PlanKind,
    WorkPlan,
)

INPUT = {"class": "ds-input"}
TEXTAREA = {"class": "ds-input", "rows": 3}
PLAN_CLASSIFICATIONS = [
    (Classification.INTERNAL, _("Internal (the unit, and HQ coordinators)")),
    (Classification.RESTRICTED, _("Restricted (unit members with restricted clearance)")),
]


def _year_field(label: Any = None, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label or _("Year"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        required=required,
        widget=forms.NumberInput(attrs={**INPUT, "inputmode": "numeric"}),
        error_messages={
            "min_value": _("Give a year from %(limit_value)s."),
            "max_value": _("Give a year up to %(limit_value)s."),
            "invalid": _("Give the year as four digits, e.g. 2026."),
            "required": _("Give the year."),
        },
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class ItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} – {obj.heading}"


# --- plans -----------------------------------------------------------------------------


class DefaultUnitMixin:
    """The unit field falls back to the unit the person works in (or their first unit)."""

    default_unit: Unit | None = None

    def clean_unit(self) -> Unit | None:
        unit = self.cleaned_data.get("unit")  # type: ignore[attr-defined]
        if unit is None:
            unit = self.default_unit
        if unit is None:
            raise forms.ValidationError(_("Choose the unit."))
        return unit


class PlanCreateForm(DefaultUnitMixin, forms.Form):
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.Select(attrs=INPUT),
        empty_label=None,
    )
    year = _year_field()
    kind = forms.ChoiceField(
        label=_("Kind of plan"), choices=PlanKind.choices, widget=forms.Select(attrs=INPUT)
    )
    title = forms.CharField(
        label=_("Title (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=INPUT),
    )
    summary = forms.CharField(
        label=_("Summary (optional)"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    classification = forms.ChoiceField(
        label=_("Who may read it"),
        choices=PLAN_CLASSIFICATIONS,
        initial=Classification.INTERNAL,
        widget=forms.Select(attrs=INPUT),
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], default_unit: Unit | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.default_unit = default_unit
        if not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year


class PlanEditForm(VersionedFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=INPUT),
    )
    kind = forms.ChoiceField(
        label=_("Kind of plan"), choices=PlanKind.choices, widget=forms.Select(attrs=INPUT)
    )
    summary = forms.CharField(
        label=_("Summary (optional)"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    classification = forms.ChoiceField(
        label=_("Who may read it"),
        choices=PLAN_CLASSIFICATIONS,
        widget=forms.Select(attrs=INPUT),
        help_text=_("Only the unit lead may make a restricted plan internal again."),
    )
    classification_reason = forms.CharField(
        label=_("Why it may be read more widely (when lowering)"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs=INPUT),
    )


class ResultsForm(VersionedFormMixin, forms.Form):
    results_summary = forms.CharField(
        label=_("What was done and what came of it"),
        required=False,
        widget=forms.Textarea(attrs={**INPUT, "rows": 6}),
    )
    results_obstacles = forms.CharField(
        label=_("What stood in the way"),
        required=False,
        widget=forms.Textarea(attrs={**INPUT, "rows": 4}),
    )


class PlanFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={**INPUT, "type": "search"}),
    )
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All units"),
        widget=forms.Select(attrs=INPUT),
    )
    year = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=INPUT),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ApprovalStatus.choices],
        widget=forms.Select(attrs=INPUT),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind")), *PlanKind.choices],
        widget=forms.Select(attrs=INPUT),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["year"].choices = [("", _("Any year")), *[(y, y) for y in years]]  # type: ignore[attr-defined]


# --- goals -----------------------------------------------------------------------------


class GoalForm(VersionedFormMixin, forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=300, widget=forms.TextInput(attrs=INPUT))
    description = forms.CharField(
        label=_("Description (optional)"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    items = ItemChoiceField(
        label=_("Guideline items this goal serves"),
        queryset=Item.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Search the guidelines below and tick the commitments, action points or "
            "checklist items the goal serves."
        ),
    )
    item_q = forms.CharField(
        label=_("Search the guidelines"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={**INPUT, "type": "search"}),
    )

    def __init__(
        self,
        *args: Any,
        choices: list[Item],
        edition: EditionChoiceField | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.item_choices = choices
        if edition is not None:
            # Several guidelines loaded: the search looks in the one chosen here.
            edition.help_text = _("The search below looks in these guidelines.")
            self.fields["edition"] = edition
            self.order_fields(["title", "description", "edition", "item_q", "items"])
        filterable(self.fields["items"], _("Type to narrow the items listed"))
        self.fields["items"].queryset = Item.objects.filter(  # type: ignore[attr-defined]
            pk__in=[choice.pk for choice in choices]
        ).order_by("position")


# --- activities ------------------------------------------------------------------------


class ActivityForm(VersionedFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Activity"), max_length=300, widget=forms.TextInput(attrs=INPUT)
    )
    owner = PersonChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
        widget=forms.Select(attrs=INPUT),
    )
    due_date = forms.DateField(
        label=_("Due date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={**INPUT, "type": "date"}),
        error_messages={"invalid": _("Give the date as YYYY-MM-DD.")},
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ActivityStatus.choices, widget=forms.Select(attrs=INPUT)
    )
    drop_reason = forms.CharField(
        label=_("Why it was dropped (if dropped)"),
        required=False,
        widget=forms.Textarea(attrs={**INPUT, "rows": 2}),
    )
    notes = forms.CharField(
        label=_("Notes (optional)"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("status") == ActivityStatus.DROPPED
            and not (data.get("drop_reason") or "").strip()
        ):
            self.add_error("drop_reason", _("Say why the activity was dropped."))
        return data


class ProgressForm(forms.Form):
    text = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ActivityStatus.choices, widget=forms.Select(attrs=INPUT)
    )
    drop_reason = forms.CharField(
        label=_("Why it was dropped (if dropped)"),
        required=False,
        widget=forms.Textarea(attrs={**INPUT, "rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("status") == ActivityStatus.DROPPED
            and not (data.get("drop_reason") or "").strip()
        ):
            self.add_error("drop_reason", _("Say why the activity was dropped."))
        return data


class EvidenceForm(forms.Form):
    # The file comes first: a body cut off in transit then loses the file and the text
    # together, never the file alone (and core/whole_uploads.py refuses it anyway).
    file = forms.FileField(
        label=_("File (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "ds-input"}),
        help_text=_("PDF, PNG, JPEG, TXT, CSV, DOCX, XLSX or PPTX, up to 10 MB."),
    )
    text = forms.CharField(
        label=_("Text (or a description of the link or file)"),
        required=False,
        widget=forms.Textarea(attrs={**INPUT, "rows": 2}),
    )
    url = forms.URLField(
        label=_("Link (optional)"),
        required=False,
        max_length=1000,
        assume_scheme="https",
        widget=forms.URLInput(attrs=INPUT),
        error_messages={"invalid": _("Give a full web address, starting with https://.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not data.get("url") and not data.get("file"):
            raise forms.ValidationError(_("Write a text, give a link or choose a file."))
        return data


class ActivityFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={**INPUT, "type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ActivityStatus.choices],
        widget=forms.Select(attrs=INPUT),
    )
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All units"),
        widget=forms.Select(attrs=INPUT),
    )
    year = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=INPUT),
    )
    mine = forms.BooleanField(label=_("Only mine"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["year"].choices = [("", _("Any year")), *[(y, y) for y in years]]  # type: ignore[attr-defined]


# --- indicators ------------------------------------------------------------------------


class IndicatorForm(VersionedFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Indicator"), max_length=300, widget=forms.TextInput(attrs=INPUT)
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=IndicatorKind.choices, widget=forms.Select(attrs=INPUT)
    )
    unit_of_measure = forms.CharField(
        label=_("Unit of measure"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("What is counted, e.g. people, meetings, per cent. Needed for numbers."),
    )
    description = forms.CharField(
        label=_("How it is measured (optional)"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    dimensions = forms.ModelMultipleChoiceField(
        label=_("Also break the figures down by"),
        queryset=Dimension.objects.filter(always=False),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Gender is always one of them. Each dimension you add is reported on its "
            "own, not in combination with the others."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("kind") == IndicatorKind.QUANTITATIVE
            and not (data.get("unit_of_measure") or "").strip()
        ):
            self.add_error(
                "unit_of_measure",
                _("Say what is counted (the unit of measure), for example people or meetings."),
            )
        return data


AMOUNT_FIELD: dict[str, Any] = {
    "required": False,
    "max_digits": 14,
    "decimal_places": 2,
    "min_value": Decimal(0),
    "error_messages": {
        "invalid": _("Give a number, e.g. 12 or 12.5."),
        "min_value": _("The number cannot be negative."),
        "max_digits": _("The number is too large."),
        "max_decimal_places": _("Use at most two decimals."),
    },
}


class IndicatorValueForm(VersionedFormMixin, forms.Form):
    """A period's value; for numbers, one field per category of each chosen dimension."""

    period = forms.CharField(
        label=_("Period"),
        max_length=7,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("A year (2026), a half year (2026-H1) or a quarter (2026-Q3)."),
    )
    baseline = forms.DecimalField(
        label=_("Baseline"),
        widget=forms.NumberInput(attrs={**INPUT, "step": "any"}),
        **AMOUNT_FIELD,
    )
    target = forms.DecimalField(
        label=_("Target"), widget=forms.NumberInput(attrs={**INPUT, "step": "any"}), **AMOUNT_FIELD
    )
    actual = forms.DecimalField(
        label=_("Actual"), widget=forms.NumberInput(attrs={**INPUT, "step": "any"}), **AMOUNT_FIELD
    )
    baseline_text = forms.CharField(
        label=_("Baseline"), required=False, widget=forms.Textarea(attrs={**INPUT, "rows": 2})
    )
    target_text = forms.CharField(
        label=_("Target"), required=False, widget=forms.Textarea(attrs={**INPUT, "rows": 2})
    )
    actual_text = forms.CharField(
        label=_("Actual"), required=False, widget=forms.Textarea(attrs={**INPUT, "rows": 2})
    )
    disaggregation_note = forms.CharField(
        label=_("Why the breakdown does not add up to the actual (if it does not)"),
        required=False,
        widget=forms.Textarea(attrs={**INPUT, "rows": 2}),
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.groups: list[tuple[Dimension, list[tuple[Category, str]]]] = []
        if indicator.is_quantitative:
            for name in ("baseline_text", "target_text", "actual_text"):
                del self.fields[name]
            for dimension in indicator.dimensions.all():
                names = []
                for category in dimension.categories.all():
                    name = f"cat_{category.pk}"
                    self.fields[name] = forms.DecimalField(
                        label=category.name,
                        widget=forms.NumberInput(attrs={**INPUT, "step": "any"}),
                        **AMOUNT_FIELD,
                    )
                    names.append((category, name))
                self.groups.append((dimension, names))
        else:
            for name in ("baseline", "target", "actual", "disaggregation_note"):
                del self.fields[name]

    def plain_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("cat_")]

    def grouped_fields(self) -> list[tuple[Dimension, list[forms.BoundField]]]:
        return [(dimension, [self[name] for _c, name in names]) for dimension, names in self.groups]

    def figures(self) -> dict[Category, Decimal | None]:
        return {
            category: self.cleaned_data.get(name)
            for _dimension, names in self.groups
            for category, name in names
        }

    def clean_period(self) -> str:
        return (self.cleaned_data.get("period") or "").strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        for problem in services.value_problems(
            indicator=self.indicator,
            period=data.get("period", ""),
            actual=data.get("actual"),
            figures=self.figures(),
            note=data.get("disaggregation_note", ""),
        ):
            self.add_error(None, problem)
        return data


# --- checklist -------------------------------------------------------------------------


class ChecklistStartForm(DefaultUnitMixin, forms.Form):
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=None,
        widget=forms.Select(attrs=INPUT),
    )
    year = _year_field()

    def __init__(
        self, *args: Any, units: QuerySet[Unit], default_unit: Unit | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.default_unit = default_unit
        if not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year


class AnswerForm(VersionedFormMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=Answer.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={**INPUT, "rows": 2})
    )


NEW_GOAL = "new"


class AnswerToActivityForm(forms.Form):
    """Turn a "no" or "partly" into an activity: under a goal, or a new goal in a plan."""

    title = forms.CharField(
        label=_("Activity"), max_length=300, widget=forms.TextInput(attrs=INPUT)
    )
    place = forms.ChoiceField(label=_("Under which goal"), widget=forms.Select(attrs=INPUT))
    owner = PersonChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
        widget=forms.Select(attrs=INPUT),
    )
    due_date = forms.DateField(
        label=_("Due date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={**INPUT, "type": "date"}),
        error_messages={"invalid": _("Give the date as YYYY-MM-DD.")},
    )

    def __init__(
        self,
        *args: Any,
        goals: QuerySet[Goal],
        plans: QuerySet[WorkPlan],
        members: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.goals = {str(goal.pk): goal for goal in goals}
        self.plans = {str(plan.pk): plan for plan in plans}
        choices = [
            (
                f"plan-{pk}",
                _("A goal for this checklist item in “%(plan)s”") % {"plan": plan.display_title},
            )
            for pk, plan in self.plans.items()
        ]
        choices += [(f"goal-{pk}", goal.title) for pk, goal in self.goals.items()]
        self.fields["place"].choices = choices  # type: ignore[attr-defined]
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]

    def target(self) -> tuple[Goal | None, WorkPlan | None]:
        place = self.cleaned_data["place"]
        kind, _sep, pk = place.partition("-")
        if kind == "goal":
            return self.goals[pk], None
        return None, self.plans[pk]


class CompareForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs=INPUT),
    )
    first = _year_field(_("From year"))
    last = _year_field(_("To year"))

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if first and last and first > last:
            self.add_error("last", _("The last year must be the same as or after the first."))
        if first and last and last - first > 10:
            self.add_error("last", _("Compare at most eleven years at a time."))
        return data


class YearForm(forms.Form):
    year = _year_field()


# --- import and export -----------------------------------------------------------------


class ExportForm(forms.Form):
    FORMATS = [("xlsx", _("Excel")), ("csv", _("CSV"))]
    WHAT = [
        ("plans", _("Plans")),
        ("activities", _("Activities")),
        ("values", _("Indicator values")),
    ]
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, widget=forms.Select(attrs=INPUT))
    what = forms.ChoiceField(
        label=_("What (for CSV)"), choices=WHAT, required=False, widget=forms.Select(attrs=INPUT)
    )
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All units"),
        widget=forms.Select(attrs=INPUT),
    )
    year = _year_field(required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "ds-input", "accept": ".xlsx"}),
        error_messages={"required": _("Choose the file to upload.")},
    )

"""Forms: a unit's event, a global event, the calendar's filters and a reminder."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wpsdesk.civil_society.forms import CLASSIFICATIONS, clean_country
from wpsdesk.core.concurrency import VersionedFormMixin
from wpsdesk.organisation.models import Classification, Unit

from . import sources
from .models import MAX_DAYS_BEFORE, Forum, GlobalEvent, UnitEvent


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "ds-checkbox")
        elif not isinstance(field.widget, forms.HiddenInput):
            field.widget.attrs.setdefault("class", "ds-input")


class UnitEventForm(VersionedFormMixin, forms.ModelForm):
    """One event of a unit; the unit is chosen only when adding one."""

    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=gettext_lazy("Unit"), empty_label=None
    )
    classification = forms.ChoiceField(
        label=gettext_lazy("Who may read it"),
        choices=CLASSIFICATIONS,
        initial=Classification.INTERNAL,
        help_text=gettext_lazy(
            "A restricted event shows as “Restricted event” in calendar feeds and e-mails."
        ),
    )
    classification_reason = forms.CharField(
        label=gettext_lazy("Why it may be read more widely (when lowering)"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Only the unit lead may lower a classification."),
    )

    class Meta:
        model = UnitEvent
        fields = ["title", "date", "kind", "country", "forum", "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
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
        self.fields["title"].widget.attrs["autofocus"] = True
        self.fields["country"].widget.attrs.update({"maxlength": 2, "size": 3})
        self.fields["title"].error_messages["required"] = _("Give the event a title.")
        self.fields["date"].error_messages["required"] = _("Give the event's date.")
        self.fields["date"].error_messages["invalid"] = _(
            "Give the date as year-month-day, e.g. 2026-10-31."
        )

    def clean_country(self) -> str:
        return clean_country(self.cleaned_data.get("country", ""))

    def clean_unit(self) -> Unit | None:
        return self.cleaned_data.get("unit") or self.default_unit

    def clean_title(self) -> str:
        title = " ".join((self.cleaned_data.get("title") or "").split())
        if not title:
            raise forms.ValidationError(_("Give the event a title."))
        return title

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class GlobalEventForm(VersionedFormMixin, forms.ModelForm):
    """A global event: its forum, a fixed date or the dates set for each year."""

    url = forms.URLField(label=gettext_lazy("web page"), required=False, assume_scheme="https")
    dates_text = forms.CharField(
        label=gettext_lazy("Dates set per year"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "One date a line, as year-month-day (2026-10-27). A year with a date set here "
            "ignores the fixed date."
        ),
    )

    class Meta:
        model = GlobalEvent
        fields = ["name", "forum", "description", "month", "day", "url", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["dates_text"].initial = "\n".join(
                d.date.isoformat() for d in self.instance.dates.all()
            )
        _style(self)
        self.fields["name"].error_messages["required"] = _("Give the event's name.")

    def clean_dates_text(self) -> list[dt.date]:
        dates = []
        for line in (self.cleaned_data.get("dates_text") or "").splitlines():
            text = line.strip()
            if not text:
                continue
            try:
                dates.append(dt.date.fromisoformat(text))
            except ValueError:
                raise forms.ValidationError(
                    _("“%(text)s” is not a date. Write it as year-month-day, e.g. 2026-10-27.")
                    % {"text": text[:40]}
                ) from None
        return dates

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        month, day = data.get("month"), data.get("day")
        if bool(month) != bool(day):
            raise forms.ValidationError(_("Give both the month and the day, or neither."))
        if month and day:
            try:
                dt.date(2024, month, day)  # a leap year: 29 February is allowed
            except ValueError:
                self.add_error("day", _("That month has no such day."))
        if not (month and day) and not data.get("dates_text"):
            raise forms.ValidationError(_("Give a fixed date, or at least one date in a year."))
        return data

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "dates_text"}


class CalendarFilterForm(forms.Form):
    """The month and list views' filters (GET)."""

    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("All units"),
    )
    country = forms.CharField(
        label=gettext_lazy("Country (ISO code)"),
        required=False,
        max_length=2,
        widget=forms.TextInput(attrs={"size": 3}),
    )
    forum = forms.ChoiceField(
        label=gettext_lazy("Forum"),
        required=False,
        choices=[("", gettext_lazy("All forums")), *Forum.choices],
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind of date"), required=False, choices=[])

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            ("", _("All kinds")),
            *((kind.code, kind.label) for kind in sources.kinds()),
        ]
        _style(self)

    def clean_country(self) -> str:
        return clean_country(self.cleaned_data.get("country", ""))


class ReminderForm(forms.Form):
    """How many days before an entry (or every entry of a kind) to be reminded."""

    kind = forms.CharField(widget=forms.HiddenInput)
    entry_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=120)
    entry_title = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    days_before = forms.IntegerField(
        label=gettext_lazy("Remind me this many days before"),
        min_value=0,
        max_value=MAX_DAYS_BEFORE,
        error_messages={
            "required": gettext_lazy("Say how many days before to remind you."),
            "invalid": gettext_lazy("Give a whole number of days."),
            "min_value": gettext_lazy("Choose 0 (on the day) or more days."),
            "max_value": gettext_lazy("Choose at most 90 days."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_kind(self) -> str:
        code = self.cleaned_data.get("kind") or ""
        if code not in {kind.code for kind in sources.kinds()}:
            raise forms.ValidationError(_("This is not a kind of date the calendar knows."))
        return code

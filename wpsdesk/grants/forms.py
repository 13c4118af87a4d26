"""Forms: one grant, its amounts, the list's filters, the needs analysis, grantee reports,
dialogues and best practice. Errors are in plain words; nothing is written from a bad form."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wpsdesk.civil_society.forms import CLASSIFICATIONS, clean_country
from wpsdesk.civil_society.models import Organisation
from wpsdesk.core.concurrency import VersionedFormMixin
from wpsdesk.core.pickers import filterable
from wpsdesk.engagements.forms import items_for_codes
from wpsdesk.engagements.models import Engagement
from wpsdesk.organisation.models import Classification, Unit

from .models import (
    BestPractice,
    Channel,
    GenderMarker,
    Grant,
    GrantReport,
    Integration,
    NeedsGroup,
    Priority,
)

INPUT = {"class": "ds-input"}
AMOUNT_LINE = re.compile(r"^(\d{4})\s+([\d\s.,]+?)\s*([A-Za-z]{3})?(?:\s+([\d\s.,]+))?$")


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            field.widget.attrs.setdefault("class", "ds-checkbox")
        elif isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs.setdefault("class", "ds-radio")
        elif not isinstance(field.widget, forms.HiddenInput):
            field.widget.attrs.setdefault("class", "ds-input")


def parse_money(text: str) -> Decimal:
    """A non-negative amount written with or without thousands separators (1 250 000,50)."""
    cleaned = re.sub(r"[\s ]", "", text or "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(_("“%(value)s” is not an amount") % {"value": text.strip()}) from exc
    if value < 0 or value != value.quantize(Decimal("0.01")):
        raise ValueError(_("“%(value)s” is not an amount") % {"value": text.strip()})
    return value


def parse_amounts(text: str) -> list[tuple[int, Decimal, str, Decimal]]:
    """One amount a line: year, amount, currency, NOK equivalent (NOK may leave it out)."""
    rows = []
    problems = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = AMOUNT_LINE.match(line)
        if not match:
            problems.append(
                _("Line %(n)d: write year, amount, currency and NOK, e.g. 2025 500000 USD 5250000.")
                % {"n": number}
            )
            continue
        year, amount_text, currency, nok_text = match.groups()
        currency = (currency or "NOK").upper()
        try:
            amount = parse_money(amount_text)
            if nok_text:
                nok = parse_money(nok_text)
            elif currency == "NOK":
                nok = amount
            else:
                raise ValueError(
                    _("give the NOK equivalent of %(currency)s") % {"currency": currency}
                )
        except ValueError as exc:
            problems.append(_("Line %(n)d: %(problem)s.") % {"n": number, "problem": exc})
            continue
        if not 1990 <= int(year) <= 2100:
            problems.append(
                _("Line %(n)d: the year %(year)s is out of range.") % {"n": number, "year": year}
            )
            continue
        rows.append((int(year), amount, currency, nok))
    if problems:
        raise forms.ValidationError(problems)
    return rows


def amounts_text(grant: Grant) -> str:
    return "\n".join(
        f"{a.year} {a.amount.normalize():f} {a.currency} {a.nok.normalize():f}"
        for a in grant.amounts.all()
    )


class GrantForm(VersionedFormMixin, forms.ModelForm):
    """Everything about one grant on one page; the unit is chosen only when registering one."""

    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=gettext_lazy("Managing unit"), empty_label=None
    )
    amount_lines = forms.CharField(
        label=gettext_lazy("Agreed amounts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "One line a year and currency: year, amount, currency, NOK equivalent, "
            "e.g. 2025 500000 USD 5250000. For NOK the last figure may be left out."
        ),
    )
    serves_codes = forms.CharField(
        label=gettext_lazy("Catalogue items it serves"),
        required=False,
        help_text=gettext_lazy(
            "Guideline codes separated by spaces, e.g. P1.C.5 CL.1 (shown in the guidelines)."
        ),
    )
    group_codes = forms.MultipleChoiceField(
        label=gettext_lazy("Groups the needs analysis names"),
        required=False,
        choices=NeedsGroup.choices,
        widget=forms.CheckboxSelectMultiple,
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
        model = Grant
        fields = [
            "agreement_number",
            "title",
            "partner",
            "multilateral_partner",
            "channel",
            "budget_chapter",
            "budget_item",
            "start_date",
            "end_date",
            "country",
            "region",
            "priority",
            "gender_marker",
            "humanitarian",
            "age_marker",
            "wps_relevant",
            "needs_analysis_date",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "needs_analysis_date": forms.DateInput(attrs={"type": "date"}),
            "gender_marker": forms.RadioSelect,
        }

    def __init__(
        self,
        *args: Any,
        units: list[Unit],
        partners: QuerySet[Organisation],
        default_unit: Unit | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.default_unit = default_unit or (units[0] if units else None)
        self.fields["unit"].required = False
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in units]
        ).order_by("name")
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
        filterable(self.fields["partner"], _("Type to narrow the list of organisations"))
        self.fields["partner"].error_messages["invalid_choice"] = _(
            "Choose one of the organisations in the list."
        )
        self.fields["gender_marker"].choices = GenderMarker.choices  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["unit"]
            self.fields["serves_codes"].initial = " ".join(
                sorted(item.code for item in self.instance.serves.all())
            )
            self.fields["amount_lines"].initial = amounts_text(self.instance)
            self.fields["group_codes"].initial = self.instance.needs_group_codes
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
        self.fields["agreement_number"].widget.attrs["autofocus"] = True
        self.fields["country"].widget.attrs.update({"maxlength": 2, "size": 3})
        self.fields["agreement_number"].error_messages["unique"] = _(
            "A grant with this agreement number is already registered."
        )
        self.fields["title"].error_messages["required"] = _("Give the grant's title.")
        self.fields["gender_marker"].error_messages["required"] = _(
            "Choose the gender equality policy marker (0, 1 or 2)."
        )
        self.served: list[Any] = []
        self.amounts: list[tuple[int, Decimal, str, Decimal]] = []

    def clean_country(self) -> str:
        return clean_country(self.cleaned_data.get("country", ""))

    def clean_unit(self) -> Unit | None:
        return self.cleaned_data.get("unit") or self.default_unit

    def clean_agreement_number(self) -> str:
        return (self.cleaned_data.get("agreement_number") or "").strip()

    def clean_serves_codes(self) -> str:
        text = self.cleaned_data.get("serves_codes", "")
        items, unknown = items_for_codes(text)
        if unknown:
            raise forms.ValidationError(
                _("Unknown guideline codes: %(codes)s.") % {"codes": " ".join(unknown)}
            )
        self.served = items
        return text

    def clean_amount_lines(self) -> str:
        text = self.cleaned_data.get("amount_lines", "")
        self.amounts = parse_amounts(text)
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("partner") and not (data.get("multilateral_partner") or "").strip():
            self.add_error(
                "partner",
                _(
                    "Choose the partner from the civil-society map, "
                    "or name the multilateral partner."
                ),
            )
        if not data.get("country") and not (data.get("region") or "").strip():
            self.add_error("country", _("Give the country, or the region for a regional grant."))
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The agreement cannot end before it starts."))
        if data.get("age_marker") is not None and not data.get("humanitarian"):
            self.add_error(
                "age_marker", _("The Gender with Age Marker is for humanitarian grants only.")
            )
        return data

    def values(self) -> dict[str, Any]:
        """What the service writes."""
        data = {
            name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data
        }
        data["needs_analysis_groups"] = " ".join(self.cleaned_data.get("group_codes") or [])
        if "classification" in self.cleaned_data:
            data["classification"] = self.cleaned_data["classification"]
        return data


class GrantFilterForm(forms.Form):
    """The list's search and filters (GET); the export takes the same."""

    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={**INPUT, "type": "search"}),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        min_value=1990,
        max_value=2100,
        widget=forms.NumberInput(attrs={**INPUT, "size": 5}),
    )
    country = forms.CharField(
        label=gettext_lazy("Country"),
        required=False,
        max_length=2,
        widget=forms.TextInput(attrs={**INPUT, "size": 3}),
    )
    priority = forms.TypedChoiceField(
        label=gettext_lazy("Thematic priority"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", gettext_lazy("All priorities")), *Priority.choices],
        widget=forms.Select(attrs=INPUT),
    )
    gender_marker = forms.TypedChoiceField(
        label=gettext_lazy("Gender marker"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", gettext_lazy("Any marker")), *GenderMarker.choices],
        widget=forms.Select(attrs=INPUT),
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"),
        required=False,
        choices=[("", gettext_lazy("Any channel")), *Channel.choices],
        widget=forms.Select(attrs=INPUT),
    )
    wps_relevant = forms.ChoiceField(
        label=gettext_lazy("WPS relevant"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            ("yes", gettext_lazy("Yes")),
            ("no", gettext_lazy("No")),
        ],
        widget=forms.Select(attrs=INPUT),
    )
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        label=gettext_lazy("Unit"),
        required=False,
        empty_label=gettext_lazy("All units"),
        widget=forms.Select(attrs=INPUT),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        else:
            del self.fields["unit"]

    def clean_country(self) -> str:
        return clean_country(self.cleaned_data.get("country", ""))


class NeedsAnalysisForm(forms.Form):
    """The grantee's intersectional needs analysis: the file, when it came, whom it names."""

    file = forms.FileField(
        label=gettext_lazy("Needs analysis (PDF, Word, text…)"),
        widget=forms.ClearableFileInput(attrs={"class": "ds-input"}),
        help_text=gettext_lazy("Author names and other metadata are removed before it is kept."),
    )
    received = forms.DateField(
        label=gettext_lazy("Received"),
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}),
    )
    groups = forms.MultipleChoiceField(
        label=gettext_lazy("Groups it names"),
        required=False,
        choices=NeedsGroup.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-checkbox"}),
    )


class ReportDueForm(forms.Form):
    """A report the grant owes."""

    title = forms.CharField(
        label=gettext_lazy("Report"),
        max_length=200,
        widget=forms.TextInput(attrs=INPUT),
        help_text=gettext_lazy("E.g. Annual report 2025."),
        error_messages={"required": gettext_lazy("Name the report, e.g. Annual report 2025.")},
    )
    due_date = forms.DateField(
        label=gettext_lazy("Due"),
        widget=forms.DateInput(attrs={"type": "date", **INPUT}),
        error_messages={"required": gettext_lazy("Give the date the report is due.")},
    )


class ReportReceivedForm(VersionedFormMixin, forms.ModelForm):
    """The report received, its file and the unit's assessment of WPS integration."""

    file = forms.FileField(
        label=gettext_lazy("Report file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "ds-input"}),
        help_text=gettext_lazy("Author names and other metadata are removed before it is kept."),
    )

    class Meta:
        model = GrantReport
        fields = [
            "title",
            "due_date",
            "received_on",
            "planning",
            "implementation",
            "evaluation",
            "assessment",
        ]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "received_on": forms.DateInput(attrs={"type": "date"}),
            "assessment": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("planning", "implementation", "evaluation"):
            self.fields[name].choices = [("", _("Not assessed")), *Integration.choices]  # type: ignore[attr-defined]
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assessed = any(data.get(n) for n in ("planning", "implementation", "evaluation"))
        if assessed and not data.get("received_on"):
            self.add_error(
                "received_on", _("Give the date the report was received before assessing it.")
            )
        received = data.get("received_on")
        if received and received > dt.date.today() + dt.timedelta(days=1):
            self.add_error("received_on", _("The date received cannot be in the future."))
        return data


class EngagementLinkForm(forms.Form):
    """A dialogue with the grant recipient."""

    engagement: forms.ModelChoiceField[Engagement] = forms.ModelChoiceField(
        queryset=Engagement.objects.none(),
        label=gettext_lazy("Engagement"),
        widget=forms.Select(attrs=INPUT),
    )

    def __init__(self, *args: Any, engagements: QuerySet[Engagement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["engagement"].queryset = engagements  # type: ignore[attr-defined]
        self.fields["engagement"].error_messages["invalid_choice"] = _(
            "Choose one of the engagements in the list."
        )


class PracticeForm(VersionedFormMixin, forms.ModelForm):
    """A best-practice note with the grants and catalogue items it belongs to."""

    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=gettext_lazy("Unit"), empty_label=None, required=False
    )
    grant_choices = forms.ModelMultipleChoiceField(
        queryset=Grant.objects.none(),
        label=gettext_lazy("Grants"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    serves_codes = forms.CharField(
        label=gettext_lazy("Catalogue items it serves"),
        required=False,
        help_text=gettext_lazy("Guideline codes separated by spaces, e.g. P3.C.2 CL.4."),
    )

    class Meta:
        model = BestPractice
        fields = ["title", "source", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}

    def __init__(
        self, *args: Any, units: list[Unit], grants: QuerySet[Grant], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in units]
        ).order_by("name")
        self.default_unit = units[0] if units else None
        self.fields["grant_choices"].queryset = grants  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["unit"]
            self.fields["grant_choices"].initial = [g.pk for g in self.instance.grants.all()]
            self.fields["serves_codes"].initial = " ".join(
                sorted(item.code for item in self.instance.serves.all())
            )
        elif len(units) == 1:
            self.fields["unit"].widget = forms.HiddenInput()
            self.fields["unit"].initial = units[0].pk
        _style(self)
        self.served: list[Any] = []

    def clean_unit(self) -> Unit | None:
        return self.cleaned_data.get("unit") or self.default_unit

    def clean_serves_codes(self) -> str:
        text = self.cleaned_data.get("serves_codes", "")
        items, unknown = items_for_codes(text)
        if unknown:
            raise forms.ValidationError(
                _("Unknown guideline codes: %(codes)s.") % {"codes": " ".join(unknown)}
            )
        self.served = items
        return text


class PracticeSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={**INPUT, "type": "search"}),
    )

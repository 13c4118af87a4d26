"""Forms: a process, the list's filters, an analysis and its version, an inclusion entry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wpsdesk.catalogue.countries import COUNTRIES
from wpsdesk.catalogue.country_field import CountryField
from wpsdesk.catalogue.models import Item
from wpsdesk.core.concurrency import VersionedFormMixin
from wpsdesk.engagements.forms import items_for_codes
from wpsdesk.engagements.models import Engagement
from wpsdesk.organisation.models import Classification, Unit
from wpsdesk.screening.models import ScreenedDocument

from .models import (
    ActorKind,
    Agreement,
    AnalysisVersion,
    Clause,
    ClauseStatus,
    NorwayRole,
    PeaceProcess,
    Phase,
    Stance,
    StrategyObjective,
)
from .services import normalise_countries


def _styled(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            continue
        field.widget.attrs.setdefault("class", "ds-input")


def clean_country_list(raw: str) -> str:
    """ "co, ve" as "CO,VE"; an unknown code is named in the error."""
    codes = normalise_countries(raw or "")
    unknown = [c for c in codes.split(",") if c and c not in COUNTRIES]
    if unknown:
        raise forms.ValidationError(
            _("“%(codes)s” is not a country code. Use two letters, e.g. CO for Colombia.")
            % {"codes": ", ".join(unknown)}
        )
    return codes


class ProcessFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    phase = forms.ChoiceField(
        label=gettext_lazy("Phase"),
        required=False,
        choices=[("", gettext_lazy("All")), *Phase.choices],
    )
    country = CountryField(required=False)
    role = forms.ChoiceField(
        label=gettext_lazy("Norway's role"),
        required=False,
        choices=[("", gettext_lazy("All")), *NorwayRole.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class ProcessForm(VersionedFormMixin, forms.ModelForm):
    """A process: what it is, where, its phase and Norway's role, who leads and contributes."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("Lead unit"))
    phase_since = forms.DateField(
        label=gettext_lazy("Phase since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("When the process entered the phase; today if left empty."),
    )
    classification_reason = forms.CharField(
        label=gettext_lazy("Why the classification is lowered"),
        required=False,
        max_length=300,
    )

    class Meta:
        model = PeaceProcess
        fields = [
            "name",
            "countries",
            "phase",
            "norway_role",
            "parties",
            "other_actors",
            "summary",
            "contributing_units",
            "classification",
        ]
        widgets = {
            "parties": forms.Textarea(attrs={"rows": 3}),
            "other_actors": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "contributing_units": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, units: list[Unit], all_units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in units]
        )
        # Left empty on a new process, the current unit leads it.
        self.fields["unit"].required = False
        self.fields["contributing_units"].queryset = all_units  # type: ignore[attr-defined]
        self.fields["classification"].choices = Classification.choices  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["unit"].disabled = True
            self.fields["unit"].initial = self.instance.unit_id
        _styled(self)

    def clean_countries(self) -> str:
        return clean_country_list(self.cleaned_data.get("countries", ""))

    def clean_name(self) -> str:
        name = " ".join((self.cleaned_data.get("name") or "").split())
        if not name:
            raise forms.ValidationError(_("Give the process a name."))
        return name


class AnalysisForm(forms.Form):
    """Start an analysis: its title, the unit it is written in, and its classification."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("Written by"))
    classification = forms.ChoiceField(
        label=gettext_lazy("Classification"), choices=Classification.choices
    )

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in units]
        )
        _styled(self)


class VersionForm(VersionedFormMixin, forms.ModelForm):
    """A draft version: date, authors, sources, use, and one answer per question."""

    class Meta:
        model = AnalysisVersion
        fields = ["analysed_on", "authors", "sources", "used_in"]
        widgets = {
            "analysed_on": forms.DateInput(attrs={"type": "date"}),
            "sources": forms.Textarea(attrs={"rows": 3}),
            "used_in": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, questions: list[Item], answers: dict[int, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for item in questions:
            self.fields[f"answer_{item.pk}"] = forms.CharField(
                label=f"{item.code} {item.text}",
                required=False,
                initial=answers.get(item.pk, ""),
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        _styled(self)

    def answers(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"answer_{item.pk}", "") for item in self.questions}

    def answer_fields(self) -> list[forms.BoundField]:
        return [self[f"answer_{item.pk}"] for item in self.questions]

    def meta_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.Meta.fields]


class ActorForm(forms.Form):
    """One actor of a version; a row left without a name is skipped."""

    name = forms.CharField(label=gettext_lazy("Actor"), max_length=200, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ActorKind.choices)
    represents = forms.CharField(
        label=gettext_lazy("Whom they represent"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    delegation_inclusiveness = forms.CharField(
        label=gettext_lazy("How inclusive their delegation is"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    gender_standpoint = forms.CharField(
        label=gettext_lazy("Standpoint on gender equality and women's rights"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    stance = forms.ChoiceField(
        label=gettext_lazy("Agent of change or spoiler"),
        choices=Stance.choices,
        initial=Stance.UNKNOWN,
    )
    gendered_risks = forms.CharField(
        label=gettext_lazy("Gendered risks of violence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    protection_needed = forms.CharField(
        label=gettext_lazy("Protection needed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


ActorFormSet = forms.formset_factory(ActorForm, extra=1, max_num=100, validate_max=True)


class InclusionForm(VersionedFormMixin, forms.Form):
    """The assessment of one group in one process."""

    assessment = forms.CharField(
        label=gettext_lazy("Assessment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    gaps = forms.CharField(
        label=gettext_lazy("Gaps"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    consultations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Consultations held"),
        queryset=Engagement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Engagements of the process where the group was consulted."),
    )

    def __init__(self, *args: Any, engagements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consultations"].queryset = engagements  # type: ignore[attr-defined]
        _styled(self)


class ActivityFromGapForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Activity"), max_length=300)
    due_date = forms.DateField(
        label=gettext_lazy("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class ObjectiveForm(VersionedFormMixin, forms.ModelForm):
    """One objective of a process's WPS strategy, and the commitments it serves."""

    serves_codes = forms.CharField(
        label=gettext_lazy("Commitments it serves"),
        required=False,
        help_text=gettext_lazy(
            "Guideline codes separated by spaces, e.g. P1.C.5 P1.C.7 (the codes are shown in "
            "the guidelines)."
        ),
    )

    class Meta:
        model = StrategyObjective
        fields = ["objective", "agreement", "approach", "responsible", "review_on", "progress"]
        widgets = {
            "review_on": forms.DateInput(attrs={"type": "date"}),
            "progress": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, members: Any, agreements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = members  # type: ignore[attr-defined]
        # Empty: the process's own strategy; an agreement: the strategy for implementing it.
        self.fields["agreement"].queryset = agreements  # type: ignore[attr-defined]
        self.fields["agreement"].empty_label = _("The process as a whole")  # type: ignore[attr-defined]
        self.fields["agreement"].label = _("Strategy for")
        if self.instance.pk:
            self.fields["serves_codes"].initial = " ".join(
                item.code for item in self.instance.serves.order_by("position")
            )
        _styled(self)

    def clean_serves_codes(self) -> list[Item]:
        items, unknown = items_for_codes(self.cleaned_data.get("serves_codes", ""))
        if unknown:
            raise forms.ValidationError(
                _("These codes are not in the current guidelines: %(codes)s.")
                % {"codes": ", ".join(unknown)}
            )
        return items


# --- agreements and clauses --------------------------------------------------------------


class AgreementForm(VersionedFormMixin, forms.ModelForm):
    """An agreement and its text: a document already screened, a file or a pasted text."""

    existing_document: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=ScreenedDocument.objects.none(),
        required=False,
        label=gettext_lazy("Its text: a document already screened"),
        empty_label=gettext_lazy("None: upload or paste it below"),
    )
    file = forms.FileField(
        label=gettext_lazy("Or upload the text"),
        required=False,
        help_text=gettext_lazy("Text, PDF, Word (DOCX) or web page (HTML), up to 25 MB."),
    )
    text = forms.CharField(
        label=gettext_lazy("Or paste the text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "It is screened as a peace agreement; the WPS provisions found are offered as "
            "clauses to track."
        ),
    )

    class Meta:
        model = Agreement
        fields = ["title", "signed_on", "parties"]
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}),
            "parties": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["existing_document"].queryset = documents  # type: ignore[attr-defined]
        if self.instance.pk and self.instance.document_id:
            self.fields["existing_document"].initial = self.instance.document_id
        _styled(self)

    def clean_title(self) -> str:
        title = " ".join((self.cleaned_data.get("title") or "").split())
        if not title:
            raise forms.ValidationError(_("Give the agreement a title."))
        return title

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        given = [
            bool(data.get("existing_document")),
            bool(data.get("file")),
            bool((data.get("text") or "").strip()),
        ]
        if sum(given) > 1:
            raise forms.ValidationError(
                _("Give the text one way: a screened document, a file or a pasted text.")
            )
        return data


class ClauseForm(VersionedFormMixin, forms.ModelForm):
    """A clause tracked by hand, or the wording, theme and body of a tracked one."""

    class Meta:
        model = Clause
        fields = ["provision", "text", "theme", "responsible_body"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, themes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"] = forms.ChoiceField(
            label=_("Theme"),
            required=False,
            choices=[("", _("No theme")), *themes],
        )
        if self.instance.pk:
            # Where a tracked clause stands in the text is what the screening found.
            del self.fields["provision"]
        _styled(self)


class ClauseStatusForm(VersionedFormMixin, forms.Form):
    """A new entry in a clause's implementation history."""

    status = forms.ChoiceField(label=gettext_lazy("Implementation"), choices=ClauseStatus.choices)
    since = forms.DateField(
        label=gettext_lazy("Since"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    evidence = forms.CharField(
        label=gettext_lazy("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What shows it: a decree, a budget line, a report, a visit."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class SeatsForm(forms.Form):
    """The women's seats in one follow-up or monitoring mechanism on a date."""

    mechanism = forms.CharField(label=gettext_lazy("Committee or mechanism"), max_length=200)
    seats_total = forms.IntegerField(label=gettext_lazy("Seats"), min_value=1, max_value=1000)
    seats_women = forms.IntegerField(
        label=gettext_lazy("Seats held by women"), min_value=0, max_value=1000
    )
    as_of = forms.DateField(
        label=gettext_lazy("As of"), widget=forms.DateInput(attrs={"type": "date"})
    )
    clause = forms.ModelChoiceField(
        queryset=Clause.objects.none(),
        required=False,
        label=gettext_lazy("Set up by the clause"),
        empty_label=gettext_lazy("No particular clause"),
    )

    def __init__(self, *args: Any, clauses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clause"].queryset = clauses  # type: ignore[attr-defined]
        _styled(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        total, women = data.get("seats_total"), data.get("seats_women")
        if total is not None and women is not None and women > total:
            self.add_error("seats_women", _("Women cannot hold more seats than the mechanism has."))
        return data


class AnalysisFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    country = CountryField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class CountryAnalysisForm(AnalysisForm):
    """Start an analysis of a country (not of one process)."""

    country = CountryField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Left empty, the first unit the person may write in (the one offered first).
        self.fields["unit"].required = False

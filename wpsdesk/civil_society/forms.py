"""Forms: one organisation, the list's filters, and the links to other organisations and to
engagements."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wpsdesk.catalogue.countries import COUNTRIES
from wpsdesk.catalogue.country_field import CountryField
from wpsdesk.core.concurrency import VersionedFormMixin
from wpsdesk.engagements.models import Engagement
from wpsdesk.organisation.models import Classification, Unit

from .models import LinkKind, Organisation, OrganisationType, Scope, Stance, Theme

INPUT = {"class": "ds-input"}
CLASSIFICATIONS = [
    (Classification.INTERNAL, gettext_lazy("Internal (the unit, and HQ coordinators)")),
    (
        Classification.RESTRICTED,
        gettext_lazy("Restricted (unit members with restricted clearance)"),
    ),
]


def clean_country(value: str) -> str:
    """An ISO code in capitals, or empty; anything else is refused in plain words."""
    code = (value or "").strip().upper()
    if code and code not in COUNTRIES:
        raise forms.ValidationError(
            _("“%(code)s” is not a country code. Use two letters, e.g. CO for Colombia.")
            % {"code": value.strip()}
        )
    return code


class OrganisationForm(VersionedFormMixin, forms.ModelForm):
    """Everything about one organisation; the unit is chosen only when adding one."""

    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=gettext_lazy("Unit"), empty_label=None
    )
    theme_codes = forms.MultipleChoiceField(
        label=gettext_lazy("Themes"),
        required=False,
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("The guidelines' thematic priorities it works on."),
    )
    classification = forms.ChoiceField(
        label=gettext_lazy("Who may read it"),
        choices=CLASSIFICATIONS,
        initial=Classification.INTERNAL,
        help_text=gettext_lazy(
            "Restrict it when the organisation must not be seen to talk to Norway."
        ),
    )
    classification_reason = forms.CharField(
        label=gettext_lazy("Why it may be read more widely (when lowering)"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Only the unit lead may lower a classification."),
    )
    country = CountryField(
        required=False, help_text=gettext_lazy("Empty for an international organisation.")
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "scope",
            "kind",
            "country",
            "stance",
            "supported_by_norway",
            "who_they_are",
            "views",
            "represents",
            "challenges",
            "alliance_strategies",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("who_they_are", "views", "represents", "challenges", "alliance_strategies")
        }

    def __init__(
        self, *args: Any, units: list[Unit], default_unit: Unit | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.default_unit = default_unit or (units[0] if units else None)
        # Not required: without one the organisation goes to the unit the person works in.
        self.fields["unit"].required = False
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in units]
        ).order_by("name")
        if self.instance.pk:
            del self.fields["unit"]
            self.fields["theme_codes"].initial = self.instance.theme_codes
            self.fields["classification"].initial = self.instance.classification
            if self.instance.classification not in dict(CLASSIFICATIONS):
                # A strictly restricted organisation keeps its classification on this page.
                del self.fields["classification"]
                del self.fields["classification_reason"]
        else:
            del self.fields["classification_reason"]
            if default_unit is not None:
                self.fields["unit"].initial = default_unit.pk
            if len(units) == 1:
                self.fields["unit"].widget = forms.HiddenInput()
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", "ds-checkbox")
            elif not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("class", "ds-input")
            if name == "name":
                field.widget.attrs["autofocus"] = True
        self.fields["name"].error_messages["required"] = _("Give the organisation's name.")

    def clean_country(self) -> str:
        return clean_country(self.cleaned_data.get("country", ""))

    def clean_unit(self) -> Unit | None:
        return self.cleaned_data.get("unit") or self.default_unit

    def clean_name(self) -> str:
        name = " ".join((self.cleaned_data.get("name") or "").split())
        if not name:
            raise forms.ValidationError(_("Give the organisation's name."))
        return name

    def values(self) -> dict[str, Any]:
        """What the service writes: the model fields, the themes as codes, the classification."""
        data = dict(self.cleaned_data)
        data["themes"] = " ".join(sorted(data.pop("theme_codes", []) or []))
        return data


class OrganisationFilterForm(forms.Form):
    """The list's search and filters (GET); the export takes the same."""

    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={**INPUT, "type": "search"}),
    )
    country = CountryField(required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Type"),
        required=False,
        choices=[("", gettext_lazy("All types")), *OrganisationType.choices],
        widget=forms.Select(attrs=INPUT),
    )
    theme = forms.ChoiceField(
        label=gettext_lazy("Theme"),
        required=False,
        choices=[("", gettext_lazy("All themes")), *Theme.choices],
        widget=forms.Select(attrs=INPUT),
    )
    stance = forms.ChoiceField(
        label=gettext_lazy("Stance"),
        required=False,
        choices=[("", gettext_lazy("Any stance")), *Stance.choices],
        widget=forms.Select(attrs=INPUT),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Scope"),
        required=False,
        choices=[("", gettext_lazy("Any scope")), *Scope.choices],
        widget=forms.Select(attrs=INPUT),
    )

    def clean_country(self) -> str:
        return clean_country(self.cleaned_data.get("country", ""))


class LinkForm(forms.Form):
    """Another organisation as this one's partner in the country or its member."""

    other = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=gettext_lazy("Organisation"),
        widget=forms.Select(attrs=INPUT),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("It is this organisation's"),
        choices=LinkKind.choices,
        widget=forms.Select(attrs=INPUT),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs=INPUT),
    )

    def __init__(self, *args: Any, others: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = others  # type: ignore[attr-defined]
        self.fields["other"].error_messages["invalid_choice"] = _(
            "Choose one of the organisations in the list."
        )


class EngagementLinkForm(forms.Form):
    """An engagement held with the organisation."""

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

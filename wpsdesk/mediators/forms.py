"""Forms of the roster pages: filters, profile, contact data, requests, costs, allocations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wpsdesk.core.concurrency import VersionedFormMixin
from wpsdesk.core.pickers import filterable
from wpsdesk.organisation.models import Classification, Unit, User
from wpsdesk.processes.models import PeaceProcess

from .models import (
    Allocation,
    Availability,
    Deployment,
    Expertise,
    Language,
    Mediator,
    MediatorContact,
    Region,
    RequestStatus,
    pack_codes,
    unpack_codes,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _styled(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if not isinstance(field.widget, forms.CheckboxSelectMultiple):
            field.widget.attrs.setdefault("class", "ds-input")


def _any(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("Any")), *choices]


class RosterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    expertise = forms.ChoiceField(
        label=_("Expertise"), required=False, choices=_any(Expertise.choices)
    )
    languages = forms.ChoiceField(
        label=_("Language"), required=False, choices=_any(Language.choices)
    )
    regions = forms.ChoiceField(label=_("Region"), required=False, choices=_any(Region.choices))
    availability = forms.ChoiceField(
        label=_("Availability"), required=False, choices=_any(Availability.choices)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class MediatorForm(VersionedFormMixin, forms.ModelForm):
    """The profile, consent and review date; expertise, languages and regions as ticks."""

    expertise_codes = forms.MultipleChoiceField(
        label=_("Expertise"),
        required=False,
        choices=Expertise.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    language_codes = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    region_codes = forms.MultipleChoiceField(
        label=_("Regions"),
        required=False,
        choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    username = forms.CharField(
        label=_("Her user name in wpsdesk"),
        required=False,
        max_length=150,
        help_text=_("If she has an account: she may then see and correct her own contact data."),
    )

    class Meta:
        model = Mediator
        fields = [
            "name",
            "summary",
            "availability",
            "available_from",
            "consent_scope",
            "consent_given_on",
            "consent_method",
            "review_due",
        ]
        widgets = {
            "available_from": DATE,
            "consent_given_on": DATE,
            "review_due": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "consent_scope": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expertise_codes"].initial = unpack_codes(self.instance.expertise)
            self.fields["language_codes"].initial = unpack_codes(self.instance.languages)
            self.fields["region_codes"].initial = unpack_codes(self.instance.regions)
            if self.instance.user_id:
                self.fields["username"].initial = self.instance.user.get_username()
        _styled(self)

    def clean_username(self) -> User | None:
        name = (self.cleaned_data.get("username") or "").strip()
        if not name:
            return None
        user = User.objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("There is no active account with that user name."))
        if Mediator.objects.filter(user=user).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("That account is linked to another mediator already."))
        return user

    def values(self) -> dict[str, Any]:
        """What the service saves."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["expertise"] = pack_codes(self.cleaned_data["expertise_codes"])
        data["languages"] = pack_codes(self.cleaned_data["language_codes"])
        data["regions"] = pack_codes(self.cleaned_data["region_codes"])
        data["user"] = self.cleaned_data["username"]
        return data


class ContactForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = MediatorContact
        fields = ["email", "phone", "location", "notes"]
        widgets = {
            "email": forms.EmailInput(),
            "phone": forms.TextInput(),
            "location": forms.TextInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"] = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
        self.fields["phone"] = forms.CharField(label=_("Telephone"), required=False, max_length=40)
        self.fields["location"] = forms.CharField(
            label=_("Where she lives"),
            required=False,
            max_length=200,
            help_text=_("City and country are enough."),
        )
        _styled(self)


class RequestForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Requesting unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=None,
        help_text=_("Your current unit unless you choose another of yours."),
    )
    mediator = forms.ModelChoiceField(label=_("Mediator"), queryset=Mediator.objects.none())
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What she is asked to do, with whom, and why now."),
    )
    process = forms.ModelChoiceField(
        label=_("Peace process"),
        required=False,
        queryset=PeaceProcess.objects.none(),
        empty_label=_("None of these"),
        help_text=_("The processes you may open."),
    )
    peace_process = forms.CharField(
        label=_("Peace process, in words"),
        required=False,
        max_length=200,
        help_text=_("For a process not recorded in wpsdesk, or to say more."),
    )
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=[
            (Classification.INTERNAL, Classification.INTERNAL.label),
            (Classification.RESTRICTED, Classification.RESTRICTED.label),
        ],
        initial=Classification.INTERNAL,
    )

    def __init__(
        self, *args: Any, units: list[Unit], mediators: Any, processes: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        process_field: Any = self.fields["process"]
        process_field.queryset = processes
        filterable(process_field, _("Type to narrow the list of peace processes"))
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("name")
        self.default_unit = units[0]
        mediator_field: Any = self.fields["mediator"]
        mediator_field.queryset = mediators
        _styled(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("unit") and "unit" not in self.errors:
            data["unit"] = self.default_unit
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The last day cannot be before the first."))
        return data


class DecideForm(VersionedFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Decision"), choices=RequestStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class RequestFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_any(RequestStatus.choices)
    )
    unit = forms.ModelChoiceField(
        label=_("Requesting unit"),
        required=False,
        queryset=Unit.objects.filter(is_active=True).order_by("name"),
        empty_label=_("Any"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class DeploymentForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Deployment
        fields = ["start", "end", "travel_cost", "accommodation_cost", "paid_by", "after_action"]
        widgets = {"start": DATE, "end": DATE, "after_action": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The last day cannot be before the first."))
        return data


class AllocationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Allocation
        fields = ["year", "amount"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year: Any = self.fields["year"]
        year.max_value = 2100
        year.widget.attrs["max"] = 2100
        if self.instance.pk:
            year.disabled = True
        _styled(self)

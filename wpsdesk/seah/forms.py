"""Forms of the SEAH pages. Labels and help say what to leave out: no survivor names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wpsdesk.civil_society.models import Organisation
from wpsdesk.core.concurrency import VersionedFormMixin
from wpsdesk.grants.models import Grant
from wpsdesk.organisation.models import Membership, Unit

from .models import Category, Outcome, SeahReport
from .services import REPORT_FIELDS

DATE = {"type": "date"}
NO_NAMES = gettext_lazy(
    "Survivor-centred: do not enter names of survivors or witnesses. Write only what the "
    "unit needs to follow the case up with the partner."
)


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "ds-checkbox")
        elif not isinstance(field.widget, forms.HiddenInput):
            field.widget.attrs.setdefault("class", "ds-input")


class ReportForm(VersionedFormMixin, forms.ModelForm):
    """The report: received, concerning whom, what category, what the partner must do."""

    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=gettext_lazy("Managing unit"), empty_label=None
    )

    class Meta:
        model = SeahReport
        fields = list(REPORT_FIELDS)
        widgets = {
            "received_on": forms.DateInput(attrs=DATE),
            "partner_deadline": forms.DateInput(attrs=DATE),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "partner_request": forms.Textarea(attrs={"rows": 3}),
            "grant_reference": forms.TextInput(),
        }

    def __init__(
        self,
        *args: Any,
        units: list[Unit],
        organisations: QuerySet[Organisation],
        grants: QuerySet[Grant],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grant"].queryset = grants  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in units]
        ).order_by("name")
        if self.instance.pk:
            del self.fields["unit"]
        elif len(units) == 1:
            self.fields["unit"].initial = units[0].pk
            self.fields["unit"].widget = forms.HiddenInput()
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["summary"].help_text = NO_NAMES
        self.fields["summary"].error_messages["required"] = _(
            "Say briefly what was reported (without names)."
        )
        self.fields["channel"].error_messages["required"] = _("Say how the report came in.")
        self.fields["category"].error_messages["required"] = _(
            "Choose exploitation, abuse or harassment."
        )
        self.fields["grant_reference"].widget.attrs["maxlength"] = 200
        _style(self)

    def clean_grant_reference(self) -> str:
        value = (self.cleaned_data.get("grant_reference") or "").strip()
        if len(value) > 200:
            raise forms.ValidationError(_("Keep the grant reference under 200 characters."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        received, deadline = data.get("received_on"), data.get("partner_deadline")
        if received and deadline and deadline < received:
            self.add_error(
                "partner_deadline", _("The partner's deadline cannot be before the report came in.")
            )
        if deadline and not (data.get("partner_request") or "").strip():
            self.add_error(
                "partner_request", _("Say what the partner was asked to do by that date.")
            )
        return data

    def values(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name] for name in REPORT_FIELDS if name in self.cleaned_data
        }


class StepForm(forms.Form):
    description = forms.CharField(
        label=gettext_lazy("Step"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=NO_NAMES,
        error_messages={"required": gettext_lazy("Say what must be done.")},
    )
    due_on = forms.DateField(
        label=gettext_lazy("Deadline"),
        widget=forms.DateInput(attrs=DATE),
        error_messages={
            "required": gettext_lazy("Give the deadline."),
            "invalid": gettext_lazy("Give the deadline as a date."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class CloseForm(VersionedFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=[("", "—"), *Outcome.choices],
        error_messages={"required": gettext_lazy("Choose the outcome.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Outcome in words"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_NAMES,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ReportFilterForm(forms.Form):
    number = forms.IntegerField(label=gettext_lazy("Report number"), required=False, min_value=1)
    category = forms.ChoiceField(
        label=gettext_lazy("Category"), required=False, choices=[("", "—"), *Category.choices]
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", "—"), ("open", gettext_lazy("Open")), ("closed", gettext_lazy("Closed"))],
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year received"), required=False, min_value=2000, max_value=2100
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class HandlerForm(forms.Form):
    """Designate a member as SEAH handler, or end the designation, with a reason."""

    membership = forms.ModelChoiceField(
        queryset=Membership.objects.none(),
        label=gettext_lazy("Member"),
        error_messages={"required": gettext_lazy("Choose a member of the unit.")},
    )
    handler = forms.TypedChoiceField(
        label=gettext_lazy("Designation"),
        choices=[
            ("1", gettext_lazy("Designate as SEAH handler")),
            ("0", gettext_lazy("End the designation")),
        ],
        coerce=lambda value: value == "1",
        initial="1",
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=300,
        help_text=gettext_lazy("Goes to the security log. No case details."),
        error_messages={"required": gettext_lazy("Say why.")},
    )

    def __init__(self, *args: Any, memberships: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships  # type: ignore[attr-defined]
        self.fields["membership"].label_from_instance = (  # type: ignore[attr-defined]
            lambda m: m.user.get_full_name() or m.user.username
        )
        _style(self)

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise forms.ValidationError(_("Say why, in at least ten characters."))
        return reason

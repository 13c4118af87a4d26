from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Role, User


class MembershipAddForm(forms.Form):
    username = forms.CharField(
        label=_("User name of the person"),
        max_length=150,
        widget=forms.TextInput(attrs={"class": "ds-input", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Role.choices, widget=forms.Select(attrs={"class": "ds-input"})
    )
    restricted_clearance = forms.BooleanField(
        label=_("May read the unit's restricted records"), required=False
    )
    valid_to = forms.DateField(
        label=_("Last day (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Why this person joins with this role. It goes to the security log."),
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        person = User.objects.filter(username=username, is_active=True).first()
        if person is None:
            raise forms.ValidationError(
                _(
                    "There is no active person with that user name. "
                    "Ask an administrator to add them."
                )
            )
        return person


def _record_type_choices() -> list[tuple[str, str]]:
    from .services import grantable_models

    return sorted(
        (
            (model._meta.label_lower, str(model._meta.verbose_name).capitalize())
            for model in grantable_models()
        ),
        key=lambda choice: choice[1],
    )


class GrantProposeForm(forms.Form):
    """Grant one person access to one of the unit's records, for a reason, until a day."""

    record_type = forms.ChoiceField(
        label=_("Record type"), choices=(), widget=forms.Select(attrs={"class": "ds-input"})
    )
    record_id = forms.IntegerField(
        label=_("Record number"),
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("The number in the record's address, e.g. 12 in /engagements/12/."),
        widget=forms.NumberInput(attrs={"class": "ds-input"}),
    )
    username = forms.CharField(
        label=_("User name of the person"),
        max_length=150,
        widget=forms.TextInput(attrs={"class": "ds-input", "autocomplete": "off"}),
    )
    may_edit = forms.BooleanField(label=_("May also edit the record"), required=False)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_(
            "Why this person needs the record. It goes to the security log: "
            "do not write the record's content here."
        ),
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )
    ends_on = forms.DateField(
        label=_("Last day"),
        help_text=_("At most a year from today."),
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["record_type"]).choices = _record_type_choices()

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        person = User.objects.filter(username=username, is_active=True).first()
        if person is None:
            raise forms.ValidationError(_("There is no active person with that user name."))
        return person


class GrantRevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )

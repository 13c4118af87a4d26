from __future__ import annotations

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

"""The token page's form."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Scope

ACCESS_CHOICES = [
    ("read", _("Read only")),
    ("read write", _("Read and write")),
]


class TokenCreateForm(forms.Form):
    """Name, access and lifetime of a new token."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, so that you recognise it later."),
    )
    access = forms.ChoiceField(
        label=_("Access"), choices=ACCESS_CHOICES, initial="read", widget=forms.RadioSelect
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=365,
        initial=30,
        help_text=_("From 1 to 365 days. The token stops working after that."),
    )

    def scopes(self) -> list[str]:
        """The scopes the chosen access stands for."""
        chosen = self.cleaned_data["access"].split()
        return [scope for scope in Scope.values if scope in chosen]

    def lifetime(self) -> dt.timedelta:
        """How long the token is to live."""
        return dt.timedelta(days=self.cleaned_data["days"])

"""The token page's form."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from .models import Scope
from .services import default_days, max_days

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
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        most = max_days()
        days = cast(forms.IntegerField, self.fields["days"])
        days.max_value = most
        days.validators.append(MaxValueValidator(most))
        days.widget.attrs["max"] = str(most)
        days.initial = default_days()
        days.help_text = _("From 1 to %(days)d days. The token stops working after that.") % {
            "days": most
        }

    def scopes(self) -> list[str]:
        """The scopes the chosen access stands for."""
        chosen = self.cleaned_data["access"].split()
        return [scope for scope in Scope.values if scope in chosen]

    def lifetime(self) -> dt.timedelta:
        """How long the token is to live."""
        return dt.timedelta(days=self.cleaned_data["days"])

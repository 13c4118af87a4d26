"""Forms of the catalogue pages: search, the date of the priority lists, adding and ending."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .countries import country_choices
from .search import MAX_QUERY_LENGTH
from .services import FORUM_CODE_RE

REASON_MAX_LENGTH = 1000
if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    StrOrPromise = str | _StrPromise


def country_select_choices() -> list[tuple[str, StrOrPromise]]:
    """Every country by its name in the page's language, after an empty first choice."""
    return [("", _("Choose a country")), *country_choices()]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words to search for"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        strip=False,
        help_text=_(
            "Every word must occur. Put a phrase in double quotes. The last word also finds "
            "longer words that start with it."
        ),
    )
    page = forms.IntegerField(required=False, min_value=1)

    def clean_q(self) -> str:
        return str(self.cleaned_data.get("q") or "")


class ListDateForm(forms.Form):
    on = forms.DateField(
        label=_("Show the lists as they stood on"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Give the date as year-month-day, e.g. 2024-03-31.")},
    )

    def day(self) -> dt.date:
        """The date asked for, or today."""
        if self.is_valid() and self.cleaned_data.get("on"):
            return self.cleaned_data["on"]
        return timezone.localdate()


def _reason_field(label: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason: it is kept with the list's history.")},
    )


def _start_field() -> forms.DateField:
    return forms.DateField(
        label=_("On the list from"),
        initial=timezone.localdate,
        widget=DateInput(),
        error_messages={
            "required": _("Give the first day on the list."),
            "invalid": _("Give the date as year-month-day, e.g. 2024-03-31."),
        },
    )


class CountryAddForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput, initial="country", required=False)
    code = forms.ChoiceField(
        label=_("Country"),
        choices=country_select_choices,
        error_messages={
            "required": _("Choose the country to add."),
            "invalid_choice": _("Choose a country from the list."),
        },
    )
    valid_from = _start_field()
    reason = _reason_field(_("Why it is added"))


class ForumAddForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput, initial="forum", required=False)
    name = forms.CharField(
        label=_("Name of the forum"),
        max_length=200,
        error_messages={
            "required": _("Give the forum's name, e.g. Organization of American States.")
        },
    )
    code = forms.CharField(
        label=_("Short name"),
        max_length=20,
        help_text=_("2–20 letters, digits or hyphens, starting with a letter, e.g. OAS."),
        error_messages={"required": _("Give a short name, e.g. OAS.")},
    )
    valid_from = _start_field()
    reason = _reason_field(_("Why it is added"))

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if not FORUM_CODE_RE.match(code):
            raise forms.ValidationError(
                _("Use 2–20 letters, digits or hyphens, starting with a letter, e.g. OAS.")
            )
        return code


class EndForm(forms.Form):
    valid_to = forms.DateField(
        label=_("Last day on the list"),
        initial=timezone.localdate,
        widget=DateInput(),
        error_messages={
            "required": _("Give the last day on the list."),
            "invalid": _("Give the date as year-month-day, e.g. 2024-03-31."),
        },
    )
    reason = _reason_field(_("Why it is taken off the list"))

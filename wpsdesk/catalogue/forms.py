"""Forms of the catalogue pages: search, the date of the priority lists, adding and ending."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .countries import country_choices
from .models import Edition
from .search import MAX_QUERY_LENGTH
from .selectors import current_edition, edition_choices, edition_params
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


class EditionChoiceField(forms.TypedChoiceField):
    """Which loaded guidelines (catalogue and edition) a form's item codes are read in.

    The same choice the catalogue pages' switcher offers (:func:`.selectors.edition_choices`),
    for the item pickers of other apps' forms. Its widget carries, per edition, the query
    that the items API takes (``data-edition-queries``), so that the picker searches the
    chosen edition; the form checks the typed codes against it (:meth:`edition`).
    """

    def __init__(self, editions: list[Edition], **kwargs: Any) -> None:
        self.editions = {edition.pk: edition for edition in editions}
        super().__init__(
            label=_("Guidelines"),
            help_text=_("The codes below are read in this edition."),
            choices=[(edition.pk, edition_label(edition)) for edition in editions],
            coerce=int,
            empty_value=None,
            # A form opened before a second edition was loaded sends no choice: the
            # current edition is meant.
            required=False,
            **kwargs,
        )
        self.widget.attrs["data-edition-queries"] = json.dumps(
            {str(pk): urlencode(edition_params(e)) for pk, e in self.editions.items()}
        )

    def edition(self, value: Any) -> Edition | None:
        """The edition of a cleaned value."""
        return self.editions.get(value) if value is not None else None


def edition_label(edition: Edition) -> str:
    """``Guidelines title (2023–2030, current)``, as the catalogue switcher names an edition."""
    if edition.is_current:
        label = _("%(title)s (%(name)s, current)")
        return str(label % {"title": edition.title, "name": edition.name})
    return f"{edition.title} ({edition.name})"


def edition_field(*, chosen: int | None = None) -> EditionChoiceField | None:
    """A guidelines choice for a form with item codes, or None when only one edition is loaded.

    ``chosen`` (the id of the edition of the items a record already serves) is selected at
    first; else the default catalogue's current edition.
    """
    editions = edition_choices()
    if len(editions) < 2:
        return None
    field = EditionChoiceField(editions)
    if chosen is None:
        current = current_edition()
        chosen = current.pk if current is not None else None
    field.initial = chosen
    return field

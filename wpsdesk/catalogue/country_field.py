"""One country picker for every form: a text box with the country names as suggestions.

The person types or picks a name in the page's language (a ``<datalist>``, so it works
without JavaScript); the form stores the ISO 3166-1 alpha-2 code. A code, or the name in
English or bokmål, is accepted whole — "Norway" and "Norge" are NO — and never cut to its
first letters, so the box has no two-character limit. Anything else is refused in plain
words.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .countries import country_choices, country_name, find_country


class CountryInput(forms.TextInput):
    """A text box with the country names (in the page's language) as a datalist."""

    template_name = "catalogue/widgets/country_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"class": "ds-input", "autocomplete": "off", "size": 24, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        # A stored code shows as its name; what a person typed (and was refused) stays.
        text = super().format_value(value)
        if text and len(text) == 2:
            return country_name(text) or text
        return text

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-countries"
        widget["attrs"]["list"] = list_id
        widget["list_id"] = list_id
        widget["countries"] = country_choices()
        return context


class CountryField(forms.CharField):
    """A country, typed or picked by name, cleaned to its ISO code (empty when optional)."""

    widget = CountryInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Country"))
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault(
            "help_text", gettext_lazy("Type or pick the name; the two-letter code works too.")
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        if not text:
            return ""
        code = find_country(text)
        if code is None:
            raise forms.ValidationError(
                _(
                    "“%(text)s” is not a country code or a country name we know. "
                    "Pick one from the list, or type two letters, e.g. CO for Colombia."
                )
                % {"text": text},
                code="invalid",
            )
        return code


def use_country_picker(form: forms.BaseForm, name: str = "country") -> None:
    """Swap a form's country text box for the picker, keeping its label and whether it is
    required (for model forms whose field comes from a ``CharField(max_length=2)``)."""
    old = form.fields[name]
    form.fields[name] = CountryField(required=old.required, label=old.label, initial=old.initial)

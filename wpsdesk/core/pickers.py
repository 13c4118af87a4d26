"""Searchable pickers, as progressive enhancement of plain form fields.

Without JavaScript a field stays what it is: a select, a list of checkboxes or a text input
of guideline codes. With it (``wpsdesk.js``), a select or checkbox list marked by
:func:`filterable` gets a box that narrows the choices as one types, and a code input marked
by :func:`item_picker` gets a box that finds guideline items by code or words (through the
items API, in the current edition or the one chosen beside it) and adds the chosen code.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _


def filterable(field: forms.Field, label: str | Promise = "") -> forms.Field:
    """Mark a choice field's widget so that the page adds a filter box to it."""
    field.widget.attrs["data-filterable"] = str(label or _("Type to narrow the list"))
    return field


def item_picker(field: forms.Field, *, edition_input: str = "") -> forms.Field:
    """Mark a text input of guideline codes so that the page adds a searchable item picker.

    ``edition_input`` is the id of the form's guidelines choice
    (``wpsdesk.catalogue.forms.EditionChoiceField``) when several editions are loaded: the
    picker then searches the edition chosen there.
    """
    if edition_input:
        field.widget.attrs["data-picker-edition"] = edition_input
    field.widget.attrs.update(
        {
            "data-item-picker": reverse("api:catalogue:item-list"),
            "data-picker-label": _("Find a guideline item by code or words"),
            "data-picker-none": _("No guideline item matches."),
            "data-picker-added": _("Added %s."),
        }
    )
    return field

"""Small filters for the engagement pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from wpsdesk.catalogue.countries import COUNTRIES
from wpsdesk.engagements.models import CATEGORY_LABELS, Gender

register = template.Library()


@register.filter
def get(mapping: Any, key: str) -> Any:
    """``mapping[key]``, or None."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def country_name(code: str) -> str:
    name = COUNTRIES.get(code or "")
    return f"{name} ({code})" if name else code


@register.filter
def gender_label(value: str) -> str:
    return str(dict(Gender.choices).get(value, value))


#: Who led a side: one person, so "a woman", not the category's plural "Women".
LEADERS = {
    "women": _("a woman"),
    "men": _("a man"),
    "another-or-not-stated": _("a person of another gender, or not stated"),
}


@register.filter
def leader_label(value: str) -> str:
    """The one person who led a side, by gender."""
    return str(LEADERS.get(value, gender_label(value)))


@register.filter
def category_label(value: str) -> str:
    return str(CATEGORY_LABELS.get(value, value))

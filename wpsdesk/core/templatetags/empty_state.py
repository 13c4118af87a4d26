"""Whether a list page is showing a filtered view, so its empty state can tell "nothing
yet" from "nothing matches your filters" without asking the database."""

from __future__ import annotations

from django import template
from django.http import QueryDict

register = template.Library()

# Parameters that move through a list or choose its format; they filter nothing.
NOT_FILTERS = frozenset({"page", "format"})


@register.filter
def filters_applied(params: QueryDict | None) -> bool:
    """True when the query string holds a filter with a value (a blank field is no filter)."""
    if not params:
        return False
    return any(
        value.strip()
        for key, values in params.lists()
        if key not in NOT_FILTERS
        for value in values
    )

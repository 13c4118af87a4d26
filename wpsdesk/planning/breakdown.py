"""Do the breakdown figures add up? One rule, used by forms, the API and the import.

Each dimension an indicator is broken down by is a separate split of the same total:
the figures given for gender add up to the actual, and so do the figures given for age
group, independently. Categories left empty are not counted; the "not stated" categories
are there for the people whose gender or age nobody recorded. When the figures cannot add
up (someone counted twice, a source that gives only part of the picture), the person says
why in plain words and the figures are kept as they are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.formats import number_format
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .models import Category, Dimension


def _number(value: Decimal) -> str:
    return number_format(value.normalize() if value == value.to_integral() else value)


def breakdown_problems(
    *,
    actual: Decimal | None,
    figures: Mapping[Category, Decimal],
    dimensions: Iterable[Dimension],
    note: str = "",
) -> list[str]:
    """Plain-words problems with the figures; an empty list when they are fine."""
    given = {category: amount for category, amount in figures.items() if amount is not None}
    if not given:
        return []
    problems: list[str] = []
    if any(amount < 0 for amount in given.values()):
        problems.append(_("Breakdown figures cannot be negative."))
    if actual is None:
        problems.append(
            _("Enter the actual total before breaking it down, or leave the breakdown empty.")
        )
        return problems
    sums: dict[int, Decimal] = defaultdict(Decimal)
    for category, amount in given.items():
        sums[category.dimension_id] += amount
    if note.strip():
        return problems
    for dimension in dimensions:
        if dimension.pk not in sums:
            continue
        total = sums[dimension.pk]
        if total != actual:
            problems.append(
                _(
                    "The figures for %(dimension)s add up to %(sum)s, but the actual is "
                    "%(actual)s. Correct them, or say below why they do not add up (for "
                    "example: some people were counted in two groups)."
                )
                % {
                    "dimension": dimension.name.lower(),
                    "sum": _number(total),
                    "actual": _number(actual),
                }
            )
    return problems

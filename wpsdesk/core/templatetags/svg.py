"""Numbers written into SVG attributes.

SVG reads coordinates as plain decimal numbers; Django localises floats in templates
(``375,0`` in bokmål), which SVG rejects, so every number a chart template writes into an
attribute goes through :func:`svg_number`.
"""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def svg_number(value: int | float | Decimal | str | None) -> str:
    """``value`` as an SVG number: a dot for decimals, at most two of them, never localised."""
    if value is None or value == "":
        return "0"
    number = float(value)
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text

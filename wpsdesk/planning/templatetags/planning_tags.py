"""``{% serving_item item %}``: the work that serves a guideline item, for the item's page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import SafeString

from wpsdesk.catalogue.models import Item
from wpsdesk.planning.selectors import work_serving_item

register = template.Library()

#: Goals shown in the panel on a guideline item's page; the rest are on the serving page.
PANEL_ROWS = 10


@register.inclusion_tag("planning/_serving_item.html", takes_context=True)
def serving_item(context: template.Context, item: Item) -> dict[str, Any]:
    """Goals, activities and indicators serving ``item`` that the viewer may see."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "work": work_serving_item(user=user, item=item, per_page=PANEL_ROWS),
        "request": request,
    }


def serving_item_panel(request: HttpRequest, item: Item) -> SafeString:
    """The same fragment as a panel on the catalogue item's page."""
    return render_to_string(
        "planning/_serving_item.html",
        {
            "work": work_serving_item(user=request.user, item=item, per_page=PANEL_ROWS),
            "request": request,
        },
        request=request,
    )


@register.filter
def amount(value: Decimal | None) -> str:
    """A figure without needless decimals (5, not 5.00); a dash for none."""
    if value is None:
        return "–"
    number = Decimal(value)
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    return number_format(number)

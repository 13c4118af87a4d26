"""What the guidelines give the header search: items of the current edition, stemmed."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy

from wpsdesk.core.search import SearchHit, SearchProvider

from .models import Item
from .search import parse_query, search_items
from .selectors import current_edition


def find_items(user: Any, query: str, limit: int) -> tuple[list[SearchHit], int]:
    """Active items of the current edition matching the query, in document order."""
    edition = current_edition()
    if edition is None:
        return [], 0
    parsed = parse_query(query, edition.language)
    if parsed.is_empty:
        return [], 0
    matches = search_items(Item.objects.filter(edition=edition).active(), parsed)
    total = matches.count()
    hits = (
        [
            SearchHit(
                title=f"{item.code} {item.title}".strip(),
                url=reverse("catalogue:item", args=[item.code]),
                detail=Truncator(item.text).chars(140),
            )
            for item in matches[:limit]
        ]
        if total
        else []
    )
    return hits, total


PROVIDER = SearchProvider(
    key="guidelines",
    label=gettext_lazy("Guidelines"),
    search=find_items,
    list_url=lambda: reverse("catalogue:search"),
    order=10,
)

"""What this app gives the header search: its records, as its own list finds them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from wpsdesk.core.search import SearchHit, SearchProvider, hits_from

from .selectors import GrantFilters, grant_list_visible_to


def find_grants(user: Any, query: str, limit: int) -> tuple[list[SearchHit], int]:
    """Records the person may read that the list's search box would find."""
    return hits_from(
        grant_list_visible_to(user=user, filters=GrantFilters(q=query)),
        limit,
        lambda record: SearchHit(
            title=record.title,
            url=reverse("grants:detail", args=[record.pk]),
            detail=record.unit.name,
        ),
    )


PROVIDER = SearchProvider(
    key="grants",
    label=gettext_lazy("Grants"),
    search=find_grants,
    list_url=lambda: reverse("grants:list"),
    order=80,
)

"""What this app gives the header search: its records, as its own list finds them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from wpsdesk.core.search import SearchHit, SearchProvider, hits_from

from .selectors import ProcessFilters, process_list_visible_to


def find_processes(user: Any, query: str, limit: int) -> tuple[list[SearchHit], int]:
    """Records the person may read that the list's search box would find."""
    return hits_from(
        process_list_visible_to(user=user, filters=ProcessFilters(q=query)),
        limit,
        lambda record: SearchHit(
            title=record.name,
            url=reverse("processes:detail", args=[record.pk]),
            detail=record.unit.name,
        ),
    )


PROVIDER = SearchProvider(
    key="processes",
    label=gettext_lazy("Peace processes"),
    search=find_processes,
    list_url=lambda: reverse("processes:list"),
    order=60,
)

"""What this app gives the header search: its records, as its own list finds them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from wpsdesk.core.search import SearchHit, SearchProvider, hits_from

from .selectors import OrganisationFilters, organisation_list_visible_to


def find_organisations(user: Any, query: str, limit: int) -> tuple[list[SearchHit], int]:
    """Records the person may read that the list's search box would find."""
    return hits_from(
        organisation_list_visible_to(user=user, filters=OrganisationFilters(q=query)),
        limit,
        lambda record: SearchHit(
            title=record.name,
            url=reverse("civil_society:detail", args=[record.pk]),
            detail=record.unit.name,
        ),
    )


PROVIDER = SearchProvider(
    key="civil_society",
    label=gettext_lazy("Civil-society organisations"),
    search=find_organisations,
    list_url=lambda: reverse("civil_society:list"),
    order=70,
)

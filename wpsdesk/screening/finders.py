"""What screening gives the header search: screened documents, by title as the list does."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from wpsdesk.core.search import SearchHit, SearchProvider, hits_from
from wpsdesk.organisation.policy import visible_to

from .models import ScreenedDocument


def find_documents(user: Any, query: str, limit: int) -> tuple[list[SearchHit], int]:
    """Documents the person may read whose title matches, newest first."""
    records = (
        visible_to(ScreenedDocument.objects.filter(title__icontains=query), user=user)
        .select_related("unit")
        .order_by("-added_at", "-pk")
    )
    return hits_from(
        records,
        limit,
        lambda document: SearchHit(
            title=document.title,
            url=reverse("screening:detail", args=[document.pk]),
            detail=f"{document.unit.name} · {document.get_status_display()}",
        ),
    )


PROVIDER = SearchProvider(
    key="screening",
    label=gettext_lazy("Screened documents"),
    search=find_documents,
    list_url=lambda: reverse("screening:list"),
    order=50,
)

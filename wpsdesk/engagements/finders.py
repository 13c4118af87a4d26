"""What engagements give the header search: engagements, as their list finds them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from wpsdesk.core.search import SearchHit, SearchProvider, hits_from
from wpsdesk.organisation.policy import visible_to

from .models import Engagement
from .selectors import EngagementFilters


def find_engagements(user: Any, query: str, limit: int) -> tuple[list[SearchHit], int]:
    """Engagements the person may read whose title, summary, process or forum matches."""
    records = (
        EngagementFilters(q=query)
        .apply(visible_to(Engagement.objects.all(), user=user))
        .select_related("unit")
        .order_by("-date", "-pk")
    )
    return hits_from(
        records,
        limit,
        lambda engagement: SearchHit(
            title=engagement.title,
            url=reverse("engagements:detail", args=[engagement.pk]),
            detail=f"{engagement.date.isoformat()} · {engagement.unit.name}",
        ),
    )


PROVIDER = SearchProvider(
    key="engagements",
    label=gettext_lazy("Engagements"),
    search=find_engagements,
    list_url=lambda: reverse("engagements:list"),
    order=40,
)

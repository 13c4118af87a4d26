"""Reads, every one through the policy layer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy

from wpsdesk.catalogue.serving import ServingType, year_range
from wpsdesk.organisation.models import Unit
from wpsdesk.organisation.policy import AnyUser, may_create_in, units_visible_to, visible_to

from .models import Engagement, EngagementServesItem, IssueRaised, Participation, Team

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class EngagementFilters:
    """What a list, a dashboard or an export is narrowed to; empty means everything."""

    q: str = ""
    unit: Unit | None = None
    kind: str = ""
    country: str = ""
    forum: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    wps: bool | None = None

    @classmethod
    def from_cleaned(cls, data: dict[str, Any]) -> EngagementFilters:
        wps = data.get("wps")
        return cls(
            q=(data.get("q") or "").strip(),
            unit=data.get("unit"),
            kind=data.get("kind") or "",
            country=(data.get("country") or "").strip().upper(),
            forum=(data.get("forum") or "").strip(),
            start=data.get("start"),
            end=data.get("end"),
            wps={"yes": True, "no": False}.get(wps or ""),
        )

    def apply(self, qs: QuerySet[M], prefix: str = "") -> QuerySet[M]:
        """Narrow a queryset of engagements (or of rows that reach one through ``prefix``)."""
        conditions: dict[str, Any] = {}
        if self.unit is not None:
            conditions["unit"] = self.unit
        if self.kind:
            conditions["kind"] = self.kind
        if self.country:
            conditions["country"] = self.country
        if self.forum:
            conditions["forum__iexact"] = self.forum
        if self.start:
            conditions["date__gte"] = self.start
        if self.end:
            conditions["date__lte"] = self.end
        if self.wps is not None:
            conditions["wps_on_agenda"] = self.wps
        qs = qs.filter(**{f"{prefix}{key}": value for key, value in conditions.items()})
        if self.q:
            qs = qs.filter(
                Q(**{f"{prefix}title__icontains": self.q})
                | Q(**{f"{prefix}summary__icontains": self.q})
                | Q(**{f"{prefix}peace_process__icontains": self.q})
                | Q(**{f"{prefix}forum__icontains": self.q})
            )
        return qs


def engagement_list_visible_to(
    *, user: AnyUser | None, filters: EngagementFilters | None = None
) -> QuerySet[Engagement]:
    """The engagements the person may open, newest first, with what a list row shows."""
    qs = visible_to(Engagement.objects.all(), user=user)
    if filters is not None:
        qs = filters.apply(qs)
    return (
        qs.select_related("unit")
        .prefetch_related(
            Prefetch(
                "participation",
                queryset=Participation.objects.order_by("side", "measure", "category"),
            )
        )
        .order_by("-date", "-pk")
    )


def engagement_detail_queryset() -> QuerySet[Engagement]:
    """What the detail page needs in a fixed number of queries."""
    return Engagement.objects.select_related("unit", "created_by").prefetch_related(
        "participation",
        "messages",
        Prefetch("issues", queryset=IssueRaised.objects.select_related("owner")),
    )


def issue_list_visible_to(
    *, user: AnyUser | None, owner: Any = None, unfinished: bool = False
) -> QuerySet[IssueRaised]:
    """Issues raised by women in engagements the person may open, the most urgent first."""
    qs = visible_to(IssueRaised.objects.all(), user=user)
    if owner is not None:
        qs = qs.filter(owner=owner)
    if unfinished:
        qs = qs.unfinished()  # type: ignore[attr-defined]
    return qs.select_related("engagement", "engagement__unit", "owner").order_by(
        "status", "due_date", "pk"
    )


def team_list_visible_to(*, user: AnyUser | None) -> QuerySet[Team]:
    return (
        visible_to(Team.objects.all(), user=user)
        .select_related("unit")
        .prefetch_related("composition")
        .order_by("-start", "name", "pk")
    )


def units_for_logging(*, user: AnyUser | None) -> list[Unit]:
    """The units the person may log engagements in."""
    return [unit for unit in units_visible_to(user=user) if may_create_in(user, unit)]


def filter_units(*, user: AnyUser | None) -> QuerySet[Unit]:
    """Units to offer in filters: those the person may look at."""
    return units_visible_to(user=user).order_by("name")


# --- what engagements serve ------------------------------------------------------------


def engagements_serving_visible_to(user: AnyUser | None) -> QuerySet[Engagement]:
    """The engagements the person may open, for the serving registry."""
    return visible_to(Engagement.objects.all(), user=user)


def engagements_serving_rows(records: QuerySet[Engagement]) -> QuerySet[Engagement]:
    """What a row of the serving panel shows, newest first (the list's index order)."""
    return records.select_related("unit").order_by("-date", "-pk")


#: Engagements serve the items their WPS messages name (``Engagement.messages``).
SERVING = ServingType(
    key="engagements",
    link=EngagementServesItem,
    label=gettext_lazy("Engagements"),
    visible=engagements_serving_visible_to,
    rows=engagements_serving_rows,
    template="engagements/_serving_rows.html",
    in_year=year_range("date"),
)

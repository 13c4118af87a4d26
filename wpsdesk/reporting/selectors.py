"""Reads on reports, every one through the policy layer, and the share that carries a WPS
message per unit and year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy

from wpsdesk.catalogue import serving
from wpsdesk.organisation.models import Unit
from wpsdesk.organisation.policy import AnyUser, visible_to

from .models import Report, ReportServesItem


@dataclass(frozen=True)
class ReportFilters:
    """What the list is narrowed to; empty means everything."""

    q: str = ""
    kind: str = ""
    year: int | None = None
    carries: str = ""  # "yes", "no" or empty
    unit: Unit | None = None

    @classmethod
    def from_cleaned(cls, data: dict[str, Any]) -> ReportFilters:
        return cls(
            q=(data.get("q") or "").strip(),
            kind=data.get("kind") or "",
            year=data.get("year") or None,
            carries=data.get("carries") or "",
            unit=data.get("unit"),
        )

    def apply(self, qs: QuerySet[Report]) -> QuerySet[Report]:
        conditions: dict[str, Any] = {}
        if self.kind:
            conditions["kind"] = self.kind
        if self.unit is not None:
            conditions["unit"] = self.unit
        if self.carries:
            conditions["carries_wps_message"] = self.carries == "yes"
        if self.year:
            conditions["date__gte"] = dt.date(self.year, 1, 1)
            conditions["date__lt"] = dt.date(self.year + 1, 1, 1)
        qs = qs.filter(**conditions)
        if self.q:
            # The text is encrypted and not searched; titles and messages' codes are.
            qs = qs.filter(Q(title__icontains=self.q) | Q(messages__code__iexact=self.q)).distinct()
        return qs


def report_list_visible_to(
    *, user: AnyUser | None, filters: ReportFilters | None = None
) -> QuerySet[Report]:
    """The reports the person may open, newest first, with what a list row shows."""
    qs = visible_to(Report.objects.all(), user=user)
    if filters is not None:
        qs = filters.apply(qs)
    return qs.select_related("unit").order_by("-date", "-pk")


def report_detail_queryset() -> QuerySet[Report]:
    return Report.objects.select_related("unit", "created_by").prefetch_related("messages")


@dataclass(frozen=True)
class ShareRow:
    unit: str
    year: int
    total: int
    carrying: int
    percent: float
    y: int
    w: float


@dataclass(frozen=True)
class ShareFigure:
    rows: list[ShareRow]
    width: int
    height: int
    label_width: int
    bar_width: int

    @property
    def half_x(self) -> float:
        return self.label_width + self.bar_width / 2

    @property
    def end_x(self) -> int:
        return self.label_width + self.bar_width


LABEL_WIDTH = 260
BAR_WIDTH = 340
ROW_HEIGHT = 22
#: Unit-years shown in the figure (the most recent first).
SHARE_ROWS = 30


def share_by_unit_and_year(*, user: AnyUser | None) -> ShareFigure:
    """Per unit and year, how many of the reports the person may see carry a WPS message.

    One grouped query over the visible reports (``values`` rows: counts, not records).
    """
    rows = (
        visible_to(Report.objects.all(), user=user)
        .annotate(year=ExtractYear("date"))
        .values("unit__name", "year")
        .annotate(total=Count("pk"), carrying=Count("pk", filter=Q(carries_wps_message=True)))
        .order_by("-year", "unit__name")[:SHARE_ROWS]
    )
    shown: list[ShareRow] = []
    y = 24
    for row in rows:
        share = row["carrying"] / row["total"] if row["total"] else 0.0
        shown.append(
            ShareRow(
                unit=row["unit__name"],
                year=row["year"],
                total=row["total"],
                carrying=row["carrying"],
                percent=round(share * 100, 1),
                y=y,
                w=BAR_WIDTH * share,
            )
        )
        y += ROW_HEIGHT
    return ShareFigure(
        rows=shown,
        width=LABEL_WIDTH + BAR_WIDTH + 60,
        height=y + 4,
        label_width=LABEL_WIDTH,
        bar_width=BAR_WIDTH,
    )


def reports_serving_rows(records: QuerySet[Report]) -> QuerySet[Report]:
    return records.select_related("unit").order_by("-date", "-pk")


SERVING = serving.ServingType(
    key="reports",
    link=ReportServesItem,
    label=gettext_lazy("Reports home and speaking points"),
    visible=lambda user: visible_to(Report.objects.all(), user=user),
    rows=reports_serving_rows,
    template="reporting/_serving_rows.html",
    in_year=serving.year_range("date"),
)

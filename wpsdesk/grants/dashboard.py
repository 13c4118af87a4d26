"""Funding figures: WPS-relevant funding, gender marker shares, grantee reporting and needs
analyses, each from the grants the viewer may open and nothing else.

Marker shares follow OECD CRS: the amount (or number of grants) marked principal,
significant or not targeted, divided by the amount (or number) screened against the marker.
Every grant carries a marker, so the screened amount is all the funding in the figures.
Amounts are the NOK equivalents of the agreed amounts per year. The charts reuse the
engagements dashboard's chart pieces and template. Two queries, whatever the number of
grants.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wpsdesk.catalogue.countries import COUNTRIES
from wpsdesk.engagements.dashboard import Cell, Chart, ChartRow, Series
from wpsdesk.engagements.figures import Figure, Share
from wpsdesk.organisation.models import Unit
from wpsdesk.organisation.policy import AnyUser, visible_to

from .models import Channel, GenderMarker, Grant, GrantAmount, Integration, Priority

GROUPS = {
    "year": gettext_lazy("Year"),
    "unit": gettext_lazy("Unit"),
    "country": gettext_lazy("Country or region"),
    "priority": gettext_lazy("Thematic priority"),
    "channel": gettext_lazy("Channel"),
}
#: Marker values from the most to the least targeted: the charts' series.
MARKERS = [GenderMarker.PRINCIPAL, GenderMarker.SIGNIFICANT, GenderMarker.NOT_TARGETED]
WPS_STAGES = [Integration.INTEGRATED, Integration.PARTLY]


def _group_expression(group: str) -> Any:
    return {
        "year": F("year"),
        "unit": F("grant__unit__name"),
        "country": F("grant__country"),
        "priority": F("grant__priority"),
        "channel": F("grant__channel"),
    }[group]


def _label(group: str, key: Any) -> str:
    if key in (None, ""):
        return _("Regional or global") if group == "country" else _("(none)")
    if group == "country":
        return f"{COUNTRIES.get(key, key)} ({key})"
    if group == "priority":
        return str(dict(Priority.choices).get(key, key))
    if group == "channel":
        return str(dict(Channel.choices).get(key, key))
    return str(key)


@dataclass
class FundingRow:
    """One group's funding: everything screened, WPS-relevant, and by marker."""

    label: str
    nok: Decimal = Decimal(0)
    wps_nok: Decimal = Decimal(0)
    grants: int = 0
    by_marker: dict[int, Decimal] = field(default_factory=dict)
    count_by_marker: dict[int, int] = field(default_factory=dict)


@dataclass
class Reporting:
    grants: int = 0
    owing: int = 0
    received: int = 0
    on_wps: int = 0
    needs: int = 0


@dataclass
class FundingDashboard:
    group: str
    year: int | None
    rows: list[FundingRow]
    total: FundingRow
    amount_chart: Chart
    count_chart: Chart
    reporting: Reporting


def _chart(slug: str, title: str, rows: list[FundingRow], *, amounts: bool) -> Chart:
    series = [Series(str(m.value), str(m.label)) for m in MARKERS]
    chart_rows = []
    for row in rows:
        cells = []
        for marker in MARKERS:
            if amounts:
                part = int(row.by_marker.get(marker, 0))
                whole = int(row.nok)
            else:
                part = row.count_by_marker.get(marker, 0)
                whole = row.grants
            cells.append(Cell(Share(Figure(part), Figure(whole))))
        chart_rows.append(ChartRow(row.label, cells))
    chart = Chart(
        slug=slug,
        title=title,
        series=series,
        rows=chart_rows,
        part_label=_("Marked"),
        whole_label=_("Screened"),
    )
    chart.layout()
    return chart


def build(
    *, user: AnyUser | None, group: str, year: int | None = None, unit: Unit | None = None
) -> FundingDashboard:
    """The figures for one viewer, grouping and (optionally) year and managing unit."""
    if group not in GROUPS:
        group = "year"
    amounts = visible_to(GrantAmount.objects.all(), user=user)
    grants = visible_to(Grant.objects.all(), user=user)
    if year is not None:
        amounts = amounts.filter(year=year)
        grants = grants.filter(
            start_date__lt=dt.date(year + 1, 1, 1), end_date__gte=dt.date(year, 1, 1)
        )
    if unit is not None:
        amounts = amounts.filter(grant__unit=unit)
        grants = grants.filter(unit=unit)
    sums = (
        amounts.values(key=_group_expression(group), marker=F("grant__gender_marker"))
        .annotate(
            nok_sum=Sum("nok"),
            wps_sum=Sum("nok", filter=Q(grant__wps_relevant=True)),
            grant_count=Count("grant", distinct=True),
        )
        .order_by()
    )
    by_key: dict[Any, FundingRow] = {}
    total = FundingRow(label=_("All"))
    for entry in sums:
        row = by_key.setdefault(entry["key"], FundingRow(label=_label(group, entry["key"])))
        nok = entry["nok_sum"] or Decimal(0)
        wps = entry["wps_sum"] or Decimal(0)
        marker = entry["marker"]
        for target in (row, total):
            target.nok += nok
            target.wps_nok += wps
            target.by_marker[marker] = target.by_marker.get(marker, Decimal(0)) + nok
        row.count_by_marker[marker] = row.count_by_marker.get(marker, 0) + entry["grant_count"]
        row.grants += entry["grant_count"]
    rows = [by_key[key] for key in sorted(by_key, key=lambda k: (k is None, str(k)))]
    if group == "year":
        rows = [by_key[key] for key in sorted(by_key)]
    # A grant counts once in the total however many years or groups it spans.
    totals = grants.filter(amounts__isnull=False).aggregate(
        **{
            f"m{m.value}": Count("pk", filter=Q(gender_marker=m.value), distinct=True)
            for m in MARKERS
        }
    )
    total.count_by_marker = {m.value: totals[f"m{m.value}"] or 0 for m in MARKERS}
    total.grants = sum(total.count_by_marker.values())
    today = timezone.localdate()
    stage_q = (
        Q(reports__planning__in=WPS_STAGES)
        | Q(reports__implementation__in=WPS_STAGES)
        | Q(reports__evaluation__in=WPS_STAGES)
    )
    facts = grants.aggregate(
        grants=Count("pk", distinct=True),
        owing=Count("pk", filter=Q(reports__due_date__lte=today), distinct=True),
        received=Count("pk", filter=Q(reports__received_on__isnull=False), distinct=True),
        on_wps=Count("pk", filter=Q(reports__received_on__isnull=False) & stage_q, distinct=True),
        needs=Count("pk", filter=Q(needs_analysis_date__isnull=False), distinct=True),
    )
    reporting = Reporting(**{k: v or 0 for k, v in facts.items()})
    return FundingDashboard(
        group=group,
        year=year,
        rows=rows,
        total=total,
        amount_chart=_chart(
            "marker-amounts", _("Share of funding (NOK) by gender marker"), rows, amounts=True
        ),
        count_chart=_chart(
            "marker-counts", _("Share of grants by gender marker"), rows, amounts=False
        ),
        reporting=reporting,
    )

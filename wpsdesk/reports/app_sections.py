"""The sections the existing apps contribute to the annual report (see :mod:`.contributors`).

Engagement figures are the engagement dashboard's own (:func:`engagements.dashboard.build`
for the reader, the year and the unit), so a report's figures equal the dashboard's for
the same year and viewer. Grants use the funding dashboard, processes the policy layer;
SEAH reports and people at risk appear only as the aggregates their apps give anyone
(:func:`seah.selectors.yearly_counts`, :func:`people_at_risk.selectors.aggregate`), never
as records, and never a count below five.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from wpsdesk.engagements import dashboard as engagement_dashboard
from wpsdesk.engagements.selectors import EngagementFilters
from wpsdesk.grants import dashboard as grant_dashboard
from wpsdesk.grants.models import GenderMarker, Grant
from wpsdesk.organisation.models import Unit
from wpsdesk.organisation.policy import visible_to
from wpsdesk.people_at_risk import selectors as par_selectors
from wpsdesk.processes.models import (
    AnalysisStatus,
    ConflictAnalysis,
    PeaceProcess,
    StrategyObjective,
)
from wpsdesk.seah import selectors as seah_selectors

from . import contributors
from .assemble import hidden_count, hidden_note, small_count
from .content import Section, chart, note, paragraph, percent, section, table


def engagement_board(user: Any, unit: Unit | None, year: int) -> engagement_dashboard.Dashboard:
    """The engagement dashboard for the reader, one year and (optionally) one unit."""
    filters = EngagementFilters(unit=unit, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    return engagement_dashboard.build(user=user, filters=filters, group="year")


def _share_rows(chart_obj: engagement_dashboard.Chart) -> list[tuple[str, float | None]]:
    """(series label, percentage) for the chart's cells, over its rows (one year: one row)."""
    found: list[tuple[str, float | None]] = []
    for row in chart_obj.rows:
        for series, cell in zip(chart_obj.series, row.cells, strict=True):
            found.append((series.label, percent(cell.value)))
    return found


def engagement_sections(user: Any, unit: Unit | None, year: int, language: str) -> list[Section]:
    """Women's share by side, WPS on the agenda, who led, and issues raised by women."""
    board = engagement_board(user, unit, year)
    women, agenda, _follow_up = board.charts
    blocks: list[dict[str, Any]] = [
        paragraph(
            _("%(count)d engagements are counted for %(year)d.")
            % {"count": board.engagement_count, "year": year}
        )
    ]
    shares = _share_rows(women)
    if shares:
        blocks.append(
            chart(
                "engagements-women-share",
                women.title,
                _("Bar chart of women's share by side; the table below has the figures."),
                "bar",
                [label for label, _v in shares],
                [(_("Women's share"), [value for _l, value in shares])],
                unit="%",
                parity=True,
            )
        )
        blocks.append(
            table(
                "engagements-women-share",
                women.title,
                [_("Side"), _("Women's share (%)")],
                [[label, value] for label, value in shares],
                [False, True],
            )
        )
    agenda_shares = _share_rows(agenda)
    leaders = [
        (row.label, percent(row.cells[0].value)) for row in board.leadership.rows if row.cells
    ]
    blocks.append(
        table(
            "engagements-leadership",
            board.leadership.title,
            [_("Role"), _("Women's share (%)")],
            [[label, value] for label, value in [*agenda_shares, *leaders]],
            [False, True],
        )
    )
    totals = board.issue_totals
    blocks.append(
        table(
            "engagements-issues",
            _("Issues raised by women and their follow-up"),
            [_("Raised"), _("Done"), _("On time"), _("Overdue"), _("On time (%)")],
            [
                [
                    totals["raised"].shown,
                    totals["done"].shown,
                    totals["on_time"].shown,
                    totals["overdue"].shown,
                    percent(totals["on_time_share"].value),
                ]
            ],
            [True, True, True, True, True],
        )
    )
    if board.outside:
        blocks.append(
            note(_("Counts of 1 to 4 from other units' records are hidden (shown as –)."))
        )
    return [section("figures-engagements", _("Engagements"), 1, blocks)]


def grant_sections(user: Any, unit: Unit | None, year: int, language: str) -> list[Section]:
    """Grants of the year and the shares by gender equality marker (the funding dashboard)."""
    board = grant_dashboard.build(user=user, group="year", year=year, unit=unit)
    total = board.total
    blocks: list[dict[str, Any]] = []
    if not total.grants:
        blocks.append(paragraph(_("No grant with amounts in %(year)d.") % {"year": year}))
    else:
        markers = list(grant_dashboard.MARKERS)
        nok = float(total.nok) or None
        rows = []
        for marker in markers:
            count = total.count_by_marker.get(marker, 0)
            amount = float(total.by_marker.get(marker, 0))
            rows.append(
                [
                    str(GenderMarker(marker).label),
                    count,
                    percent(count / total.grants if total.grants else None),
                    amount,
                    percent(amount / nok if nok else None),
                ]
            )
        blocks.append(
            chart(
                "grants-markers",
                _("Share of grants by gender equality marker, %(year)d") % {"year": year},
                _("Bar chart of the share of grants per marker; the table below has the figures."),
                "bar",
                [row[0] for row in rows],
                [(_("Share of grants"), [row[2] for row in rows])],
                unit="%",
            )
        )
        blocks.append(
            table(
                "grants-markers",
                _("Grants by gender equality marker, %(year)d") % {"year": year},
                [_("Marker"), _("Grants"), _("Share (%)"), _("NOK"), _("Share of NOK (%)")],
                rows,
                [False, True, True, True, True],
            )
        )
    if unit is not None:
        everything = Grant.objects.filter(
            unit=unit, start_date__lt=dt.date(year + 1, 1, 1), end_date__gte=dt.date(year, 1, 1)
        )
        hidden = hidden_count(everything, visible_to(everything, user=user))
        if hidden:
            blocks.extend(hidden_note({"grants": hidden}))
    return [section("grants", _("Grants and gender equality markers"), 1, blocks)]


def process_sections(user: Any, unit: Unit | None, year: int, language: str) -> list[Section]:
    """Peace processes the unit leads or contributes to, their analyses and strategies."""
    processes = visible_to(PeaceProcess.objects.all(), user=user)
    if unit is not None:
        processes = processes.filter(Q(unit=unit) | Q(contributing_units=unit)).distinct()
    processes = processes.order_by("name")
    analyses = visible_to(ConflictAnalysis.objects.all(), user=user)
    objectives = visible_to(StrategyObjective.objects.all(), user=user)
    if unit is not None:
        analyses = analyses.filter(unit=unit)
        objectives = objectives.filter(process__in=processes.values("pk"))
    rows = [
        [process.name, process.get_phase_display(), process.get_norway_role_display()]
        for process in processes[:50]
    ]
    blocks: list[dict[str, Any]] = []
    if rows:
        blocks.append(
            table(
                "processes",
                _("Peace processes"),
                [_("Process"), _("Phase"), _("Norway's role")],
                rows,
                [False, False, False],
            )
        )
    approved = (
        analyses.filter(versions__status=AnalysisStatus.APPROVED, versions__approved_at__year=year)
        .distinct()
        .count()
    )
    blocks.append(
        table(
            "processes-work",
            _("Analyses and strategies"),
            [_("What"), _("Number")],
            [
                [_("Conflict and actor analyses"), analyses.count()],
                [_("Analyses approved in %(year)d") % {"year": year}, approved],
                [_("Strategy objectives"), objectives.count()],
            ],
            [False, True],
        )
    )
    if unit is not None:
        everything = PeaceProcess.objects.filter(unit=unit)
        hidden = hidden_count(everything, visible_to(everything, user=user))
        if hidden:
            blocks.extend(hidden_note({"processes": hidden}))
    return [section("processes", _("Peace processes"), 1, blocks)]


def protection_sections(user: Any, unit: Unit | None, year: int, language: str) -> list[Section]:
    """SEAH reports and people at risk, only as aggregates of at least five."""
    unit_ids = [unit.pk] if unit is not None else None
    seah = seah_selectors.yearly_counts(years=[year], unit_ids=unit_ids)
    people = par_selectors.aggregate(unit_ids=unit_ids)
    rows: list[list[Any]] = [
        [_("SEAH reports received"), seah[0].count if seah else None],
        [_("People at risk followed"), people.total],
    ]
    return [
        section(
            "protection",
            _("Protection: SEAH reports and people at risk"),
            1,
            [
                table(
                    "protection",
                    _("Aggregates (fewer than %(n)d is shown as –)") % {"n": 5},
                    [_("What"), _("Number")],
                    rows,
                    [False, True],
                ),
                note(
                    _("Only counts of %(n)s or more are shown; no record is named.")
                    % {"n": small_count(5)}
                ),
            ],
        )
    ]


def register_all() -> None:
    """Register the existing apps' sections (called from ``AppConfig.ready``)."""
    contributors.register(engagement_sections, order=10)
    contributors.register(process_sections, order=20)
    contributors.register(grant_sections, order=30)
    contributors.register(protection_sections, order=90)

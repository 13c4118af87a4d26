"""The service-wide report, compiled from the units' submitted reports (their snapshots).

What a unit sent is what HQ compiles: the narrative sections and counts frozen at
submission, never the unit's live data. The gap view (commitments nobody worked on) is
planning's own (:func:`wpsdesk.planning.selectors.gaps`) for the reader and year.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from wpsdesk.catalogue.models import Item, ItemKind
from wpsdesk.catalogue.selectors import current_edition
from wpsdesk.organisation.models import Unit
from wpsdesk.planning import selectors as planning_selectors

from .assemble import NARRATIVE_PARTS, part_label, top_code
from .content import Section, blocks_of, chart, paragraph, section, table
from .models import FIRST_YEAR, ReportStatus, Snapshot


@dataclass
class Compiled:
    year: int
    snapshots: list[Snapshot]
    units: list[Unit]
    priorities: list[Item] = field(default_factory=list)
    commitments: list[Item] = field(default_factory=list)


def submitted_snapshots(user: Any, year: int | None = None) -> list[Snapshot]:
    """The snapshots of submitted unit reports the reader may open (all years if None)."""
    from .selectors import reports_visible_to

    reports = reports_visible_to(user=user).filter(
        status=ReportStatus.SUBMITTED, unit__isnull=False
    )
    if year is not None:
        reports = reports.filter(year=year)
    return list(
        Snapshot.objects.filter(report__in=reports.values("pk"))
        .select_related("report__unit")
        .order_by("report__year", "report__unit__name")
    )


def compile_service(user: Any, year: int) -> Compiled:
    edition = current_edition()
    priorities: list[Item] = []
    commitments: list[Item] = []
    if edition is not None:
        priorities = list(
            Item.objects.filter(edition=edition, kind=ItemKind.THEMATIC_PRIORITY, parent=None)
            .active()
            .in_document_order()
        )
        commitments = list(
            Item.objects.filter(
                edition=edition, kind__in=[ItemKind.COMMITMENT, ItemKind.ACTION_POINT]
            )
            .active()
            .in_document_order()
        )
    return Compiled(
        year=year,
        snapshots=submitted_snapshots(user, year),
        units=list(Unit.objects.filter(is_active=True).order_by("name")),
        priorities=priorities,
        commitments=commitments,
    )


def reporting_section(compiled: Compiled) -> Section:
    """Which units have submitted, and which have not."""
    reported = {s.report.unit_id for s in compiled.snapshots}
    missing = [unit.name for unit in compiled.units if unit.pk not in reported]
    blocks: list[dict[str, Any]] = [
        paragraph(
            _("%(reported)d of %(units)d units have submitted their report for %(year)d.")
            % {"reported": len(reported), "units": len(compiled.units), "year": compiled.year}
        )
    ]
    rows = []
    for snap in compiled.snapshots:
        figures = snap.figures or {}
        activities = figures.get("activities", {})
        rows.append(
            [
                snap.report.unit.name if snap.report.unit else "",
                figures.get("goals", 0),
                sum(activities.values()),
                activities.get("done", 0),
                sum((figures.get("records") or {}).values()),
            ]
        )
    if rows:
        blocks.append(
            table(
                "units-reported",
                _("Submitted unit reports"),
                [_("Unit"), _("Goals"), _("Activities"), _("Done"), _("Records serving items")],
                rows,
                [False, True, True, True, True],
            )
        )
    sections = []
    if missing:
        sections.append(
            section(
                "units-not-reported",
                _("Units that have not reported"),
                2,
                [{"kind": "list", "items": missing}],
            )
        )
    return section("reporting", _("Reporting units"), 1, blocks, sections)


def priority_sections(compiled: Compiled) -> list[Section]:
    """Per priority: what the units did, achieved and struggled with, in their own words,
    and per commitment how many units worked on it; HQ's own narrative beside."""
    sections: list[Section] = []
    # What each unit sent, by narrative section: read once, not per priority and part.
    sent = [
        (
            snap.report.unit.name if snap.report.unit else "",
            {block["id"]: block["text"] for block in blocks_of(snap.content, "narrative")},
        )
        for snap in compiled.snapshots
    ]
    for number, priority in enumerate(compiled.priorities, start=1):
        slug = priority.code.lower()
        subsections: list[Section] = []
        for part in NARRATIVE_PARTS:
            key = f"{slug}-{part}"
            # One list item per unit (not a heading each: 120 units would make the
            # contents and the PDF's layout needlessly long).
            said = [
                f"{unit_name}: {' '.join(texts[key].split())}"
                for unit_name, texts in sent
                if texts.get(key, "").strip()
            ]
            blocks: list[dict[str, Any]] = [
                {"kind": "narrative", "id": key, "label": part_label(part), "text": ""}
            ]
            if said:
                blocks.append(paragraph(_("What the units reported:")))
                blocks.append({"kind": "list", "items": said})
            subsections.append(section(key, part_label(part), 2, blocks))
        units_on: Counter[str] = Counter()
        for snap in compiled.snapshots:
            for code, n in (snap.figures or {}).get("served", {}).items():
                if n:
                    units_on[code] += 1
        rows = [
            [item.code, item.heading, units_on.get(item.code, 0)]
            for item in compiled.commitments
            if top_code(item.code) == priority.code
        ]
        if rows:
            subsections.insert(
                0,
                section(
                    f"{slug}-commitments",
                    _("Commitments and the units that worked on them"),
                    2,
                    [
                        table(
                            f"{slug}-commitments",
                            _("Number of reporting units whose work served each commitment"),
                            [_("Code"), _("Commitment or action point"), _("Units")],
                            rows,
                            [False, False, True],
                        )
                    ],
                ),
            )
        sections.append(
            section(
                slug,
                _("Thematic priority %(n)d: %(title)s") % {"n": number, "title": priority.heading},
                1,
                [],
                subsections,
            )
        )
    return sections


def gap_section(user: Any, year: int) -> Section:
    """Commitments nobody worked on this year: the HQ gap view's own logic."""
    gaps = planning_selectors.gaps(user=user, year=year)
    items = [
        f"{stat.item.code} {stat.item.heading}" for group in gaps.groups for stat in group.no_work
    ]
    blocks: list[dict[str, Any]] = [
        paragraph(
            _("%(count)d commitments and action points were not served by any record in %(year)d.")
            % {"count": len(items), "year": year}
        )
    ]
    if items:
        blocks.append({"kind": "list", "items": items})
    return section("gaps", _("Commitments nobody worked on"), 1, blocks)


def trend_section(user: Any, year: int) -> Section:
    """The trend since 2023 for the 2027 review: per year, from the submitted reports."""
    years = list(range(FIRST_YEAR, year + 1))
    by_year: dict[int, list[Snapshot]] = {y: [] for y in years}
    for snap in submitted_snapshots(user):
        if snap.report.year in by_year:
            by_year[snap.report.year].append(snap)
    rows = []
    for y in years:
        snaps = by_year[y]
        activities = [s.figures.get("activities", {}) for s in snaps]
        rows.append(
            [
                str(y),
                len(snaps),
                sum(s.figures.get("goals", 0) for s in snaps),
                sum(a.get("done", 0) for a in activities),
                len({code for s in snaps for code, n in s.figures.get("served", {}).items() if n}),
            ]
        )
    return section(
        "trend",
        _("Trend since %(year)d (for the 2027 review)") % {"year": FIRST_YEAR},
        1,
        [
            chart(
                "trend",
                _("Units reporting and activities done per year"),
                _(
                    "Line chart of units reporting and activities done per year; the table "
                    "below has the figures."
                ),
                "line",
                [row[0] for row in rows],
                [
                    (_("Units reporting"), [r[1] for r in rows]),
                    (_("Activities done"), [r[3] for r in rows]),
                ],
            ),
            table(
                "trend",
                _("Submitted reports per year"),
                [
                    _("Year"),
                    _("Units reporting"),
                    _("Goals"),
                    _("Activities done"),
                    _("Commitments served"),
                ],
                rows,
                [False, True, True, True, True],
            ),
        ],
    )

"""Assembly: what a report holds for each reader, in each language, and what is frozen."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.engagements.factories import make_engagement
from tests.personas import Cast
from tests.planning.factories import YEAR
from tests.reports.factories import RESTRICTED_GOAL, make_report, submitted, year_of_work
from wpsdesk.engagements import dashboard
from wpsdesk.engagements.models import Side
from wpsdesk.engagements.selectors import EngagementFilters
from wpsdesk.organisation.models import Classification
from wpsdesk.reports import assemble, services
from wpsdesk.reports.content import blocks_of, canonical, checksum, walk

pytestmark = pytest.mark.usefixtures("guidelines")


def text_of(content: dict) -> str:
    return canonical(content).decode()


def table(content: dict, table_id: str) -> dict:
    return next(b for b in blocks_of(content, "table") if b["id"] == table_id)


def test_arranged_by_the_three_priorities_with_four_narratives(cast: Cast) -> None:
    year_of_work(cast)
    content = assemble.assemble_unit_report(cast.lead, cast.bogota, YEAR, "en")
    ids = [s["id"] for s in walk(content["sections"])]
    assert ids[:2] == ["mfa-action-points", "p1"]
    for part in ("efforts", "results", "problems", "next"):
        assert f"p1-{part}" in ids and f"p2-{part}" in ids
    headings = [s["heading"] for s in content["sections"]]
    assert any(h.startswith("Thematic priority 1:") for h in headings)
    efforts = next(b for b in blocks_of(content, "narrative") if b["id"] == "p1-efforts")
    assert "More women in the local peace talks" in efforts["text"]  # pre-filled from the data
    assert {"figures-engagements", "grants", "processes", "protection"} <= set(ids)


def test_a_restricted_record_only_for_the_cleared_reader(cast: Cast) -> None:
    year_of_work(cast)
    cleared = text_of(assemble.assemble_unit_report(cast.lead, cast.bogota, YEAR, "en"))
    uncleared = text_of(assemble.assemble_unit_report(cast.reader, cast.bogota, YEAR, "en"))
    hq = text_of(assemble.assemble_unit_report(cast.coordinator, cast.bogota, YEAR, "en"))
    assert RESTRICTED_GOAL in cleared
    assert RESTRICTED_GOAL not in uncleared
    assert RESTRICTED_GOAL not in hq
    # Counted, never named, and the count says nothing below five.
    assert (
        "Restricted records of the unit that you may not open are not shown: fewer than 5"
        in uncleared
    )
    assert "More women in the local peace talks" in uncleared


def test_another_units_reader_gets_nothing_of_the_unit(cast: Cast) -> None:
    year_of_work(cast)
    content = text_of(assemble.assemble_unit_report(cast.outsider, cast.bogota, YEAR, "en"))
    assert "More women in the local peace talks" not in content
    assert "More women in the local peace talks" in text_of(
        assemble.assemble_unit_report(cast.officer, cast.bogota, YEAR, "en")
    )


def test_bokmal_and_english(cast: Cast) -> None:
    year_of_work(cast)
    english = assemble.assemble_unit_report(cast.lead, cast.bogota, YEAR, "en")
    bokmal = assemble.assemble_unit_report(cast.lead, cast.bogota, YEAR, "nb")
    assert english["language"] == "en" and bokmal["language"] == "nb"
    assert english["subtitle"] == "Efforts, results and problems"
    assert bokmal["subtitle"] == "Innsats, resultater og problemer"
    parts = [s["heading"] for s in walk(bokmal["sections"]) if s["id"].startswith("p1-")]
    assert "Innsats" in parts and "Resultater" in parts and "Problemer" in parts


@pytest.mark.parametrize("viewer", ["lead", "reader", "coordinator"])
def test_engagement_figures_equal_the_dashboards(cast: Cast, viewer: str) -> None:
    year_of_work(cast)
    make_engagement(
        cast.bogota,
        classification=Classification.RESTRICTED,
        counts={(Side.NORWAY, "women"): 1, (Side.NORWAY, "men"): 7},
    )
    make_engagement(cast.amman, counts={(Side.NORWAY, "women"): 2, (Side.NORWAY, "men"): 2})
    user = getattr(cast, viewer)
    board = dashboard.build(
        user=user,
        filters=EngagementFilters(
            unit=cast.bogota, start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31)
        ),
        group="year",
    )
    expected = [
        [series.label, None if cell.value is None else round(cell.value * 100, 1)]
        for row in board.charts[0].rows
        for series, cell in zip(board.charts[0].series, row.cells, strict=True)
    ]
    content = assemble.assemble_unit_report(user, cast.bogota, YEAR, "en")
    assert table(content, "engagements-women-share")["rows"] == expected
    assert expected  # the figures are there to compare
    counted = next(
        b for b in blocks_of(content, "paragraph") if "engagements are counted" in b["text"]
    )
    assert counted["text"].startswith(f"{board.engagement_count} engagements")
    # The cleared lead counts the restricted engagement; the others do not.
    assert board.engagement_count == (2 if viewer == "lead" else 1)


def test_a_submitted_report_does_not_change_when_the_data_changes(cast: Cast) -> None:
    work = year_of_work(cast)
    report = submitted(cast)
    sent = report.snapshot.content
    assert report.snapshot.checksum == checksum(sent)
    before = services.content_for(cast.lead, report)
    work["chain"].goal.title = "Renamed after submission"
    work["chain"].goal.save()
    make_engagement(cast.bogota, counts={(Side.NORWAY, "women"): 9, (Side.NORWAY, "men"): 1})
    report.refresh_from_db()
    after = services.content_for(cast.lead, report)
    assert after == before == sent
    assert "Renamed after submission" not in text_of(after)
    changes = services.changes_since_submission(report)
    assert changes  # the difference shows, the report does not change
    assert any(c.section == "Engagements" for c in changes)


def test_what_is_sent_holds_no_restricted_record(cast: Cast) -> None:
    year_of_work(cast)
    report = make_report(cast)
    assert RESTRICTED_GOAL in text_of(services.content_for(cast.lead, report))  # the draft
    services.report_approve(actor=cast.lead, report=report)
    services.report_submit(actor=cast.lead, report=report)
    report.refresh_from_db()
    sent = text_of(report.snapshot.content)
    assert RESTRICTED_GOAL not in sent
    assert "More women in the local peace talks" in sent


def test_the_written_narrative_replaces_the_prefill_and_is_frozen(cast: Cast) -> None:
    year_of_work(cast)
    report = make_report(cast)
    services.narrative_save(
        actor=cast.officer,
        report=report,
        section="p1-efforts",
        text="We met every month.",
        version=0,
    )
    content = services.content_for(cast.reader, report)
    efforts = next(b for b in blocks_of(content, "narrative") if b["id"] == "p1-efforts")
    assert efforts["text"] == "We met every month."
    services.report_approve(actor=cast.lead, report=report)
    services.report_submit(actor=cast.lead, report=report)
    report.refresh_from_db()
    assert report.snapshot.narrative == {"p1-efforts": "We met every month."}


def test_service_report_is_compiled_from_submitted_reports_only(cast: Cast) -> None:
    year_of_work(cast)
    report = make_report(cast)
    services.narrative_save(
        actor=cast.lead, report=report, section="p1-results", text="Three women joined.", version=0
    )
    draft_only = text_of(assemble.assemble_service_report(cast.coordinator, YEAR, "en"))
    assert "Three women joined." not in draft_only
    assert "Embassy in Bogotá" in draft_only  # listed among the units that have not reported
    services.report_approve(actor=cast.lead, report=report)
    services.report_submit(actor=cast.lead, report=report)
    content = assemble.assemble_service_report(cast.coordinator, YEAR, "en")
    compiled = text_of(content)
    assert "Three women joined." in compiled
    ids = [s["id"] for s in walk(content["sections"])]
    assert {"reporting", "p1", "p1-commitments", "gaps", "trend"} <= set(ids)
    units_on = table(content, "p1-commitments")["rows"]
    assert ["P1.C.1", units_on[[r[0] for r in units_on].index("P1.C.1")][1], 1] in units_on
    assert "units-not-reported" in ids  # Amman and the section have not reported

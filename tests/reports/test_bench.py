"""The annual report's part of ``wpsdesk bench scale``, at a tiny size: it runs and writes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.personas import Cast
from wpsdesk.reports import assemble, bench
from wpsdesk.reports.models import Snapshot

pytestmark = pytest.mark.usefixtures("guidelines")


def test_the_service_wide_report_is_timed_from_submitted_reports(cast: Cast) -> None:
    lines: list[str] = []
    timed = bench.time_service_report(
        cast.coordinator, repeat=1, say=lines.append, units=4, formats=("docx",)
    )
    assert set(timed) == {"docx"}
    timing = timed["docx"]
    assert timing.seconds > 0 and timing.cpu_seconds > 0 and timing.kb > 0
    assert timing.queries > 0
    assert Snapshot.objects.filter(report__year=timezone.localdate().year - 1).count() == 4
    assert len(lines) == 1 and "annual report DOCX (4 units)" in lines[0]
    # Both figures are printed, each against the 10 s budget.
    assert "wall " in lines[0] and "CPU " in lines[0]
    assert lines[0].endswith("ok") == timing.within_budget


def test_a_row_says_when_a_format_is_over_budget() -> None:
    def timing(seconds: float, cpu: float) -> bench.ReportTiming:
        return bench.ReportTiming("pdf", 120, seconds, cpu, seconds, 40, 300.0)

    assert timing(12.0, 4.0).within_budget
    assert "wall 12.0 s over 10 s, CPU 4.0 s ok" in timing(12.0, 4.0).row()
    assert not timing(12.0, 11.0).within_budget
    assert "wall 12.0 s over 10 s, CPU 11.0 s over 10 s" in timing(12.0, 11.0).row()
    assert "wall 3.0 s ok, CPU 2.5 s ok" in timing(3.0, 2.5).row()


def test_compiling_the_service_wide_report_takes_as_many_queries_for_more_units(
    cast: Cast,
) -> None:
    """The compile reads the units' snapshots in one query, whatever their number."""
    year = timezone.localdate().year - 1

    def queries() -> int:
        assemble.assemble_service_report(cast.coordinator, year, "en")  # caches warm
        with CaptureQueriesContext(connection) as captured:
            content = assemble.assemble_service_report(cast.coordinator, year, "en")
        assert content["sections"]
        return len(captured.captured_queries)

    bench.prepare(year, cast.coordinator, 2)
    few = queries()
    bench.prepare(year, cast.coordinator, 6)
    assert Snapshot.objects.filter(report__year=year).count() == 6
    assert queries() == few

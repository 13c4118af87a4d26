"""The annual report's part of ``wpsdesk bench scale``, at a tiny size: it runs and writes."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.personas import Cast
from wpsdesk.reports import bench
from wpsdesk.reports.models import Snapshot

pytestmark = pytest.mark.usefixtures("guidelines")


def test_the_service_wide_report_is_timed_from_submitted_reports(cast: Cast) -> None:
    lines: list[str] = []
    timed = bench.time_service_report(
        cast.coordinator, repeat=1, say=lines.append, units=4, formats=("docx",)
    )
    assert set(timed) == {"docx"} and timed["docx"] > 0
    assert Snapshot.objects.filter(report__year=timezone.localdate().year - 1).count() == 4
    assert lines and "annual report DOCX (4 units)" in lines[0]

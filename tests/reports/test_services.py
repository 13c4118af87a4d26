"""Reports services: concurrency, what an approved report does when written again."""

from __future__ import annotations

import pytest

from tests.personas import Cast
from tests.reports.factories import make_report
from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.reports import services
from wpsdesk.reports.models import NarrativeSection, ReportStatus

pytestmark = pytest.mark.usefixtures("guidelines")


def test_approving_from_an_old_version_is_refused(cast: Cast) -> None:
    report = make_report(cast)
    seen = report.version
    services.narrative_save(
        actor=cast.officer, report=report, section="p1-efforts", text="Written", version=0
    )
    services.report_approve(actor=cast.lead, report=report, version=seen)
    report.refresh_from_db()
    with pytest.raises(StaleEdit):
        services.report_submit(actor=cast.lead, report=report, version=seen)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_two_first_saves_of_one_section_do_not_both_pass(cast: Cast) -> None:
    report = make_report(cast)
    services.narrative_save(
        actor=cast.officer, report=report, section="p2-results", text="First", version=0
    )
    with pytest.raises(StaleEdit):
        services.narrative_save(
            actor=cast.lead, report=report, section="p2-results", text="Second", version=0
        )
    assert NarrativeSection.objects.get(report=report, section="p2-results").text == "First"


def test_writing_an_approved_report_sends_it_back_to_draft(cast: Cast) -> None:
    report = make_report(cast)
    services.report_approve(actor=cast.lead, report=report)
    report.refresh_from_db()
    services.narrative_save(
        actor=cast.officer, report=report, section="p1-next", text="More next year", version=0
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.approved_at is None
    with pytest.raises(Exception, match="Approve the report"):
        services.report_submit(actor=cast.lead, report=report)

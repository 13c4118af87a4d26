"""The reports services refuse on their own, as the command line or a job would call them:
nothing changes."""

from __future__ import annotations

import pytest

from tests.personas import Cast
from tests.planning.factories import YEAR
from tests.refusals import assert_refused
from tests.reports.factories import make_report
from wpsdesk.reports import services
from wpsdesk.reports.management.commands.report import build_content
from wpsdesk.reports.models import ReportStatus

pytestmark = pytest.mark.usefixtures("guidelines")

NOT_WRITERS = ["reader", "outsider", "coordinator", "auditor", "admin", "former"]
NOT_LEADS = ["officer", "reader", "outsider", "coordinator", "auditor", "admin", "former"]
NOT_READERS = ["outsider", "auditor", "admin", "former"]


@pytest.mark.parametrize("who", NOT_WRITERS)
def test_report_start_refuses_who_may_not_write_the_unit(cast: Cast, who: str) -> None:
    assert_refused(
        lambda: services.report_start(
            actor=getattr(cast, who), unit=cast.bogota, year=YEAR, language="en"
        ),
        "reports",
    )


@pytest.mark.parametrize("who", ["officer", "lead", "reader", "outsider", "auditor", "admin"])
def test_only_hq_starts_the_service_wide_report(cast: Cast, who: str) -> None:
    assert_refused(
        lambda: services.report_start(
            actor=getattr(cast, who), unit=None, year=YEAR, language="en"
        ),
        "reports",
    )
    assert services.report_start(actor=cast.coordinator, unit=None, year=YEAR, language="en")


@pytest.mark.parametrize("who", NOT_WRITERS)
def test_narrative_save_refuses(cast: Cast, who: str) -> None:
    report = make_report(cast)
    assert_refused(
        lambda: services.narrative_save(
            actor=getattr(cast, who), report=report, section="p1-efforts", text="x", version=0
        ),
        "reports",
    )


@pytest.mark.parametrize("who", NOT_LEADS)
def test_approve_and_submit_refuse_all_but_the_lead(cast: Cast, who: str) -> None:
    report = make_report(cast)
    assert_refused(
        lambda: services.report_approve(actor=getattr(cast, who), report=report), "reports"
    )
    services.report_approve(actor=cast.lead, report=report)
    report.refresh_from_db()
    assert_refused(
        lambda: services.report_submit(actor=getattr(cast, who), report=report), "reports"
    )
    assert report.status == ReportStatus.APPROVED


def test_a_submitted_report_refuses_the_narrative_even_to_its_lead(cast: Cast) -> None:
    report = make_report(cast)
    services.report_approve(actor=cast.lead, report=report)
    services.report_submit(actor=cast.lead, report=report)
    report.refresh_from_db()
    assert_refused(
        lambda: services.narrative_save(
            actor=cast.lead, report=report, section="p1-efforts", text="later", version=0
        ),
        "reports",
    )


@pytest.mark.parametrize("who", NOT_READERS)
def test_content_and_files_refuse_who_may_not_open_the_report(cast: Cast, who: str) -> None:
    report = make_report(cast)
    assert_refused(lambda: services.content_for(getattr(cast, who), report), "reports")
    assert_refused(
        lambda: services.file_request(actor=getattr(cast, who), report=report, fmt="html"),
        "reports",
    )


@pytest.mark.parametrize("who", NOT_READERS)
def test_the_command_refuses_who_may_not_read_the_report(cast: Cast, who: str) -> None:
    assert_refused(lambda: build_content(getattr(cast, who), cast.bogota, YEAR, "en"), "reports")
    assert_refused(lambda: build_content(getattr(cast, who), None, YEAR, "en"), "reports")

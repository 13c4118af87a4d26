"""HQ's home page shows how far the units are with last year's annual report."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from tests.personas import Cast
from wpsdesk.reports import selectors, services

pytestmark = pytest.mark.usefixtures("guidelines")


def test_hq_sees_the_reports_submitted_this_year(
    cast: Cast, as_coordinator: Client, as_officer: Client
) -> None:
    year = timezone.localdate().year - 1
    report = services.report_start(actor=cast.lead, unit=cast.bogota, year=year, language="en")
    services.report_approve(actor=cast.lead, report=report)
    services.report_submit(actor=cast.lead, report=report)
    services.report_start(actor=cast.outsider, unit=cast.amman, year=year, language="en")
    status = selectors.submission_status(cast.coordinator, year)
    assert status is not None
    assert (status.submitted, status.approved, status.drafts) == (1, 0, 1)
    page = as_coordinator.get("/").content.decode()
    assert "Annual reports submitted this year" in page
    assert f"Units that have submitted their {year} report" in page
    assert "1 / 3" in page  # Bogotá of the three units
    assert "Annual reports submitted this year" not in as_officer.get("/").content.decode()
    assert selectors.submission_status(cast.officer, year) is None


def test_the_lead_is_asked_to_submit_last_years_report(cast: Cast) -> None:
    from tests.personas import verified_client

    year = timezone.localdate().year - 1
    report = services.report_start(actor=cast.officer, unit=cast.bogota, year=year, language="en")
    task = f"Submit the annual report {year} of Embassy in Bogotá"
    assert task in verified_client(cast.lead).get("/").content.decode()
    assert task not in verified_client(cast.officer).get("/").content.decode()
    services.report_approve(actor=cast.lead, report=report)
    services.report_submit(actor=cast.lead, report=report)
    assert task not in verified_client(cast.lead).get("/").content.decode()

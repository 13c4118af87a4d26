"""Issue 16's journey: a unit lead opens the annual report, writes a narrative section,
approves and submits it; the HQ coordinator compiles the service-wide report and downloads
it as a Word document."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import assert_accessible, log_in_browser
from tests.personas import Cast
from tests.planning.factories import YEAR, load_guidelines
from tests.reports.factories import year_of_work
from wpsdesk.reports.models import AnnualReport, ReportStatus


def test_a_lead_submits_and_hq_compiles_and_downloads(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    load_guidelines()
    year_of_work(cast, restricted=False)

    log_in_browser(context, live_server, cast.lead)
    page.goto("/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual reports")
    assert_accessible(page, axe, what="the list of reports")
    page.get_by_label("Report of").select_option(label="Embassy in Bogotá")
    page.get_by_label("Year").first.fill(str(YEAR))
    page.get_by_role("button", name="Open the report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Embassy in Bogotá")
    expect(page.get_by_role("heading", name="Thematic priority 1:")).to_be_visible()
    assert_accessible(page, axe, what="a draft report")

    efforts = page.get_by_label("Efforts (write or change)").first
    efforts.fill("We met the women's network before every round of talks.")
    expect(page.locator("#narrative-p1-efforts-status")).to_contain_text("Saved at")

    page.get_by_role("button", name="Approve the report").click()
    page.get_by_role("link", name="Submit the report").click()
    assert_accessible(page, axe, what="the submit confirmation")
    page.get_by_role("button", name="Yes, submit it").click()
    expect(page.locator(".shell-messages")).to_contain_text("The report was submitted.")
    report = AnnualReport.objects.get(unit=cast.bogota, year=YEAR)
    assert report.status == ReportStatus.SUBMITTED

    context.clear_cookies()
    log_in_browser(context, live_server, cast.coordinator)
    page.goto("/reports/")
    page.get_by_label("Report of").select_option(label="The whole service (HQ)")
    page.get_by_label("Year").first.fill(str(YEAR))
    page.get_by_role("button", name="Open the report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("the Foreign Service")
    expect(
        page.get_by_text("We met the women's network before every round of talks.")
    ).to_be_visible()
    assert_accessible(page, axe, what="the service-wide report")

    page.get_by_label("Format").select_option(label="Word (DOCX)")
    page.get_by_role("button", name="Make the file").click()
    link = page.get_by_role("link", name="Download wps-report")
    expect(link).to_be_visible()
    assert_accessible(page, axe, what="the file page")
    with page.expect_download() as download:
        link.click()
    document = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("Thematic priority 1") for t in texts)

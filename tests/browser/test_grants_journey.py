"""Issue 14's journey: an officer in Bogotá registers a grant with its gender marker,
records a received grantee report with the unit's assessment, and sees it in the figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import assert_accessible, log_in_browser
from tests.personas import Cast
from wpsdesk.grants.models import Grant, GrantReport


def test_an_officer_registers_a_grant_records_a_report_and_sees_the_figures(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    log_in_browser(context, live_server, cast.officer)
    page.goto("/")
    page.get_by_role("link", name="Grants").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grants")
    assert_accessible(page, axe, what="empty grant list")

    page.get_by_role("link", name="Register a grant").first.click()
    page.get_by_role("button", name="Register grant").click()  # nothing filled in yet
    expect(page.locator("#error-summary")).to_contain_text(
        "Choose the gender equality policy marker (0, 1 or 2)."
    )
    assert_accessible(page, axe, what="grant form with errors")

    page.get_by_label("Agreement number").fill("COL-26/0042")
    page.get_by_label("Title").fill("Women in the local peace committees")
    page.get_by_label("Multilateral partner").fill("UN Women")
    page.get_by_label("Channel").select_option(label="Mission")
    page.get_by_label("Agreement starts").fill("2026-01-01")
    page.get_by_label("Agreement ends").fill("2026-12-31")
    page.get_by_label("Thematic priority").select_option(value="1")
    page.get_by_label("2 Principal").check()
    page.get_by_label("WPS relevant").check()
    page.get_by_label("Agreed amounts").fill("2026 2000000")
    page.get_by_role("button", name="Register grant").click()
    expect(page.locator(".shell-messages")).to_contain_text("The grant was registered.")
    expect(page.locator("dl.facts").first).to_contain_text("2 Principal")
    assert_accessible(page, axe, what="grant page")

    page.get_by_text("Add a report the grant owes").click()
    page.get_by_label("Report", exact=True).fill("Annual report 2026")
    page.get_by_label("Due", exact=True).fill("2026-03-31")
    page.get_by_role("button", name="Add report").click()
    expect(page.locator(".shell-messages")).to_contain_text("The report was added.")
    page.get_by_role("link", name="Annual report 2026").click()
    page.get_by_label("Received", exact=True).fill(dt.date.today().isoformat())
    page.get_by_label("WPS in planning").select_option(label="Integrated")
    page.get_by_label("WPS in implementation").select_option(label="Partly integrated")
    page.get_by_label("WPS in evaluation").select_option(label="Not integrated")
    page.get_by_label("Assessment").fill("Clear on planning; evaluation does not look at WPS.")
    assert_accessible(page, axe, what="report form")
    page.get_by_role("button", name="Save the report").click()
    expect(page.locator(".shell-messages")).to_contain_text("The report was saved.")
    expect(page.locator("#reports")).to_contain_text("Partly integrated")

    report = GrantReport.objects.get()
    assert report.reports_on_wps and report.assessed_by == cast.officer
    assert Grant.objects.get().gender_marker == 2

    page.get_by_role("link", name="Back to grants").click()
    page.get_by_role("link", name="Funding figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Funding figures")
    table = page.get_by_role("table", name="Share of funding (NOK) by gender marker")
    expect(table).to_contain_text("100%")
    expect(
        page.get_by_role("table", name="Grantees reporting on WPS, and needs analyses received")
    ).to_contain_text("1")
    assert_accessible(page, axe, what="funding figures")

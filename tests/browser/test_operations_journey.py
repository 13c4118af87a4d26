"""Issue 15's operations journey: an officer in Bogotá adds an operation, records a mandate
renewal with its WPS tasks and women's participation figures, and keeps a person on the
restricted personnel list."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import assert_accessible, log_in_browser
from tests.personas import Cast
from wpsdesk.operations.models import DeployedPerson, MandatedTask


def test_an_officer_follows_an_operation_its_mandate_participation_and_personnel(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    log_in_browser(context, live_server, cast.officer)
    page.goto("/operations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Operations")
    assert_accessible(page, axe, what="empty operation list")

    page.get_by_role("link", name="Add an operation").click()
    page.get_by_role("button", name="Add operation").click()  # nothing filled in yet
    expect(page.locator("#error-summary")).to_contain_text("Give the operation's name.")
    assert_accessible(page, axe, what="operation form with errors")
    page.get_by_label("Name", exact=True).fill("Verification Mission in the Andes")
    page.get_by_label("Short name").fill("UNVMA")
    page.get_by_label("Organisation").select_option(label="United Nations")
    page.get_by_label("Kind").select_option(label="Political or peacebuilding mission")
    page.get_by_label("Countries").fill("CO")
    page.get_by_label("Norway's contribution", exact=True).select_option(label="Funding")
    page.get_by_role("button", name="Add operation").click()
    expect(page.locator(".shell-messages")).to_contain_text("The operation was added.")

    page.get_by_text("Record a mandate renewal").click()
    page.get_by_label("Date", exact=True).fill("2026-04-30")
    page.get_by_label("Resolution or decision").fill("S/RES/2800 (2026)")
    page.get_by_label("WPS task 1", exact=True).fill("Women protection advisers")
    page.get_by_label("At this renewal, task 1").select_option(label="Strengthened")
    page.get_by_role("button", name="Record renewal").click()
    expect(page.locator(".shell-messages")).to_contain_text("The mandate renewal was recorded.")
    expect(page.locator("#mandate")).to_contain_text("Strengthened")

    page.get_by_text("Record participation figures").click()
    page.get_by_label("As of").fill("2026-06-30")
    page.get_by_label("Level").select_option(label="Police")
    page.get_by_label("Women", exact=True).fill("30")
    page.get_by_label("Total", exact=True).fill("120")
    page.get_by_role("button", name="Record figures").click()
    expect(page.locator("#participation")).to_contain_text("25.0 %")
    assert_accessible(page, axe, what="operation page")

    page.get_by_role("link", name="Add a deployed person").click()
    page.get_by_label("Name", exact=True).fill("Kari Nordmann")
    page.get_by_label("Review the entry by").fill("2026-12-01")
    assert_accessible(page, axe, what="personnel form")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#personnel")).to_contain_text("Kari Nordmann")

    assert MandatedTask.objects.get().outcome == "strengthened"
    assert DeployedPerson.objects.get().classification == "restricted"

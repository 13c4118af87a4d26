"""Logging a meeting with the keyboard alone, in well under a minute, and seeing it counted."""

from __future__ import annotations

import time
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import assert_accessible, log_in_browser
from tests.personas import Cast
from wpsdesk.engagements.models import Engagement


def tab_to(page: Page, element_id: str, limit: int = 80) -> None:
    """Press Tab until the element has focus, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def test_log_a_meeting_by_keyboard_and_see_it_in_the_dashboard(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    log_in_browser(context, live_server, cast.officer)
    page.goto("/engagements/")
    assert_accessible(page, axe, what="engagement list")
    page.get_by_role("link", name="Log an engagement").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log an engagement")
    assert_accessible(page, axe, what="empty log form")

    started = time.monotonic()
    expect(page.locator("#id_title")).to_be_focused()  # the title has the focus at once
    page.keyboard.type("Meeting with the deputy minister on the local peace councils")
    tab_to(page, "id_country")
    expect(page.locator("#id_country")).to_have_value("Colombia")  # the unit's country
    tab_to(page, "id_n_norway_women")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("1")
    tab_to(page, "id_lead_norway")
    page.keyboard.press("ArrowDown")  # "A woman"
    page.keyboard.press("Tab")
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type("4")
    grid = page.locator("[data-count-grid]")
    expect(grid.locator("tr[data-side='counterpart'] [data-row-total]")).to_have_text("5")
    expect(grid.locator("[data-grand-total]")).to_have_text("8")
    expect(grid.locator("[data-women-share]")).to_have_text("38%")
    tab_to(page, "id_wps_on_agenda")
    page.keyboard.press("Space")
    tab_to(page, "id_n_counterpart_men")
    page.keyboard.press("Enter")  # the form's first button: "Log engagement"
    expect(page.locator(".shell-messages")).to_contain_text("The engagement was logged.")
    elapsed = time.monotonic() - started
    assert elapsed < 60, f"logging took {elapsed:.0f} s"

    engagement = Engagement.objects.get()
    assert (engagement.unit, engagement.wps_on_agenda) == (cast.bogota, True)
    expect(page.get_by_role("heading", level=1)).to_have_text(engagement.title)
    assert_accessible(page, axe, what="engagement detail")

    page.goto("/engagements/dashboard/")
    table = page.get_by_role("table", name="Women's share of delegations")
    expect(table).to_contain_text("67%")  # Norway: 2 of 3
    expect(table).to_contain_text("20%")  # counterpart: 1 of 5
    expect(page.locator("svg.chart").first).to_be_visible()
    assert_accessible(page, axe, what="dashboard")


def test_counts_that_do_not_add_up_are_explained_and_keep_what_was_typed(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    log_in_browser(context, live_server, cast.officer)
    page.goto("/engagements/new/")
    page.keyboard.type("Round table")
    tab_to(page, "id_n_civil_society_women")
    page.keyboard.type("3")
    tab_to(page, "spoke-toggle")
    page.keyboard.press("Enter")  # open "Who spoke"
    # The disclosure opens with a transition; its fields take focus once they are shown.
    expect(page.locator("#id_s_civil_society_women")).to_be_visible()
    tab_to(page, "id_s_civil_society_women")
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Civil society – women: 5 spoke, but only 3 took part.")
    expect(page.locator("#id_n_civil_society_women")).to_have_value("3")
    assert_accessible(page, axe, what="log form with errors")
    assert not Engagement.objects.exists()

"""A mission officer records a conflict analysis and turns an inclusion gap into an activity."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser_support import assert_accessible, log_in_browser
from tests.personas import Cast
from tests.processes.factories import load_analysis_guidelines, make_current_plan, make_process
from wpsdesk.processes.models import ConflictAnalysis, InclusionEntry


@pytest.mark.browser
def test_record_an_analysis_and_turn_a_gap_into_an_activity(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    load_analysis_guidelines()
    make_current_plan(cast.bogota, cast.lead)
    make_process(cast.bogota, name="Fictional Andes talks", contributing=[cast.amman])
    log_in_browser(context, live_server, cast.officer)

    page.goto("/processes/")
    assert_accessible(page, axe, what="process list")
    page.get_by_role("link", name="Fictional Andes talks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fictional Andes talks")
    assert_accessible(page, axe, what="process page")

    page.get_by_role("link", name="Start an analysis").click()
    page.get_by_label("Title").fill("Andes conflict analysis")
    page.get_by_role("button", name="Start the analysis").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("draft version 1")
    assert_accessible(page, axe, what="analysis form")
    page.get_by_label("P1.BOX.ANALYSIS.Q1").fill("Rural women are displaced first.")
    page.get_by_label("Actor", exact=True).fill("Women's platform")
    page.get_by_label("Kind").select_option("womens_group")
    page.get_by_label("Agent of change or spoiler").select_option("agent")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".shell-messages")).to_contain_text("The draft was saved.")
    expect(page.get_by_text("Rural women are displaced first.")).to_be_visible()
    assert_accessible(page, axe, what="analysis page")

    page.get_by_role("link", name="Fictional Andes talks").click()
    page.get_by_role("link", name="Grassroots women's organisations").click()
    assert_accessible(page, axe, what="inclusion form")
    page.get_by_label("Assessment").fill("A national platform; rural groups disagree.")
    page.get_by_label("Gaps").fill("Rural women's groups not consulted.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".shell-messages")).to_contain_text("The inclusion assessment was saved.")
    page.get_by_role("link", name="Grassroots women's organisations").click()
    page.get_by_role("textbox", name="Activity").fill("Consult rural women's groups")
    page.get_by_role("button", name="Turn into an activity").click()
    expect(page.locator(".shell-messages")).to_contain_text("was added to the plan")
    expect(page.locator("#inclusion")).to_contain_text("Consult rural women's groups")
    assert_accessible(page, axe, what="process page with the activity")

    analysis = ConflictAnalysis.objects.get()
    assert analysis.versions.get().answers.get(item__code="P1.BOX.ANALYSIS.Q1").answer
    assert InclusionEntry.objects.get().activity.goal.plan.unit == cast.bogota

"""Issue 15's journey, its country part: an officer in Bogotá finds Colombia's page and
records the follow-up of a UPR recommendation Norway made."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import assert_accessible, log_in_browser
from tests.countries.factories import cycle, recommendation
from tests.personas import Cast
from wpsdesk.countries.models import FollowUp


def test_an_officer_records_a_upr_recommendations_follow_up(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    cycle(cast.bogota)
    rec = recommendation(cast.bogota, text="Adopt and fund a second national action plan.")
    log_in_browser(context, live_server, cast.officer)
    page.goto("/")
    page.get_by_role("link", name="Countries").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Countries")
    page.get_by_label("Name").fill("colombia")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("table")).to_contain_text("1 country")
    assert_accessible(page, axe, what="country list")

    page.get_by_role("link", name="Colombia").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Colombia")
    article = page.locator(f"#rec-{rec.pk}")
    expect(article).to_contain_text("Norway's recommendation")
    assert_accessible(page, axe, what="country page")

    article.get_by_text("Record a follow-up").click()
    article.get_by_label("Date").fill("2026-09-01")
    article.get_by_label("Status").select_option(label="Partly implemented")
    article.get_by_label("Evidence").fill("The draft plan was sent to parliament.")
    article.get_by_label("By whom").fill("Women's network")
    assert_accessible(page, axe, what="follow-up form")
    article.get_by_role("button", name="Record the follow-up").click()
    expect(page.locator(".shell-messages")).to_contain_text("The follow-up was recorded.")
    expect(page.locator(f"#rec-{rec.pk}")).to_contain_text("The draft plan was sent to parliament.")
    assert_accessible(page, axe, what="country page after the follow-up")

    follow_up = FollowUp.objects.get()
    assert (follow_up.recommendation, follow_up.status, follow_up.created_by) == (
        rec,
        "partly",
        cast.officer,
    )

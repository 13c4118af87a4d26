"""The web shell in a real browser: skip link, language switch, unit switch, keyboard only."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import assert_accessible, log_in_browser
from tests.personas import Cast
from wpsdesk.organisation.models import Membership, Role


def test_home_page_is_accessible_and_the_skip_link_reaches_main(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    log_in_browser(context, live_server, cast.officer)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    assert_accessible(page, axe, what="home")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_switching_language_with_the_keyboard_shows_bokmal(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    log_in_browser(context, live_server, cast.officer)
    page.goto("/")
    page.get_by_label("Language").focus()
    page.get_by_label("Language").select_option("nb")
    page.get_by_role("button", name="Change language").press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("link", name="Hopp til hovedinnhold")).to_be_attached()
    assert_accessible(page, axe, what="home in bokmål")


def test_switching_unit_makes_the_other_unit_current(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    Membership.objects.create(user=cast.officer, unit=cast.section, role=Role.READER)
    log_in_browser(context, live_server, cast.officer)
    page.goto("/")
    page.get_by_label("Unit", exact=True).select_option(label=cast.section.name)
    page.get_by_role("button", name="Switch unit").press("Enter")
    expect(page.get_by_role("status")).to_contain_text(
        f"You are now working in {cast.section.name}"
    )
    expect(page.get_by_label("Unit", exact=True)).to_have_value(str(cast.section.pk))
    assert_accessible(page, axe, what="home after unit switch")

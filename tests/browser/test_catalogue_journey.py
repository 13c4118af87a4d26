"""The guidelines in a real browser: browse to a commitment, search for a phrase, open a hit."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import assert_accessible, log_in_browser
from tests.personas import Cast
from wpsdesk.catalogue.datafile import BUNDLED_FILE, read_data_file
from wpsdesk.catalogue.services import catalogue_load, priority_lists_seed

pytestmark = pytest.mark.browser


@pytest.fixture
def loaded(cast: Cast) -> None:
    catalogue_load(spec=read_data_file(BUNDLED_FILE))
    priority_lists_seed()


def test_browse_from_the_home_page_to_a_commitment(
    cast: Cast, loaded: None, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    log_in_browser(context, live_server, cast.reader)
    page.goto("/")
    page.get_by_role("link", name="Browse the WPS guidelines by thematic priority").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Women, Peace and Security")
    assert_accessible(page, axe, what="the guidelines index")

    priority = page.get_by_role("heading", name="Peace processes and implementation of peace")
    priority.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Peace processes and implementation of peace agreements"
    )
    assert_accessible(page, axe, what="a thematic priority")

    page.get_by_role("link", name="P1.C.5", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/catalogue/items/P1.C.5/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Commitment P1.C.5")
    expect(page.get_by_role("navigation", name="Place in the guidelines")).to_contain_text(
        "Peace processes and implementation of peace agreements"
    )
    expect(page.get_by_role("link", name="P1.C.5.c", exact=True)).to_be_visible()
    assert_accessible(page, axe, what="a commitment")


def test_search_for_a_phrase_and_open_a_result(
    cast: Cast, loaded: None, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    log_in_browser(context, live_server, cast.officer)
    page.goto("/catalogue/")
    page.get_by_label("Search the guidelines").fill('"women mediators"')
    page.get_by_label("Search the guidelines").press("Enter")

    expect(page.get_by_role("status")).to_have_text("5 items match.")
    first = page.locator(".catalogue-hit").first
    expect(first.locator("mark").first).to_have_text("Women")
    assert_accessible(page, axe, what="search results")

    page.get_by_label("Words to search for").fill('"peace agreements" implementation')
    expect(page.get_by_role("status")).to_contain_text("match")
    expect(page).to_have_url(re.compile(r"/catalogue/search/\?q=%22peace"))
    page.get_by_role("link", name="P1 – Peace processes").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Peace processes and implementation of peace agreements"
    )
    assert_accessible(page, axe, what="a search hit opened")


def test_a_coordinator_ends_and_adds_priority_entries_with_the_keyboard(
    cast: Cast, loaded: None, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    log_in_browser(context, live_server, cast.coordinator)
    page.goto("/catalogue/priorities/")
    expect(page.get_by_role("heading", level=2).first).to_contain_text("18 priority countries")
    assert_accessible(page, axe, what="the priority lists")

    page.get_by_role("link", name="End Mali").press("Enter")
    page.get_by_label("Last day on the list").fill("2024-06-30")
    page.get_by_label("Why it is taken off the list").fill("The embassy closed.")
    page.get_by_role("button", name="Take it off the list").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Mali is off the list after 2024-06-30")

    page.get_by_role("link", name="Add a country or forum").press("Enter")
    page.get_by_role("button", name="Add the country").press("Enter")
    expect(page.locator("#country-errors")).to_be_focused()
    expect(page.locator("#country-errors")).to_contain_text("Choose the country to add.")
    assert_accessible(page, axe, what="the add form with errors")

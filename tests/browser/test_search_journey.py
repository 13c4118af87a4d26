"""The header search in a real browser: find across kinds, go to the rest, open a code."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import assert_accessible, log_in_browser
from tests.engagements.factories import make_engagement
from tests.personas import Cast
from wpsdesk.catalogue.datafile import BUNDLED_FILE, read_data_file
from wpsdesk.catalogue.services import catalogue_load, priority_lists_seed

pytestmark = pytest.mark.browser


@pytest.fixture
def loaded(cast: Cast) -> None:
    catalogue_load(spec=read_data_file(BUNDLED_FILE))
    priority_lists_seed()
    for n in range(7):
        make_engagement(cast.bogota, title=f"Mediation support meeting {n}")


def test_the_header_search_finds_guidelines_and_engagements_and_opens_a_code(
    cast: Cast, loaded: None, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    log_in_browser(context, live_server, cast.officer)
    page.goto("/")
    box = page.get_by_label("Find anything")
    box.fill("mediation")
    box.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    expect(page.get_by_role("heading", name="Guidelines")).to_be_visible()
    expect(page.get_by_role("heading", name="Engagements (7)")).to_be_visible()
    expect(page.get_by_label("Find anything")).to_have_value("mediation")
    assert_accessible(page, axe, what="search results")

    page.get_by_role("link", name="2 more in Engagements").click()
    expect(page).to_have_url(f"{live_server.url}/engagements/?q=mediation")
    expect(page.get_by_role("link", name="Mediation support meeting 0")).to_be_visible()

    page.get_by_label("Find anything").fill("P1.C.5")
    page.get_by_role("button", name="Find", exact=True).press("Enter")
    expect(page).to_have_url(f"{live_server.url}/catalogue/items/P1.C.5/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Commitment P1.C.5")


def test_the_item_finder_adds_a_code_to_the_engagements_messages(
    cast: Cast, loaded: None, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    log_in_browser(context, live_server, cast.officer)
    page.goto("/engagements/new/")
    finder = page.get_by_label("Find a guideline item by code or words")
    finder.fill("early dialogue initiatives")
    add = page.get_by_role("button", name="P1.C.5 –")
    expect(add.first).to_be_visible()
    assert_accessible(page, axe, what="engagement form with the item finder")
    add.first.press("Enter")
    expect(page.get_by_label("WPS messages delivered")).to_have_value("P1.C.5")
    expect(page.get_by_text("Added P1.C.5.")).to_be_visible()

"""On a phone (390 px wide) no page scrolls sideways: wide tables scroll in their own box,
the header folds its tools into a menu, forms fit the screen."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import assert_accessible, log_in_browser
from tests.engagements.factories import make_engagement
from tests.personas import Cast
from tests.planning.factories import load_guidelines, make_chain, make_run
from wpsdesk.screening import services as screening

PHONE = {"width": 390, "height": 844}

# What sticks out past the right edge, for a message that says where to look.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 391)
  .filter(e => {
    for (let a = e.parentElement; a; a = a.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return false;
    }
    return true;
  })
  .slice(0, 8)
  .map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.')
    + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')"""


def assert_no_sideways_scroll(page: Page, what: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    # On a phone the layout viewport grows to fit what is too wide; compare with the screen.
    assert width <= PHONE["width"], f"{what}: {width} px wide; {page.evaluate(WIDEST)}"


def test_no_page_scrolls_sideways_on_a_phone(
    cast: Cast, browser: Browser, live_server: Any, axe: Axe
) -> None:
    load_guidelines()
    chain = make_chain(cast.bogota, cast.officer)
    run = make_run(cast.bogota, cast.officer)
    make_engagement(
        cast.bogota, counts={("norway", "women"): 2, ("counterpart", "men"): 3}, title="A " * 40
    )
    screening.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="Draft ceasefire agreement with a long title that wraps",
        classification="internal",
        text="The parties shall ensure women’s full, equal and meaningful participation.",
    )
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    try:
        log_in_browser(context, live_server, cast.officer)
        page = context.new_page()
        for path, what in [
            ("/", "home"),
            ("/plans/", "plans"),
            (f"/plans/{chain.plan.pk}/", "a plan"),
            (f"/plans/checklist/{run.pk}/", "the checklist"),
            ("/engagements/", "engagements"),
            ("/engagements/new/", "the engagement form"),
            ("/engagements/dashboard/", "the dashboard"),
            ("/screening/", "screening"),
            ("/catalogue/", "guidelines"),
        ]:
            page.goto(path)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            assert_no_sideways_scroll(page, what)
        # A table that scrolls in its own box keeps its meaning for assistive technology.
        page.goto("/engagements/")
        assert_accessible(page, axe, what="engagements on a phone")
        # The header's tools sit behind one menu button, reachable by keyboard.
        page.goto("/")
        menu = page.get_by_role("button", name="Menu")
        expect(menu).to_be_visible()
        expect(page.get_by_label("Language")).to_be_hidden()
        menu.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_label("Language")).to_be_visible()
        assert_accessible(page, axe, what="home on a phone with the menu open")
    finally:
        context.close()

"""Comparing two drafts from a results page, by keyboard, and a document still in the queue."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser_support import assert_accessible, log_in_browser
from tests.personas import Cast
from tests.screening import docs
from wpsdesk.screening import services
from wpsdesk.screening.models import ScreenedDocument, Source


def test_compare_a_draft_with_the_one_before_and_see_a_queued_document(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    first = services.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="Protocol, first draft",
        classification="internal",
        text=docs.AGREEMENT,
    )
    second = services.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="Protocol, second draft",
        classification="internal",
        text=docs.DRAFT_TWO,
    )
    log_in_browser(context, live_server, cast.officer)
    page.goto(f"/screening/{second.pk}/")
    page.get_by_role("link", name="Compare with another draft").click()
    new = page.get_by_label("New draft")
    expect(new).to_have_value(str(second.pk))
    page.get_by_label("Old draft").focus()
    page.get_by_label("Old draft").select_option(str(first.pk))
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("ins, del").first).to_be_visible()
    assert_accessible(page, axe, what="comparison of two drafts")

    queued = ScreenedDocument.objects.create(
        unit=cast.bogota, title="A long mandate", source=Source.PASTE, text="Women."
    )
    page.goto(f"/screening/{queued.pk}/")
    expect(page.locator("progress")).to_be_visible()
    assert_accessible(page, axe, what="a document waiting to be screened")

"""A delegation officer adds a statement with its WPS messages to a negotiation file."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser_support import assert_accessible, log_in_browser
from tests.multilateral.factories import add_draft, document, make_file, make_objective
from tests.personas import Cast
from tests.planning.factories import load_guidelines
from wpsdesk.multilateral.models import Statement


@pytest.mark.browser
def test_add_a_statement_with_wps_messages_to_a_negotiation_file(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    load_guidelines()
    file = make_file(cast.bogota, title="Resolution on women mediators (test)")
    make_objective(file, objective="Women in every delegation")
    add_draft(file, document(cast.bogota, "Zero draft"), 1, "zero draft")
    add_draft(file, document(cast.bogota, "Revision 1"), 2, "rev. 1")
    log_in_browser(context, live_server, cast.officer)

    page.goto("/multilateral/")
    assert_accessible(page, axe, what="negotiation files")
    page.get_by_role("link", name="Resolution on women mediators (test)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Resolution on women mediators (test)"
    )
    expect(
        page.get_by_role("link", name="Compare with the draft before (zero draft)")
    ).to_be_visible()
    assert_accessible(page, axe, what="negotiation file")

    page.get_by_role("link", name="Add a statement").click()
    assert_accessible(page, axe, what="statement form")
    page.get_by_label("Title").fill("Statement at the open debate (test)")
    page.get_by_label("Delivered on").fill("2026-10-24")
    page.get_by_label("Speaker").fill("Permanent Representative")
    page.get_by_label("WPS messages").fill("P1.C.1 NOPE.9")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("These codes are not in the current guidelines: NOPE.9.").first
    ).to_be_visible()
    assert_accessible(page, axe, what="statement form with an error")
    page.get_by_label("WPS messages").fill("P1.C.1 P2.C.1")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".shell-messages")).to_contain_text("The statement was saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statement at the open debate (test)")
    expect(page.get_by_role("link", name="P2.C.1")).to_be_visible()
    assert_accessible(page, axe, what="statement page")

    page.get_by_role("link", name="Resolution on women mediators (test)").click()
    statements = page.locator("#statements")
    expect(statements).to_contain_text("Statement at the open debate (test)")
    expect(statements.get_by_role("link", name="P1.C.1")).to_be_visible()

    statement = Statement.objects.get()
    assert statement.file == file
    assert sorted(i.code for i in statement.messages.all()) == ["P1.C.1", "P2.C.1"]

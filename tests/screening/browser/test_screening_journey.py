"""Pasting a text, seeing what it says about WPS marked in place, narrowing it to one theme."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser_support import assert_accessible, log_in_browser
from tests.personas import Cast
from tests.screening import docs
from wpsdesk.screening.models import ScreenedDocument, Status


def test_paste_a_text_read_the_marked_findings_and_filter_by_theme(
    cast: Cast,
    context: BrowserContext,
    page: Page,
    live_server: Any,
    axe: Axe,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    log_in_browser(context, live_server, cast.officer)
    page.goto("/screening/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening")
    assert_accessible(page, axe, what="screening list")
    page.get_by_role("link", name="Screen a document").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Screen a document")
    assert_accessible(page, axe, what="empty screening form")

    page.get_by_role("button", name="Screen the document").click()  # nothing given
    expect(page.locator(".ds-error-summary")).to_contain_text("Choose a file or paste a text.")
    expect(page.locator(".ds-error-summary")).to_be_focused()

    page.get_by_label("Title (optional)").fill("Agreement of the table in Cartagena")
    page.get_by_label("Or paste the text").fill(docs.AGREEMENT)
    page.get_by_role("button", name="Screen the document").click()
    expect(page.locator(".shell-messages")).to_contain_text("The document was screened.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agreement of the table in Cartagena")
    document = ScreenedDocument.objects.get()
    assert document.status == Status.DONE

    marks = page.locator(".provision-text mark")
    expect(marks.filter(has_text="sexual violence")).to_have_count(1)
    shared = marks.filter(has_text="Participation and representation").filter(
        has_text="Women human rights defenders"
    )
    expect(shared).to_have_count(1)  # one mark names every theme on the same word
    expect(
        page.get_by_role("table", name="What a text of this type should contain")
    ).to_be_visible()
    assert_accessible(page, axe, what="screening results")

    page.get_by_label("Theme", exact=True).select_option(
        label="Sexual and gender-based violence, CRSV"
    )
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.locator("#shown-count")).to_contain_text("2 findings in 1 provisions shown.")
    expect(page.locator("article.provision")).to_have_count(1)
    expect(page.locator("article.provision h3")).to_contain_text("Article 2")
    # Each mark reads its word, then its theme (in a visually hidden span).
    assert [text.split("(")[0].strip() for text in marks.all_inner_texts()] == [
        "rape",
        "sexual violence",
    ]
    assert "theme=sgbv" in page.url
    assert_accessible(page, axe, what="filtered findings")

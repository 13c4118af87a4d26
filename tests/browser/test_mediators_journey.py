"""A mission officer requests a mediator; the Section agrees and records the travel cost."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import assert_accessible, log_in_browser
from tests.mediators.factories import make_allocation, make_keeper, make_mediator
from tests.personas import Cast
from wpsdesk.mediators.models import Deployment, MediatorRequest


@pytest.mark.browser
def test_a_mission_requests_a_mediator_and_the_section_agrees_and_records_the_cost(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    mediator = make_mediator(cast, "Ada Mediator", expertise=("inclusion",))
    make_allocation(cast, 2026, "100000")
    keeper = make_keeper(cast)

    log_in_browser(context, live_server, cast.officer)
    page.goto("/mediators/?expertise=inclusion")
    assert_accessible(page, axe, what="roster")
    page.get_by_role("link", name="Ada Mediator").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Mediator")
    page.get_by_role("link", name="Request her").click()
    expect(page.locator("#id_mediator")).to_have_value(str(mediator.pk))
    page.get_by_label("Purpose", exact=True).fill("Advise the women's delegation before the talks")
    page.get_by_label("Peace process, in words", exact=True).fill("Andean dialogue")
    page.get_by_label("From", exact=True).fill("2026-05-01")
    page.get_by_label("To", exact=True).fill("2026-04-01")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("#error-summary")).to_contain_text("The last day cannot be before")
    assert_accessible(page, axe, what="request form with errors")
    page.get_by_label("To", exact=True).fill("2026-05-04")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("#request-status")).to_have_text("Asked")
    assert_accessible(page, axe, what="request page")

    context.clear_cookies()
    log_in_browser(context, live_server, keeper)
    page.goto("/mediators/requests/")
    assert_accessible(page, axe, what="request list")
    page.get_by_role("row", name="Ada Mediator").get_by_role("link").click()
    page.get_by_label("Note (optional)").fill("She can go")
    page.get_by_role("button", name="Agree").click()
    expect(page.locator("#request-status")).to_have_text("Agreed")
    page.get_by_role("link", name="Record the deployment and its cost").click()
    assert_accessible(page, axe, what="deployment form")
    page.get_by_label("Travel (NOK)").fill("14500")
    page.get_by_label("Accommodation (NOK)").fill("8200")
    page.get_by_label("Paid by", exact=True).select_option("central")
    page.get_by_label("After-action notes").fill("Two workshops with the delegation")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".shell-messages")).to_contain_text("The deployment was saved.")

    request = MediatorRequest.objects.get()
    assert request.status == "agreed"
    assert Deployment.objects.get(request=request).cost == Decimal("22700")
    page.goto("/mediators/funding/")
    expect(page.locator("td.balance").first).to_have_text("77300.00")
    assert_accessible(page, axe, what="funding")

    # The Section's own pages for keeping the roster pass the same checks.
    page.goto(f"/mediators/{mediator.pk}/")
    expect(page.locator("#contact")).to_contain_text("canary-7f3a@example.org")
    assert_accessible(page, axe, what="mediator page with contact data")
    page.goto(f"/mediators/{mediator.pk}/edit/")
    assert_accessible(page, axe, what="profile form")
    page.goto(f"/mediators/{mediator.pk}/contact/")
    assert_accessible(page, axe, what="contact form")

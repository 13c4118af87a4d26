"""Issue 13's journey: a lead in Bogotá adds an organisation to the civil-society map."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import assert_accessible, log_in_browser
from tests.personas import Cast
from wpsdesk.civil_society.models import Organisation


def test_a_lead_adds_an_organisation_and_sees_it_listed(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    log_in_browser(context, live_server, cast.lead)
    page.goto("/")
    page.get_by_role("link", name="Civil society").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Civil society")
    assert_accessible(page, axe, what="empty civil-society list")

    page.get_by_role("link", name="Add an organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an organisation")
    expect(page.get_by_label("Country")).to_have_value("CO")  # the unit's country
    page.get_by_role("button", name="Add organisation").click()  # nothing filled in yet
    expect(page.locator("#error-summary")).to_contain_text("Give the organisation's name.")
    assert_accessible(page, axe, what="form with errors")

    page.get_by_label("Name").fill("Red de Mujeres del Pacífico")
    page.get_by_label("Scope").select_option(label="Local")
    page.get_by_label("Type", exact=True).select_option(label="Network")
    page.get_by_label("Peace processes and implementation of peace agreements").check()
    page.get_by_label("Stance on women's rights").select_option(label="Ally of women's rights")
    page.get_by_label("Who they are").fill("Forty women's groups on the Pacific coast.")
    page.get_by_label("How women there build alliances with men").fill(
        "Community dialogues with male leaders."
    )
    page.get_by_role("button", name="Add organisation").click()
    expect(page.locator(".shell-messages")).to_contain_text("The organisation was added.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Red de Mujeres del Pacífico")
    expect(page.locator("dl.facts").first).to_contain_text("Colombia")
    assert_accessible(page, axe, what="organisation page")

    organisation = Organisation.objects.get()
    assert (organisation.unit, organisation.themes, organisation.created_by) == (
        cast.bogota,
        "P1",
        cast.lead,
    )

    page.get_by_role("link", name="Back to civil society").click()
    expect(page.get_by_role("table")).to_contain_text("Red de Mujeres del Pacífico")
    page.get_by_label("Search").fill("pacífico")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("table")).to_contain_text("1 organisation")
    assert_accessible(page, axe, what="filtered civil-society list")

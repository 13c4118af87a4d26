"""Issue 13's journey: a lead in Bogotá adds an organisation to the civil-society map, then
records a threat against a defender they follow and refers the case to a protection
mechanism."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import assert_accessible, log_in_browser
from tests.people_at_risk.factories import grant, make_person_at_risk, second_lead
from tests.personas import Cast
from wpsdesk.civil_society.models import Organisation
from wpsdesk.people_at_risk.models import MonitoringEvent, ProtectionMeasure


def test_a_lead_adds_an_organisation_and_sees_it_listed(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    defender = make_person_at_risk(cast.bogota, "DEMO-HERON")
    grant(
        defender,
        cast.lead,
        by=second_lead(cast.bogota, "lead2"),
        approver=second_lead(cast.bogota, "lead3"),
    )
    log_in_browser(context, live_server, cast.lead)
    page.goto("/")
    page.get_by_role("link", name="Civil society").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Civil society")
    assert_accessible(page, axe, what="empty civil-society list")

    page.get_by_role("link", name="Add an organisation").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an organisation")
    expect(page.get_by_label("Country")).to_have_value("Colombia")  # the unit's country
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

    # A threat against a defender the lead follows, then a referral to a protection mechanism.
    page.goto("/people-at-risk/")
    page.get_by_role("link", name="DEMO-HERON").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("DEMO-HERON")
    page.locator("#id_event-occurred_on").fill("2026-11-20")
    page.locator("#id_event-kind").select_option(label="Threat")
    page.locator("#id_event-severity").select_option(label="High")
    page.locator("#id_event-source").select_option(label="The person")
    page.locator("#id_event-reliability").select_option(label="Likely")
    page.locator("#id_event-description").fill("Threatening messages after the peace forum.")
    page.get_by_role("button", name="Log the event").click()
    expect(page.locator("#log-heading + table")).to_contain_text("Threatening messages")
    assert_accessible(page, axe, what="person at risk with a logged threat")

    page.locator("#id_measure-kind").select_option(label="Referral to a UN protection mechanism")
    page.locator("#id_measure-started_on").fill("2026-11-21")
    page.locator("#id_measure-mechanism").fill("UN Special Rapporteur on human rights defenders")
    page.get_by_role("button", name="Add the measure").click()
    expect(page.locator("#measure-heading + table")).to_contain_text("UN Special Rapporteur")
    assert_accessible(page, axe, what="person at risk with a referral")
    event = MonitoringEvent.objects.get(person=defender)
    measure = ProtectionMeasure.objects.get(person=defender)
    assert (event.kind, event.severity, measure.kind) == ("threat", "high", "referral_un")

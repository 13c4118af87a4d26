"""An officer plans the year in a real browser: plan → goal tied to a commitment → activity →
indicator value → checklist answered by keyboard and saved as it goes → its "no" → activity.
Every page state is axe-clean."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_plus

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import assert_accessible, log_in_browser
from tests.personas import Cast
from tests.planning.factories import YEAR, load_guidelines
from wpsdesk.planning.models import Activity, Goal, IndicatorValue, WorkPlan


def test_an_officer_plans_the_year_and_turns_a_checklist_no_into_an_activity(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    load_guidelines()
    log_in_browser(context, live_server, cast.officer)

    # A plan for the year.
    page.goto("/plans/")
    assert_accessible(page, axe, what="plan list")
    page.get_by_role("link", name="Start a plan").first.click()
    page.get_by_label("Year").fill(str(YEAR))
    page.get_by_label("Kind of plan").select_option("separate")
    page.get_by_label("Title (optional)").fill("Bogotá WPS plan")
    assert_accessible(page, axe, what="plan form")
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bogotá WPS plan")
    assert_accessible(page, axe, what="new plan")

    # A goal tied to a commitment found by searching the guidelines (htmx swaps the options).
    page.get_by_role("link", name="Add a goal").click()
    page.get_by_label("Goal", exact=True).fill("Women in the local peace talks")
    page.get_by_label("Search the guidelines").fill("influence")
    commitment = page.get_by_label("P1.C.5", exact=False)
    expect(commitment).to_be_visible()
    commitment.check()
    assert_accessible(page, axe, what="goal form with search results")
    page.get_by_role("button", name="Save the goal").click()
    expect(page.get_by_role("heading", name="Women in the local peace talks")).to_be_visible()
    goal = Goal.objects.get()
    assert list(goal.items.values_list("code", flat=True)) == ["P1.C.5"]

    # An activity under the goal.
    page.get_by_role("link", name="Add an activity – Women in the local peace talks").click()
    page.get_by_label("Activity").fill("Meet the women’s network before each round")
    page.get_by_role("button", name="Add the activity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Meet the women’s network before each round"
    )
    assert_accessible(page, axe, what="activity page")
    page.get_by_label("What happened").fill("First meeting held.")
    page.get_by_label("Status").select_option("under_way")
    page.get_by_role("button", name="Record progress").click()
    expect(page.locator("#progress")).to_contain_text("First meeting held.")

    # An indicator and a value whose breakdown must add up.
    page.get_by_role("link", name="Back to Bogotá WPS plan").click()
    page.get_by_role("link", name="Add an indicator – Women in the local peace talks").click()
    page.get_by_label("Indicator").fill("Women in the delegations we support")
    page.get_by_label("Unit of measure").fill("people")
    page.get_by_role("button", name="Save the indicator").click()
    page.get_by_role("link", name="Enter values for a period").click()
    page.get_by_label("Actual", exact=True).fill("5")
    page.get_by_label("Women", exact=True).fill("3")
    page.get_by_label("Men", exact=True).fill("1")
    page.get_by_role("button", name="Save the values").click()
    expect(page.get_by_role("alert")).to_contain_text("The figures for gender add up to 4")
    assert_accessible(page, axe, what="value form with an error")
    page.get_by_label("Men", exact=True).fill("2")
    page.get_by_role("button", name="Save the values").click()
    expect(page.get_by_role("heading", name=str(YEAR), exact=True)).to_be_visible()
    assert_accessible(page, axe, what="indicator page")
    assert IndicatorValue.objects.get().actual == 5

    # The checklist, by keyboard: each answer is saved as it is given, the counts go up
    # without a reload, the answers are there after one; a "no" becomes an activity.
    page.get_by_role("navigation", name="Plans and results").get_by_role(
        "link", name="Mission checklist"
    ).click()
    page.get_by_role("region", name="Start a year's checklist").get_by_label(
        "Year", exact=True
    ).fill(str(YEAR))
    page.get_by_role("button", name="Start the checklist").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Checklist {YEAR}")
    assert_accessible(page, axe, what="checklist")
    counter = page.locator("#checklist-answered")
    expect(counter).to_have_text(re.compile(r"^0 of \d+ answered$"))
    total = int(counter.inner_text().split()[2])

    row = page.locator("section.planning-check-row", has=page.get_by_role("link", name="CL.1.b"))
    row.get_by_label("Yes", exact=True).focus()  # where Tab enters the row's radio group
    page.keyboard.press("Space")  # "Yes"
    page.keyboard.press("ArrowRight")  # "Partly"
    page.keyboard.press("ArrowRight")  # "No"
    expect(row.get_by_label("No", exact=True)).to_be_focused()
    expect(row.get_by_role("status")).to_contain_text("Saved at")
    expect(counter).to_have_text(f"1 of {total} answered")
    expect(page.locator("#section-cl-1-count")).to_contain_text("1 of ")
    page.keyboard.press("Tab")
    expect(row.get_by_label("Note for CL.1.b")).to_be_focused()
    with page.expect_response(
        lambda r: "/items/" in r.url and "set roles" in unquote_plus(r.request.post_data or "")
    ):
        page.keyboard.type("The women on our team have no set roles.")

    # The next section is folded: opened from its summary with Enter, answered with Space.
    page.emulate_media(reduced_motion="reduce")  # no opening animation to wait for
    page.locator("#section-cl-3 > summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the link to CL.3 in the guidelines
    page.keyboard.press("Tab")  # the first choice: "Yes"
    second = page.locator(
        "section.planning-check-row", has=page.get_by_role("link", name="CL.3", exact=True)
    )
    expect(second.get_by_label("Yes", exact=True)).to_be_focused()
    page.keyboard.press("Space")
    expect(second.get_by_role("status")).to_contain_text("Saved at")
    expect(counter).to_have_text(f"2 of {total} answered")
    assert_accessible(page, axe, what="checklist after two answers")

    page.reload()
    expect(counter).to_have_text(f"2 of {total} answered")
    expect(row.get_by_label("No", exact=True)).to_be_checked()
    expect(row.get_by_label("Note for CL.1.b")).to_have_value(
        "The women on our team have no set roles."
    )
    # CL.3 is done, so its section starts folded, showing its count.
    expect(page.locator("#section-cl-3-count")).to_have_text("1 of 1 answered")
    expect(page.locator("#section-cl-3 input[type=radio][value=yes]")).to_be_checked()
    row.get_by_role("link", name="Turn CL.1.b into an activity").click()
    assert_accessible(page, axe, what="checklist answer to activity")
    page.get_by_role("button", name="Add the activity").click()
    expect(page.get_by_role("status").first).to_contain_text("was added under")
    assert_accessible(page, axe, what="checklist after the activity")

    activity = Activity.objects.get(from_answer__isnull=False)
    assert activity.from_answer.answer == "no"  # type: ignore[union-attr]
    assert activity.goal.plan == WorkPlan.objects.get()
    assert activity.notes == "The women on our team have no set roles."


def test_the_lists_traceability_and_gap_pages_are_accessible(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    from tests.planning.factories import make_chain, make_run

    load_guidelines()
    make_chain(cast.bogota, cast.officer)
    make_run(cast.bogota, cast.officer)
    log_in_browser(context, live_server, cast.coordinator)
    for path, what in [
        ("/plans/activities/", "activity list"),
        ("/plans/indicators/", "indicator list"),
        ("/plans/checklist/", "checklist list"),
        (f"/plans/checklist/compare/?unit={cast.bogota.pk}&first={YEAR}&last={YEAR}", "compare"),
        ("/plans/serving/P1.C.1/", "work serving an item"),
        (f"/plans/gaps/?year={YEAR}", "gap view"),
        ("/plans/exchange/", "Excel and CSV"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page, axe, what=what)

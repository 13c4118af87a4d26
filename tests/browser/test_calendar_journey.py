"""Issue 15's calendar journey: the lead in Bogotá opens the WPS calendar in October, sets
a reminder for the open debate on WPS, and subscribes (makes and copies the feed address)."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from icalendar import Calendar
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import assert_accessible, log_in_browser
from tests.calendar.factories import OCTOBER_DEBATE, seed_global_events
from tests.personas import Cast
from wpsdesk.calendar.models import FeedToken, Reminder


def test_the_lead_opens_the_calendar_sets_a_reminder_and_subscribes(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    seed_global_events()
    log_in_browser(context, live_server, cast.lead)
    page.goto("/")
    page.get_by_role("link", name="Calendar").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("WPS calendar")
    page.goto("/calendar/?month=2026-10")
    expect(page.get_by_role("table", name="October 2026")).to_contain_text(OCTOBER_DEBATE)
    assert_accessible(page, axe, what="calendar month")

    page.get_by_role("link", name="List", exact=True).click()
    expect(page.get_by_label("From")).to_be_visible()
    page.goto("/calendar/list/?start=2026-10-01")
    assert_accessible(page, axe, what="calendar list")
    row = page.locator("tbody tr").filter(has_text=OCTOBER_DEBATE).filter(has_text="27 Oct 2026")
    expect(row).to_have_count(1)
    row.get_by_role("link", name="Remind me").click()
    page.get_by_label("Remind me this many days before").fill("10")
    assert_accessible(page, axe, what="reminder form")
    page.get_by_role("button", name="Set the reminder").click()
    expect(page.locator(".shell-messages")).to_contain_text("Your reminder was set.")
    assert Reminder.objects.get(user=cast.lead).days_before == 10
    assert_accessible(page, axe, what="reminders")

    page.get_by_role("link", name="Subscribe").click()
    page.get_by_role("button", name="Make my calendar address").click()
    assert_accessible(page, axe, what="confirm the address")
    page.get_by_role("button", name="Make the address").click()
    address = page.get_by_label("Calendar address")
    value = address.input_value()
    assert "/calendar/feed/" in value and value.endswith(".ics")
    address.focus()
    page.keyboard.press("ControlOrMeta+a")  # the copy a person makes by keyboard
    assert_accessible(page, axe, what="new calendar address")
    assert FeedToken.objects.filter(user=cast.lead).exists()
    path = value[value.index("/calendar/feed/") :]
    feed = Client().get(path)
    assert feed.status_code == 200
    # Long lines are folded (RFC 5545): read the titles back through the parser.
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")]
    assert OCTOBER_DEBATE in summaries

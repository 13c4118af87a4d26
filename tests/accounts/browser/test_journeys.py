"""Log-in and the session warning in a real browser (Chromium through Playwright).

The whole log-in is typed: password, then a code from the authenticator app. The session
warning runs with a short idle timeout so that it appears within seconds; axe-core checks
each state and any CSP violation fails the test (see ``tests/browser/conftest.py``).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import BrowserContext, Page, expect

from tests.accounts.conftest import code_for
from tests.browser.conftest import assert_accessible, log_in_browser
from tests.personas import PASSWORD, Cast

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_logging_in_with_password_and_code_by_keyboard(
    cast: Cast, page: Page, axe: Axe, live_server: Any
) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert_accessible(page, axe, what="log-in page")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("not the password")
    page.get_by_label("Password").press("Enter")
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("We could not log you in")
    assert_accessible(page, axe, what="log-in page with an error")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/"))
    assert_accessible(page, axe, what="second-factor step")
    page.get_by_label("Code").fill("12")
    page.get_by_label("Code").press("Enter")
    expect(page.locator(".ds-error-summary")).to_be_focused()
    assert_accessible(page, axe, what="second-factor step with an error")
    page.get_by_label("Code").fill(code_for(cast.officer))
    page.get_by_label("Code").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your account")
    assert_accessible(page, axe, what="Your account")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".ds-error-summary").first).to_be_focused()
    assert_accessible(page, axe, what="Your account with errors")


def test_setting_up_the_app_shows_the_qr_code_and_recovery_codes(
    cast: Cast, page: Page, axe: Axe, live_server: Any
) -> None:
    TOTPDevice.objects.filter(user=cast.officer).delete()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/set-up/"))
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_accessible(page, axe, what="set-up page")
    device = TOTPDevice.objects.get(user=cast.officer)
    totp = TOTP(device.bin_key)  # what the app computes from the scanned key
    page.get_by_label("Code from your authenticator app").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your recovery codes")
    expect(page.get_by_role("list", name="Recovery codes").locator("li")).to_have_count(10)
    assert_accessible(page, axe, what="recovery codes")


@pytest.fixture
def short_sessions(settings: Any) -> None:
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 9
    settings.SESSION_IDLE_WARNING_SECONDS = 6


def test_the_session_warning_takes_the_focus_and_staying_keeps_the_session(
    cast: Cast,
    context: BrowserContext,
    page: Page,
    axe: Axe,
    live_server: Any,
    short_sessions: None,
) -> None:
    log_in_browser(context, live_server, cast.officer)
    page.goto("/")
    dialog = page.get_by_role("alertdialog", name="Are you still there?")
    expect(dialog).to_be_visible(timeout=10_000)
    stay = dialog.get_by_role("button", name="Stay logged in")
    expect(stay).to_be_focused()
    expect(dialog.locator("[aria-live=polite]")).to_contain_text("You will be logged out in")
    assert_accessible(page, axe, what="session warning")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    # The server's clock was reset: the page still works after the first deadline.
    page.wait_for_timeout(4_000)
    expect(page).to_have_url(re.compile(r"/$"))
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def test_when_the_time_is_up_the_log_in_page_says_why(
    cast: Cast,
    context: BrowserContext,
    page: Page,
    axe: Axe,
    live_server: Any,
    short_sessions: None,
) -> None:
    log_in_browser(context, live_server, cast.officer)
    page.goto("/accounts/security/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?expired=1"), timeout=20_000)
    expect(page.get_by_role("status")).to_contain_text("You were logged out")
    assert_accessible(page, axe, what="log-in page after the timeout")

"""The docs page and the token page in a real browser, with the real CSP on.

Swagger UI must load from our own static files, fetch the schema and show our endpoints
without a single CSP violation; the token page must pass axe-core.
"""

from __future__ import annotations

import re
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import BrowserContext, Page, Request, expect

from tests.browser.conftest import assert_accessible, log_in_browser
from tests.personas import Cast

TOKEN_SHAPE = re.compile(r"^wpsd_[0-9a-f]{12}_[A-Za-z0-9]{43}$")


def test_the_docs_load_from_our_own_origin_and_show_our_endpoints(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any
) -> None:
    log_in_browser(context, live_server, cast.officer)
    requested: list[str] = []

    def note(request: Request) -> None:
        requested.append(request.url)

    page.on("request", note)
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("wpsdesk API")
    expect(page.get_by_text("/api/units/{id}/", exact=True)).to_be_visible()
    assert any(url.startswith(f"{live_server.url}/api/schema/") for url in requested)
    assert any("/static/drf_spectacular_sidecar/swagger-ui-dist/" in url for url in requested)
    outside = [url for url in requested if not url.startswith((live_server.url, "data:", "blob:"))]
    assert not outside, f"requests outside our origin: {outside}"


def test_the_token_page_is_accessible_and_shows_a_new_token_once(
    cast: Cast, context: BrowserContext, page: Page, live_server: Any, axe: Axe
) -> None:
    log_in_browser(context, live_server, cast.officer)
    page.goto("/api/tokens/")
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    assert_accessible(page, axe, what="token page")
    # A token outlives the session: making one asks for a current code first.
    page.get_by_label("Name").fill("report script")
    page.get_by_role("button", name="Create token").click()
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    device = TOTPDevice.objects.get(user=cast.officer)
    page.get_by_label("Code from your authenticator app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/api/tokens/$"))
    page.get_by_label("Name").fill("report script")
    page.get_by_label("Read and write").check()
    page.get_by_label("Valid for (days)").fill("400")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_label("Valid for (days)")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, axe, what="token page with an error")
    page.get_by_label("Valid for (days)").fill("30")
    page.get_by_role("button", name="Create token").click()
    token = page.get_by_label("Token", exact=True)
    expect(token).to_have_value(TOKEN_SHAPE)
    assert_accessible(page, axe, what="token page with a new token")
    page.get_by_role("button", name="Revoke “report script”").click()
    expect(page.get_by_role("status").first).to_contain_text("revoked")
    expect(page.get_by_label("Token", exact=True)).to_have_count(0)

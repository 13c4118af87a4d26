"""Browser fixtures: Debian's Chromium driven by Playwright against a live server.

Loaded for the whole suite as a plugin (the repository's ``conftest.py``), so that every
browser test, wherever it lives, shares one Chromium per worker: Playwright's synchronous
API allows one running instance per thread. Every test in a ``browser/`` folder is marked
``browser`` (``make test-quick`` leaves them out) and kept on one xdist worker. Pages are
checked with axe-core (bundled by axe-playwright-python) and must raise no serious or
critical violation at WCAG 2.0/2.1 A and AA; CSP violations reported by the browser fail
the test too, since the real CSP is on.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    expect,
    sync_playwright,
)

from wpsdesk.organisation.models import User

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (fixtures, assertions) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("WPSDESK_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    files: dict[str, int] = {}
    for item in items:
        path = str(item.fspath)
        if "/browser/" in path:
            item.add_marker(pytest.mark.browser)
            # Journeys are the slowest tests: split by file into two groups so that each of
            # the two workers runs half of them (each with its own live server and browser),
            # and a file's journeys stay together on one worker.
            group = files.setdefault(path, len(files) % 2)
            item.add_marker(pytest.mark.xdist_group(f"browser-{group}"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (Debian package 'chromium').")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def csp_violations() -> list[str]:
    """Console messages in which the browser reports a Content-Security-Policy violation."""
    return []


@pytest.fixture
def context(
    browser: Browser, live_server: Any, csp_violations: list[str]
) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    # Assertions wait as long as actions: with two workers each running a browser and a
    # server on two cores, a form's round trip can pass expect's default of five seconds.
    expect.set_options(timeout=10_000)
    yield context
    context.close()
    assert not csp_violations, f"CSP violations: {csp_violations}"


@pytest.fixture
def page(context: BrowserContext, csp_violations: list[str]) -> Page:
    page = context.new_page()

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            csp_violations.append(message.text)

    page.on("console", watch)
    return page


def log_in_browser(context: BrowserContext, live_server: Any, user: User) -> None:
    """Give the browser a session of ``user`` who has passed the second factor.

    For journeys that are not about logging in; the log-in journey itself types the
    password and the code.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["otp_device_id"] = device.persistent_id
    session.create()
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "domain": host,
                "path": "/",
            }
        ]
    )


@pytest.fixture
def axe() -> Axe:
    return Axe()


# Finite animations and transitions still running (endless ones, like a spinner, never settle).
SETTLED = """() => document.getAnimations().every(
    (a) => a.playState !== "running" || a.effect?.getComputedTiming().iterations === Infinity
)"""


def assert_accessible(page: Page, axe: Axe, *, what: str = "") -> None:
    """No serious or critical axe-core violation at WCAG 2.0/2.1 A and AA on the page as it is.

    Colours are read once running transitions have ended: a button caught half-way into its
    focus colour has a contrast it never shows at rest.
    """
    page.wait_for_function(SETTLED, timeout=5_000)
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in blocking
    )
    assert not blocking, f"axe found violations on {what or page.url}:\n{details}"

"""Browser fixtures for the log-in journeys kept beside their app.

``context``, ``page``, ``axe`` and ``csp_violations`` are those of ``tests/browser``. The
browser itself is started here per module and closed when the module is done: Playwright's
synchronous API allows one running instance per thread, and the session-wide one in
``tests/browser`` must be able to start after these tests in the same run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browser.conftest import (  # noqa: F401  (fixtures, found by name)
    CHROMIUM,
    CHROMIUM_ARGS,
    axe,
    context,
    csp_violations,
    page,
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (Debian package 'chromium').")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()

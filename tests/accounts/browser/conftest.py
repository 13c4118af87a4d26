"""The browser fixtures of ``tests/browser`` for the log-in journeys kept beside their app."""

from tests.browser.conftest import (  # noqa: F401  (fixtures, found by name)
    axe,
    browser,
    context,
    csp_violations,
    page,
)

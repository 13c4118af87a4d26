"""Browser fixtures for the API's pages: those of tests/browser, imported by name.

Every test here is a browser test (``-m "not browser"`` leaves them out).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import (  # noqa: F401 - fixtures, used by name
    axe,
    browser,
    context,
    csp_violations,
    page,
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/api/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))

"""Browser tests of whole journeys; the fixtures live in ``tests/browser_support.py``."""

from tests.browser_support import (  # noqa: F401  (names other modules import from here)
    AXE_TAGS,
    CHROMIUM,
    CHROMIUM_ARGS,
    assert_accessible,
    log_in_browser,
)

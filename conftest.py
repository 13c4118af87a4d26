"""The browser fixtures are shared by every browser test in the suite."""

pytest_plugins = ["tests.browser_support"]

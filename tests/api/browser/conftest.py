"""Browser tests of the API's pages; the fixtures live in ``tests/browser_support.py``."""

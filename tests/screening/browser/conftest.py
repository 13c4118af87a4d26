"""Browser tests of the screening pages; the fixtures live in ``tests/browser_support.py``."""

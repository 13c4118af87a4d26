"""Browser fixtures for the log-in journeys; the shared ones are in tests/browser_support.py."""

from __future__ import annotations

"""Fixtures for the reports tests: a media directory per test, and the guidelines excerpt."""

from __future__ import annotations

import pytest

from tests.planning.factories import load_guidelines


@pytest.fixture(autouse=True)
def media(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    """Sealed files of each test go to a directory of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def guidelines(db: None) -> None:
    load_guidelines()

"""Fixtures for the planning tests: the guidelines excerpt and a chain of work in Bogotá."""

from __future__ import annotations

import pytest

from tests.personas import Cast
from tests.planning.factories import Chain, load_guidelines, make_chain


@pytest.fixture
def guidelines(db: None) -> None:
    load_guidelines()


@pytest.fixture
def chain(cast: Cast, guidelines: None) -> Chain:
    """Bogotá's 2026 plan: P1.C.1 → goal → activity → indicator → 2026 value."""
    return make_chain(cast.bogota, cast.officer)


@pytest.fixture(autouse=True)
def media(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    """Uploaded files of each test go to a directory of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"

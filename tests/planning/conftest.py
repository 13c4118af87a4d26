"""Fixtures for the planning tests: the guidelines excerpt and a chain of work in Bogotá."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.personas import Cast
from tests.planning.factories import Chain, load_guidelines, make_chain


@pytest.fixture(scope="module")
def _shared_guidelines(module_data: Callable[..., Any]) -> bool:
    return module_data("guidelines", lambda: load_guidelines() or True) or False


@pytest.fixture
def guidelines(db: None, _shared_guidelines: bool) -> None:
    """The guidelines excerpt (loaded once per module where the module shares data)."""
    if not _shared_guidelines:
        load_guidelines()


@pytest.fixture
def chain(cast: Cast, guidelines: None) -> Chain:
    """Bogotá's 2026 plan: P1.C.1 → goal → activity → indicator → 2026 value."""
    return make_chain(cast.bogota, cast.officer)


@pytest.fixture(autouse=True)
def media(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    """Uploaded files of each test go to a directory of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"

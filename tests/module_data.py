"""A fixture whose records a test module makes once (see ``module_transaction`` in
``tests/conftest.py``), for the modules' own fixtures such as a demo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


def made_once_per_module(name: str, make: Callable[[], object]) -> tuple[Any, Any]:
    """The fixtures ``_made_once`` (module scope) and ``name`` (per test) for a module.

    Assign both in the test module: ``_made_once, demo = made_once_per_module("demo", load)``.
    Where the module shares data, ``make`` runs once inside the module's transaction;
    elsewhere the per-test fixture runs it for each test, as a plain fixture would. One per
    module: the module-scoped fixture has a fixed name so that the per-test one can depend
    on it, which sets it up before the test's own transaction.
    """

    @pytest.fixture(scope="module", name="_made_once")
    def made(module_data: Callable[..., Any]) -> bool:
        return bool(module_data(name, lambda: make() or True))

    @pytest.fixture(name=name)
    def per_test(db: None, _made_once: bool) -> None:
        if not _made_once:
            make()

    per_test.__doc__ = f"The records of {make.__qualname__}, made once per module where it may."
    return made, per_test

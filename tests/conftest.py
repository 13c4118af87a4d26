"""Fixtures shared by the whole suite: the cast of personas and their clients."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import Cast, make_cast, verified_client


@pytest.fixture
def cast(db: None) -> Cast:
    """The units and people described in ``tests/personas.py``."""
    return make_cast()


@pytest.fixture
def as_officer(cast: Cast) -> Client:
    return verified_client(cast.officer)


@pytest.fixture
def as_outsider(cast: Cast) -> Client:
    return verified_client(cast.outsider)


@pytest.fixture
def as_reader(cast: Cast) -> Client:
    return verified_client(cast.reader)


@pytest.fixture
def as_coordinator(cast: Cast) -> Client:
    return verified_client(cast.coordinator)

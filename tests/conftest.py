"""Fixtures shared by the whole suite: the cast of personas and their clients."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.personas import Cast, make_cast, verified_client


@pytest.fixture(autouse=True)
def _language_of_each_test_is_its_own():
    """A request in bokmål leaves bokmål active in the thread; the next test starts afresh."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


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

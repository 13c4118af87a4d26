"""Fixtures shared by the whole suite: the cast of personas and their clients."""

from __future__ import annotations

import os

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


#: Fixtures through which a test reaches the database (``cast`` and the clients use ``db``;
#: a test's fixture names include those of the fixtures it uses, all the way down).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def uses_database(item: pytest.Item) -> bool:
    """Whether the test touches the database (a fixture or the ``django_db`` mark)."""
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & DATABASE_FIXTURES) or item.get_closest_marker("django_db") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the PostgreSQL pass, leave out the tests that never touch a database.

    They ran on the SQLite pass and would give the same result again (the screening
    engine, parsers, tabular writers…); the PostgreSQL pass is there for what the database
    does differently.
    """
    if os.environ.get("WPSDESK_TEST_DB") != "postgresql":
        return
    kept, left = [], []
    for item in items:
        (kept if uses_database(item) else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept

"""Fixtures shared by the whole suite: the cast of personas and their clients."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests import database_template
from tests.personas import Cast, make_cast, verified_client


@pytest.fixture(autouse=True)
def _language_of_each_test_is_its_own():
    """A request in bokmål leaves bokmål active in the thread; the next test starts afresh."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, django_db_blocker: Any
) -> None:
    """With ``WPSDESK_TEST_TEMPLATE``, the worker's database starts as a copy of the migrated
    template (``tests/database_template.py``); the name suffix per worker comes first."""
    template = database_template.template_name()
    if template:
        with django_db_blocker.unblock():
            database_template.start_from_template(template)


@pytest.fixture(scope="session")
def django_db_keepdb(request: pytest.FixtureRequest) -> bool:
    """Keep a database copied from the template: Django would otherwise make it afresh."""
    return bool(request.config.getvalue("reuse_db")) or bool(database_template.template_name())


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
    """On the PostgreSQL pass, leave out the tests that never touch a database, and those
    marked ``database_independent``.

    They ran on the SQLite pass and would give the same result again (the screening
    engine, parsers, tabular writers…); the PostgreSQL pass is there for what the database
    does differently. ``database_independent`` marks the authorization table: its outcome
    is decided by the URL configuration, the decorators and the policy layer's Python rules,
    while the policy layer's queries are tested on PostgreSQL by its own tests, the service
    refusal tests and every app's view tests.
    """
    if os.environ.get("WPSDESK_TEST_DB") != "postgresql":
        return
    kept, left = [], []
    for item in items:
        independent = item.get_closest_marker("database_independent") is not None
        (kept if uses_database(item) and not independent else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept

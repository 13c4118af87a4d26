"""Fixtures shared by the whole suite: the cast of personas and their clients."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import translation

from tests import database_template
from tests.personas import Cast, cast_from_ids, cast_ids, make_cast, verified_client

T = TypeVar("T")


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


#: Per module, the fixtures whose records may be made once for it (``module_data``).
SHARED_FIXTURES = pytest.StashKey[dict[Path, set[str]]]()


@pytest.fixture(scope="module")
def module_transaction(request: pytest.FixtureRequest, django_db_blocker: Any) -> Iterator[bool]:
    """In a module whose tests may share data, a transaction around the whole module, rolled
    back at its end: module-scoped fixtures make their records once inside it, and each test
    still runs in a savepoint of its own. True when it is open.

    Making the cast (eleven records, with their history and devices) cost about 50 ms per
    test, a large part of the suite's time. A fixture's records are made once only in a
    module where every test that reaches the database uses that fixture (so no test sees
    records it would not have had), and no test commits (transactional or live-server
    tests) or points the connection elsewhere (``tests.database_switch``). Elsewhere the
    fixtures make their records per test, as before.
    """
    if not request.config.stash.get(SHARED_FIXTURES, {}).get(request.node.path):
        yield False
        return
    request.getfixturevalue("django_db_setup")
    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        atomic.__enter__()
    try:
        yield True
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def module_data(
    request: pytest.FixtureRequest, module_transaction: bool, django_db_blocker: Any
) -> Callable[[str, Callable[[], T]], T | None]:
    """Make a fixture's records once for the module: ``module_data(name, make)`` runs
    ``make`` inside the module's transaction and returns its result, or None where the
    fixture ``name`` is not shared in this module (see :func:`module_transaction`)."""
    shared = request.config.stash.get(SHARED_FIXTURES, {}).get(request.node.path, set())

    def make(name: str, factory: Callable[[], T]) -> T | None:
        if not module_transaction or name not in shared:
            return None
        with django_db_blocker.unblock():
            return factory()

    return make


@pytest.fixture(scope="module")
def _shared_cast(module_data: Callable[..., Any]) -> dict[str, int] | None:
    return module_data("cast", lambda: cast_ids(make_cast()))


@pytest.fixture
def cast(db: None, _shared_cast: dict[str, int] | None) -> Cast:
    """The units and people described in ``tests/personas.py`` (made once per module where
    the module shares data, then read afresh for each test)."""
    return cast_from_ids(_shared_cast) if _shared_cast else make_cast()


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


#: Fixtures and ``django_db`` options of a test that commits, or resets the database.
COMMITTING_FIXTURES = DATABASE_FIXTURES - {"db"}
COMMITTING_OPTIONS = ("transaction", "reset_sequences", "serialized_rollback")


def commits(item: pytest.Item) -> bool:
    """Whether the test commits to the database (and so cannot run inside another transaction)."""
    if set(getattr(item, "fixturenames", ())) & COMMITTING_FIXTURES:
        return True
    marker = item.get_closest_marker("django_db")
    return marker is not None and any(marker.kwargs.get(o) for o in COMMITTING_OPTIONS)


def switches_database(item: pytest.Item) -> bool:
    """Whether the test's module points the connection elsewhere (``tests.database_switch``)."""
    module = getattr(item, "module", None)
    return (
        any(
            getattr(value, "__module__", None) == "tests.database_switch"
            for value in vars(module).values()
        )
        if module is not None
        else False
    )


#: Fixtures that may make their records once per module.
SHAREABLE = {"cast", "guidelines", "demo"}


def shared_fixtures(items: list[pytest.Item]) -> dict[Path, set[str]]:
    """Per module, the shareable fixtures every test that reaches the database uses; none
    in a module where a test commits or switches the database."""
    shared: dict[Path, set[str]] = {}
    refused: set[Path] = set()
    for item in items:
        if commits(item) or switches_database(item):
            refused.add(item.path)
        if not uses_database(item):
            continue
        names = SHAREABLE & set(getattr(item, "fixturenames", ()))
        shared[item.path] = shared[item.path] & names if item.path in shared else names
    return {path: names for path, names in shared.items() if names and path not in refused}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Note the modules that may share data (``module_transaction``); then, on the PostgreSQL pass,
    leave out the tests that never touch a database, and those marked
    ``database_independent``.
    """
    config.stash[SHARED_FIXTURES] = shared_fixtures(items)
    leave_out_on_postgresql(config, items)


def leave_out_on_postgresql(config: pytest.Config, items: list[pytest.Item]) -> None:
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

"""Point the test database connection somewhere else for one test, and back.

SQLite's test database lives in memory, where threads share one cache and a lock is
refused at once instead of waited for. Tests of locking and of a database that is down
need a real file (with the production settings: WAL, IMMEDIATE transactions, a busy
timeout) or an address where no database answers; PostgreSQL needs only the latter.
"""

from __future__ import annotations

import copy
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connections

PRODUCTION_SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 15,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def is_sqlite() -> bool:
    return connections["default"].vendor == "sqlite"


@contextmanager
def sqlite_file(directory: Path, **options: Any) -> Iterator[Path]:
    """Within: the default connection (of every thread) uses a file copy of the test database.

    Needs a transactional test (nothing may be open on the connection). What is written
    inside stays in the file; the in-memory test database is untouched and comes back.
    """
    connection = connections["default"]
    connection.ensure_connection()
    memory = connection.connection
    path = directory / "wpsdesk.sqlite3"
    target = sqlite3.connect(path)
    memory.backup(target)
    target.close()
    saved = copy.deepcopy(connection.settings_dict)
    # The same dict object serves the connections that other threads open.
    connection.settings_dict["NAME"] = str(path)
    connection.settings_dict["OPTIONS"] = {**PRODUCTION_SQLITE_OPTIONS, **options}
    connection.connection = None
    try:
        yield path
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
        connection.connection = memory


def closed_port() -> int:
    """A local TCP port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def database_down(directory: Path) -> Iterator[None]:
    """Within: every new connection of the default database fails as a stopped database does.

    PostgreSQL: the connection points at a closed port. SQLite (used inside
    :func:`sqlite_file`): the file's directory is gone.
    """
    connection = connections["default"]
    connection.close()
    saved = copy.deepcopy(connection.settings_dict)
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = str(directory / "gone" / "wpsdesk.sqlite3")
    else:
        connection.settings_dict["HOST"] = "127.0.0.1"
        connection.settings_dict["PORT"] = closed_port()
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
